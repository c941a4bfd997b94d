/**
 * `compute` with its answers remembered by key, at most `limit` of them (the memory starts over when
 * full): for pure functions on a hot path whose keys may come from clients. `remember` leaves some
 * keys out (say, long ones). `compute` never answers undefined.
 */
export function boundedMemo<V>(limit: number, compute: (key: string) => V, remember?: (key: string) => boolean): (key: string) => V {
  const known = new Map<string, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      if (!remember || remember(key)) {
        if (known.size >= limit) known.clear();
        known.set(key, value);
      }
    }
    return value;
  };
}
