// Formatting helpers. Pure (the current time is passed in).

export function relativeTime(iso: string | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((time - now) / 1000);
  const abs = Math.abs(seconds);
  const units: Array<[number, Intl.RelativeTimeFormatUnit]> = [
    [60, 'second'],
    [3600, 'minute'],
    [86_400, 'hour'],
    [86_400 * 30, 'day'],
    [86_400 * 365, 'month'],
  ];
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (abs < 45) return seconds <= 0 ? 'just now' : 'in a few seconds';
  let divisor = 1;
  for (const [limit, unit] of units) {
    if (abs < limit) return format.format(Math.round(seconds / divisor), unit);
    divisor = limit;
  }
  return format.format(Math.round(seconds / (86_400 * 365)), 'year');
}

export function dateTime(iso: string | undefined): string {
  if (!iso) return '';
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString();
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}
