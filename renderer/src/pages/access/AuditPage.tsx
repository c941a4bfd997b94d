// The audit log: every tool call through the hub (who, with which token and client, which server and
// tool, how long, how it ended), filtered on the hub, newest first, in a windowed list; export as
// JSON lines; the owner's audit settings. Refreshed every 5 s while visible.
import { useCallback, useMemo, useState } from 'react';
import type { AuditEntry, AuditOutcome } from '../../../../shared/api';
import { accessApi } from '../../api/accessApi';
import type { AuditFilters } from '../../api/accessApi';
import { errorText } from '../../api/client';
import { useDebounced, useResource } from '../../api/hooks';
import { useHub } from '../../api/hubData';
import { Alert, Button, EmptyState, Loading, Page, Select, TextInput } from '../../components/ui';
import { VirtualList } from '../../components/VirtualList';
import { RANGES, rangeBounds } from '../../lib/auditView';
import { useSearchParam } from '../../lib/router';
import type { RangeId } from '../../lib/auditView';
import { AuditDetailsDialog, AuditRow, AuditSettingsDialog } from './AuditParts';

const OUTCOMES: Array<{ id: AuditOutcome | 'all'; label: string }> = [
  { id: 'all', label: 'All' },
  { id: 'ok', label: 'OK' },
  { id: 'tool_error', label: 'Tool errors' },
  { id: 'error', label: 'Errors' },
];
const PAGE = 1000;

