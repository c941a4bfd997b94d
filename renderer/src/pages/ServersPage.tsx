import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ServerView } from '../../../shared/api';
import { api, errorText } from '../api/client';
import { useHub } from '../api/hubData';
import { useDebounced } from '../api/hooks';
import { Icon } from '../components/Icon';
import { SearchInput } from '../components/SearchInput';
import { ErrorTail } from '../components/ErrorTail';
import { Alert, Button, EmptyState, Loading, Page, Pill, Switch } from '../components/ui';
import { VirtualList } from '../components/VirtualList';
import { plural } from '../lib/format';
import { Link, navigate } from '../lib/router';
import { filterServers, STATUS_LABEL, STATUS_TONE, stateDetail, statusCounts, transportKind, transportSummary } from '../lib/servers';
import type { StatusFilter } from '../lib/servers';

const FILTERS: Array<{ id: StatusFilter; label: string }> = [
  { id: 'all', label: 'All' },
  { id: 'running', label: 'Running' },
  { id: 'problems', label: 'Problems' },
  { id: 'disabled', label: 'Disabled' },
];

export function ServersPage() {
  const { servers } = useHub();
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<StatusFilter>('all');
  const [toggleError, setToggleError] = useState<string | undefined>();
  const debounced = useDebounced(query, 120);
  const searchRef = useRef<HTMLInputElement>(null);
  const all = servers.data;
  const visible = useMemo(() => (all ? filterServers(all, debounced, filter) : []), [all, debounced, filter]);
  const counts = useMemo(() => (all ? statusCounts(all) : undefined), [all]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement | null;
      if (event.key === '/' && !(target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable))) {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const { override, reload } = servers;
  const toggle = useCallback(
    (server: ServerView, enabled: boolean) => {
      setToggleError(undefined);
      override(server, { enabled, state: enabled ? { status: 'starting', attempt: 1 } : { status: 'disabled' } });
      api.updateServer(server.name, { enabled }).then(
        () => reload(),
        (error: unknown) => {
          override(server, undefined);
          setToggleError(`Could not turn ${server.name} ${enabled ? 'on' : 'off'}: ${errorText(error)}`);
        },
      );
    },
    [override, reload],
  );

  const running = counts?.running ?? 0;
  const renderRow = useCallback((server: ServerView) => <ServerRow server={server} onToggle={toggle} />, [toggle]);

  return (
    <Page
      title="Servers"
      subtitle={all ? `${plural(all.length, 'server')} · ${running} running` : 'Your upstream MCP servers'}
      actions={
        <Button variant="primary" icon="plus" onClick={() => navigate('/add')}>
          Add MCP Server
        </Button>
      }
    >
      {servers.error !== undefined && all && <Alert tone="warning" title="Live status paused">{errorText(servers.error)} Showing the last known state.</Alert>}
      {toggleError && <Alert tone="danger" action={<Button size="sm" variant="ghost" onClick={() => setToggleError(undefined)}>Dismiss</Button>}>{toggleError}</Alert>}
      {!all && servers.loading && <Loading label="Loading servers…" />}
      {!all && servers.error !== undefined && !servers.loading && (
        <Alert tone="danger" title="Could not load the servers" action={<Button onClick={servers.reload}>Try again</Button>}>
          {errorText(servers.error)}
        </Alert>
      )}
      {all && all.length === 0 && (
        <EmptyState icon="servers" title="No MCP servers yet" action={<AddChoices />}>
          Add the servers your tools live in. Patchbay keeps them connected and serves them to every IDE and agent through one endpoint.
        </EmptyState>
      )}
      {all && all.length > 0 && (
        <>
          <div className="toolbar">
            <SearchInput ref={searchRef} value={query} onChange={setQuery} placeholder="Search servers   ( / )" label="Search servers" />
            <div className="chips" role="radiogroup" aria-label="Filter by status">
              {FILTERS.map((item) => (
                <button key={item.id} type="button" role="radio" aria-checked={filter === item.id} className="chip" onClick={() => setFilter(item.id)}>
                  {item.label}
                  <span className="chip-count">{counts?.[item.id] ?? 0}</span>
                </button>
              ))}
            </div>
          </div>
          {visible.length === 0 ? (
            <EmptyState
              icon="search"
              title="No servers match"
              action={
                <Button
                  onClick={() => {
                    setQuery('');
                    setFilter('all');
                  }}
                >
                  Clear search and filter
                </Button>
              }
            >
              Nothing matches {debounced ? <strong>“{debounced}”</strong> : 'this filter'}
              {filter !== 'all' ? ` among ${FILTERS.find((item) => item.id === filter)?.label.toLowerCase()} servers` : ''}.
            </EmptyState>
          ) : (
            <VirtualList className="server-list" items={visible} getKey={serverKey} renderItem={renderRow} estimateHeight={72} label="Servers" />
          )}
        </>
      )}
    </Page>
  );
}

const serverKey = (server: ServerView): string => server.id;

function AddChoices() {
  return (
    <div className="button-row">
      <Button variant="primary" icon="grid" onClick={() => navigate('/add/catalog')}>
        Browse official servers
      </Button>
      <Button icon="globe" onClick={() => navigate('/add/remote')}>
        Remote URL
      </Button>
      <Button icon="terminal" onClick={() => navigate('/add/stdio')}>
        Local command
      </Button>
    </div>
  );
}

function ServerRow({ server, onToggle }: { server: ServerView; onToggle: (server: ServerView, enabled: boolean) => void }) {
  const { state } = server;
  return (
    <div className={`server-row ${state.status === 'error' ? 'server-row-error' : ''}`} data-server={server.name} data-status={state.status}>
      <div className={`server-icon server-icon-${server.transport.type}`} aria-hidden="true">
        <Icon name={server.transport.type === 'stdio' ? 'terminal' : 'globe'} size={18} />
      </div>
      <div className="server-main">
        <div className="server-title">
          <Link to={`/servers/${encodeURIComponent(server.name)}`} className="server-name stretched">
            {server.name}
          </Link>
          <span className="server-kind">{transportKind(server.transport)}</span>
        </div>
        <div className="server-sub" title={transportSummary(server.transport)}>
          {server.description ? server.description : <code>{transportSummary(server.transport)}</code>}
        </div>
        {(state.status === 'error' || state.status === 'needs-auth') && (
          <div className="server-problem">
            <span className="server-problem-message">{state.message}</span>
            {state.status === 'error' && <ErrorTail server={server.name} attempt={state.attempt} lines={2} />}
          </div>
        )}
      </div>
      <div className="server-meta">
        {state.status === 'needs-auth' ? (
          // ui3: the "needs auth" pill leads to the server's Connect / My own key action.
          <Link to={`/servers/${encodeURIComponent(server.name)}?connect=1`} className="pill-link" title={`${state.message} Click to connect.`}>
            <Pill tone={STATUS_TONE[state.status]}>{STATUS_LABEL[state.status]}</Pill>
          </Link>
        ) : (
          <Pill tone={STATUS_TONE[state.status]} title={stateDetail(state)}>
            {STATUS_LABEL[state.status]}
          </Pill>
        )}
        <span className="server-tools">{server.toolCount !== undefined ? plural(server.toolCount, 'tool') : '—'}</span>
      </div>
      <div className="server-actions">
        <Switch checked={server.enabled} onChange={(enabled) => onToggle(server, enabled)} label={`${server.enabled ? 'Disable' : 'Enable'} ${server.name}`} />
        <Icon name="chevronRight" className="row-chevron" />
      </div>
    </div>
  );
}
