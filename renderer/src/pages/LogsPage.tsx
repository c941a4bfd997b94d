import { useCallback, useMemo, useState } from 'react';
import type { LogEntryView, LogLevelName } from '../../../shared/api';
import { api, errorText } from '../api/client';
import { useDebounced, useResource } from '../api/hooks';
import { SearchInput } from '../components/SearchInput';
import { Alert, Button, EmptyState, Loading, Page } from '../components/ui';
import { VirtualList } from '../components/VirtualList';

const LEVELS: Array<{ id: LogLevelName; label: string }> = [
  { id: 'debug', label: 'Debug' },
  { id: 'info', label: 'Info' },
  { id: 'warn', label: 'Warnings' },
  { id: 'error', label: 'Errors' },
];

/** The hub's own log (not a server's stderr), newest first, refreshed every 3 s. */
export function LogsPage() {
  const [level, setLevel] = useState<LogLevelName>('info');
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query, 150);
  const logs = useResource((signal) => api.logs({ level, limit: 1000 }, signal), `logs:${level}`, 3000);
  const entries = useMemo(() => {
    const words = debounced.toLowerCase().split(/\s+/).filter(Boolean);
    const list = [...(logs.data ?? [])].sort((a, b) => b.time.localeCompare(a.time));
    if (words.length === 0) return list;
    return list.filter((entry) => {
      const text = `${entry.message} ${JSON.stringify(entry.fields)}`.toLowerCase();
      return words.every((word) => text.includes(word));
    });
  }, [logs.data, debounced]);
  const render = useCallback((entry: LogEntryView) => <LogRow entry={entry} />, []);
  return (
    <Page title="Logs" subtitle="What the hub did: connections, restarts, calls and errors.">
      <div className="toolbar">
        <SearchInput value={query} onChange={setQuery} placeholder="Search messages" label="Search the log" />
        <div className="chips" role="radiogroup" aria-label="Minimum level">
          {LEVELS.map((item) => (
            <button key={item.id} type="button" role="radio" aria-checked={level === item.id} className="chip" onClick={() => setLevel(item.id)}>
              {item.label}
            </button>
          ))}
        </div>
      </div>
      {logs.error !== undefined && (
        <Alert tone="danger" title="Could not load the log" action={<Button onClick={logs.reload}>Try again</Button>}>
          {errorText(logs.error)}
        </Alert>
      )}
      {logs.loading && !logs.data && <Loading label="Loading the log…" />}
      {logs.data && entries.length === 0 && (
        <EmptyState icon="logs" title={debounced ? 'No entries match' : 'Nothing logged at this level'}>
          {debounced ? `No message contains “${debounced}”.` : level === 'error' ? 'No errors so far. Good.' : 'Choose a lower level to see more.'}
        </EmptyState>
      )}
      {entries.length > 0 && <VirtualList className="log-list" items={entries} getKey={logKey} renderItem={render} estimateHeight={34} label="Log entries" />}
    </Page>
  );
}

const logKey = (entry: LogEntryView): string => `${entry.time}|${entry.level}|${entry.message}|${JSON.stringify(entry.fields)}`;

function LogRow({ entry }: { entry: LogEntryView }) {
  const fields = Object.entries(entry.fields);
  return (
    <div className={`log-row log-${entry.level}`}>
      <time className="log-time" dateTime={entry.time} title={entry.time}>
        {new Date(entry.time).toLocaleTimeString()}
      </time>
      <span className={`log-level log-level-${entry.level}`}>{entry.level}</span>
      <span className="log-message">
        {entry.message}
        {fields.map(([key, value]) => (
          <span key={key} className="log-field">
            {key}=<span>{typeof value === 'string' ? value : JSON.stringify(value)}</span>
          </span>
        ))}
      </span>
    </div>
  );
}
