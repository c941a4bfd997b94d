// Server detail: call counts, error rate and median duration over the last 7 days (from the audit log).
import { accessApi } from '../../api/accessApi';
import { useResource } from '../../api/hooks';
import { formatDuration, percent } from '../../lib/auditView';
import { relativeTime } from '../../lib/format';
import { Link } from '../../lib/router';

export function ServerStats({ name, refreshKey }: { name: string; refreshKey?: string }) {
  const stats = useResource((signal) => accessApi.stats(name, '7d', signal), `stats:${name}:${refreshKey ?? ''}`, 15_000);
  const data = stats.data;
  // Stats are a nicety: without them (no role to see them, an old hub) the page just goes without.
  if (!data) return null;
  return (
    <div className="stats-strip" aria-label="Usage in the last 7 days" data-testid="server-stats">
      <Stat label={data.calls === 1 ? 'call in 7 days' : 'calls in 7 days'} value={data.calls.toLocaleString()} />
      <Stat label="errors" value={data.calls ? percent(data.errorRate) : '—'} tone={data.errorRate >= 0.1 ? 'bad' : undefined} />
      <Stat label="median" value={data.p50DurationMs !== undefined ? formatDuration(data.p50DurationMs) : '—'} />
      <Stat label="last call" value={data.lastCallAt ? relativeTime(data.lastCallAt) : 'never'} />
      <Link to={`/audit?server=${encodeURIComponent(name)}`} className="stats-link" aria-label={`Audit log of ${name}`}>
        Audit log →
      </Link>
    </div>
  );
}

function Stat({ label, value, tone }: { label: string; value: string; tone?: 'bad' }) {
  return (
    <div className={`stat ${tone === 'bad' ? 'stat-bad' : ''}`}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}
