// How the audit log screen reads: sizes, durations, times, outcomes and the time-range choices. Pure.
import type { AuditOutcome } from '../../../shared/api';
import type { Tone } from './servers';

export const OUTCOME_LABEL: Record<AuditOutcome, string> = { ok: 'OK', tool_error: 'Tool error', error: 'Error' };
export const OUTCOME_TONE: Record<AuditOutcome, Tone> = { ok: 'success', tool_error: 'warning', error: 'danger' };

export type RangeId = '1h' | '24h' | '7d' | '30d' | 'all' | 'custom';
export const RANGES: Array<{ id: RangeId; label: string }> = [
  { id: '1h', label: 'Last hour' },
  { id: '24h', label: 'Last 24 hours' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: 'all', label: 'All time' },
  { id: 'custom', label: 'Custom range…' },
];

/**
 * The API's since/until for a range. Custom bounds are `datetime-local` values (local time, no
 * zone); an empty bound is open. Returns an error message for an impossible range.
 */
export function rangeBounds(range: RangeId, from: string, to: string): { since?: string; until?: string } | { error: string } {
  if (range === 'all') return {};
  if (range !== 'custom') return { since: range };
  const since = from ? new Date(from) : undefined;
  const until = to ? new Date(to) : undefined;
  if (since && Number.isNaN(since.getTime())) return { error: 'The start of the range is not a date and time.' };
  if (until && Number.isNaN(until.getTime())) return { error: 'The end of the range is not a date and time.' };
  if (since && until && since > until) return { error: 'The range ends before it starts: swap the two times.' };
  return { ...(since && { since: since.toISOString() }), ...(until && { until: until.toISOString() }) };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatDuration(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "14:03:12" today, "Jul 28, 14:03" otherwise. */
export function formatAuditTime(iso: string, now: Date = new Date()): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  const today = time.toDateString() === now.toDateString();
  return today
    ? time.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : time.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function percent(rate: number): string {
  if (rate === 0) return '0%';
  if (rate < 0.001) return '<0.1%';
  return `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)}%`;
}