export function AuditPage() {
  const { servers } = useHub();
  const me = useResource((signal) => accessApi.me(signal), 'access:me');
  const owner = me.data?.owner === true;
  const users = useResource((signal) => (owner ? accessApi.users(signal) : Promise.resolve([])), `audit-users:${owner}`);
  const initialServer = useSearchParam('server');
  const [server, setServer] = useState(initialServer ?? '');
  const [user, setUser] = useState('');
  const [tool, setTool] = useState('');
  const [outcome, setOutcome] = useState<AuditOutcome | 'all'>('all');
  const [range, setRange] = useState<RangeId>('24h');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const [selected, setSelected] = useState<AuditEntry | undefined>();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const debouncedTool = useDebounced(tool.trim(), 250);
  const debouncedUser = useDebounced(user.trim(), 250);
  const bounds = rangeBounds(range, from, to);
  const filters: AuditFilters | undefined =
    'error' in bounds ? undefined : { server: server || undefined, user: debouncedUser || undefined, tool: debouncedTool || undefined, outcome: outcome === 'all' ? undefined : outcome, ...bounds, limit };
  const key = `audit:${JSON.stringify(filters ?? null)}`;
  const audit = useResource((signal) => (filters ? accessApi.audit(filters, signal) : Promise.resolve([])), key, 5000);
  const entries = audit.data ?? [];
  const tools = useMemo(() => [...new Set(entries.map((entry) => entry.tool))].sort(), [entries]);
  const filtered = Boolean(server || debouncedUser || debouncedTool || outcome !== 'all' || (range !== 'all' && range !== '24h'));
  const clear = (): void => {
    setServer('');
    setUser('');
    setTool('');
    setOutcome('all');
    setRange('all');
  };
  const render = useCallback((entry: AuditEntry) => <AuditRow entry={entry} onOpen={setSelected} />, []);

  return (
    <Page
      title="Audit log"
      subtitle="Every tool call through the hub: who made it, where it went and how it ended."
      actions={
        <>
          {owner && (
            <Button icon="settings" onClick={() => setSettingsOpen(true)}>
              Audit settings
            </Button>
          )}
          <a className="btn btn-secondary" href={filters ? accessApi.auditExportUrl(filters) : undefined} download="patchbay-audit.jsonl" aria-disabled={!filters} data-testid="audit-export" title="All calls matching the filters, oldest first, one JSON object per line">
            <span>Export JSON lines</span>
          </a>
        </>
      }
    >
      <div className="toolbar audit-filters" role="group" aria-label="Filter the audit log">
        <Select aria-label="Server" value={server} onChange={(event) => setServer(event.target.value)}>
          <option value="">All servers</option>
          {(servers.data ?? []).map((item) => (
            <option key={item.id} value={item.name}>
              {item.name}
            </option>
          ))}
        </Select>
        {owner && users.data && users.data.length > 0 ? (
          <Select aria-label="User" value={user} onChange={(event) => setUser(event.target.value)}>
            <option value="">All users</option>
            {users.data.map((item) => (
              <option key={item.id} value={item.name}>
                {item.name}
              </option>
            ))}
          </Select>
        ) : (
          <TextInput aria-label="User" value={user} placeholder="User" onChange={(event) => setUser(event.target.value)} />
        )}
        <TextInput aria-label="Tool" list="audit-tools" value={tool} placeholder="Tool (exact name)" onChange={(event) => setTool(event.target.value)} onKeyDown={(event) => event.key === 'Escape' && setTool('')} />
        <datalist id="audit-tools">
          {tools.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <Select aria-label="Time range" value={range} onChange={(event) => setRange(event.target.value as RangeId)}>
          {RANGES.map((item) => (
            <option key={item.id} value={item.id}>
              {item.label}
            </option>
          ))}
        </Select>
        {range === 'custom' && (
          <>
            <TextInput type="datetime-local" aria-label="From" value={from} onChange={(event) => setFrom(event.target.value)} />
            <TextInput type="datetime-local" aria-label="To" value={to} onChange={(event) => setTo(event.target.value)} />
          </>
        )}
        <div className="chips" role="radiogroup" aria-label="Outcome">
          {OUTCOMES.map((item) => (
            <button key={item.id} type="button" role="radio" aria-checked={outcome === item.id} className="chip" onClick={() => setOutcome(item.id)}>
              {item.label}
            </button>
          ))}
        </div>
      </div>
      {'error' in bounds && <Alert tone="warning">{bounds.error}</Alert>}
      {audit.error !== undefined && (
        <Alert tone="danger" title="Could not load the audit log" action={<Button onClick={audit.reload}>Try again</Button>}>
          {errorText(audit.error)}
        </Alert>
      )}
      {audit.loading && !audit.data && <Loading label="Loading the audit log…" />}
      {audit.data && entries.length === 0 && (
        <EmptyState icon="logs" title={filtered ? 'No calls match' : 'No tool calls yet'} action={filtered ? <Button onClick={clear}>Clear the filters</Button> : undefined}>
          {filtered
            ? 'Nothing matches these filters. The tool filter takes the exact tool name.'
            : `${range === '24h' ? 'None in the last 24 hours. ' : ''}Calls from clients, the playground and “Try it” appear here as they happen.`}
        </EmptyState>
      )}
      {entries.length > 0 && (
        <div className="audit-scroll">
          <div className="audit-table">
            <div className="audit-grid audit-head" aria-hidden="true">
              <span>Time</span>
              <span>Caller</span>
              <span>Server</span>
              <span>Tool</span>
              <span className="num">Duration</span>
              <span>Outcome</span>
              <span>Error</span>
              <span className="num">In → out</span>
            </div>
            <VirtualList className="audit-list" items={entries} getKey={auditKey} renderItem={render} estimateHeight={50} label="Audit entries" />
          </div>
        </div>
      )}
      {entries.length >= limit && (
        <div className="toolbar-note">
          Showing the newest {limit.toLocaleString()} calls.{' '}
          {limit < 10 * PAGE ? (
            <Button size="sm" variant="ghost" onClick={() => setLimit(10 * PAGE)}>
              Show up to {(10 * PAGE).toLocaleString()}
            </Button>
          ) : (
            'Narrow the filters or export them all.'
          )}
        </div>
      )}
      <AuditDetailsDialog entry={selected} onClose={() => setSelected(undefined)} />
      {settingsOpen && <AuditSettingsDialog onClose={() => setSettingsOpen(false)} />}
    </Page>
  );
}

const auditKey = (entry: AuditEntry): string => String(entry.id);
