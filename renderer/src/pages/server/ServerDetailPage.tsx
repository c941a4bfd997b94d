import { useEffect, useState } from 'react';
import type { ServerDetail, ServerView } from '../../../../shared/api';
import { ApiError, api, errorText } from '../../api/client';
import { useHub } from '../../api/hubData';
import { useAction, useResource } from '../../api/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorTail } from '../../components/ErrorTail';
import { Icon } from '../../components/Icon';
import { Tabs } from '../../components/Tabs';
import type { TabDef } from '../../components/Tabs';
import { Alert, Button, EmptyState, Loading, Page, Pill, Switch } from '../../components/ui';
import { Link, navigate } from '../../lib/router';
import { STATUS_LABEL, STATUS_TONE, stateDetail, transportKind, transportSummary } from '../../lib/servers';
import { HowToUseTab } from './HowToUseTab';
import { PromptsTab, ResourcesTab } from './ItemTabs';
import { ServerLogsTab } from './ServerLogsTab';
import { ToolsTab } from './ToolsTab';
import { EditServerDialog } from './EditServerDialog';
import { OpenApiTab } from '../openapi/OpenApiTab';
// ui3: upstream auth status, usage stats and collaborators
import { hasAuthAction, ServerAuthCard } from '../auth/ServerAuthCard';
import { CollaboratorsPanel } from '../access/CollaboratorsPanel';
import { ServerStats } from '../access/ServerStats';
import { allows, useMyActions } from '../access/useMyActions';

type TabId = 'tools' | 'api' | 'prompts' | 'resources' | 'logs' | 'usage' | 'access';
const TAB_IDS: TabId[] = ['tools', 'api', 'prompts', 'resources', 'logs', 'usage', 'access'];

/** What in a polled ServerView means the detail (tools, prompts...) may have changed. */
function stateKey(server: ServerView | undefined): string {
  if (!server) return '';
  const { state } = server;
  const extra = state.status === 'running' ? state.since : state.status === 'starting' || state.status === 'error' ? String(state.attempt) : '';
  return `${state.status}:${extra}:${server.updatedAt}:${server.toolCount ?? ''}`;
}

export function ServerDetailPage({ name, tab }: { name: string; tab: string | undefined }) {
  const active: TabId = TAB_IDS.includes(tab as TabId) ? (tab as TabId) : 'tools';
  const { servers } = useHub();
  const live = servers.data?.find((server) => server.name === name);
  const detail = useResource((signal) => api.server(name, signal), `detail:${name}`);
  const liveKey = stateKey(live);
  const { reload } = detail;
  useEffect(() => {
    if (liveKey) reload();
  }, [liveKey, reload]);

  if (detail.error instanceof ApiError && detail.error.code === 'NOT_FOUND') {
    return (
      <Page title={name} back={<BackLink />}>
        <EmptyState icon="servers" title={`No server named “${name}”`} action={<Button onClick={() => navigate('/servers')}>Back to servers</Button>}>
          It may have been removed (from another window or the CLI).
        </EmptyState>
      </Page>
    );
  }
  const data = detail.data;
  if (!data) {
    return (
      <Page title={name} back={<BackLink />}>
        {detail.error ? (
          <Alert tone="danger" title="Could not load this server" action={<Button onClick={detail.reload}>Try again</Button>}>
            {errorText(detail.error)}
          </Alert>
        ) : (
          <Loading label={`Loading ${name}…`} />
        )}
      </Page>
    );
  }
  // The polled state is fresher than the detail's.
  const server: ServerDetail = live ? { ...data, ...live, tools: data.tools, toolCount: live.toolCount ?? data.toolCount } : data;
  const openapi = server.transport.type === 'openapi';
  const tabs: Array<TabDef<TabId>> = [
    { id: 'tools', label: 'Tools', count: server.tools.length },
    ...(openapi ? [{ id: 'api' as const, label: 'REST API' }] : []),
    { id: 'prompts', label: 'Prompts', count: server.prompts.length },
    { id: 'resources', label: 'Resources', count: server.resources.length + server.resourceTemplates.length },
    { id: 'logs', label: 'Logs' },
    { id: 'usage', label: 'How To Use' },
    { id: 'access', label: 'Access' }, // ui3
  ];
  return (
    <Page
      back={<BackLink />}
      title={
        <span className="detail-title">
          {server.name}
          <Pill tone={STATUS_TONE[server.state.status]} title={stateDetail(server.state)}>
            {STATUS_LABEL[server.state.status]}
          </Pill>
        </span>
      }
      subtitle={
        <span className="detail-sub">
          <span className="server-kind">{transportKind(server.transport)}</span>
          <code title={transportSummary(server.transport)}>{transportSummary(server.transport)}</code>
        </span>
      }
      actions={<DetailActions server={server} onChanged={detail.reload} />}
    >
      {server.description && <p className="detail-description">{server.description}</p>}
      <StateBanner server={server} />
      <ServerAuthCard server={server} />
      <ServerStats name={server.name} refreshKey={liveKey} />
      <Tabs tabs={tabs} active={active} label={`${server.name} sections`} onChange={(id) => navigate(`/servers/${encodeURIComponent(name)}${id === 'tools' ? '' : `/${id}`}`, { replace: true })} />
      <div className="tab-panel" role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`}>
        {active === 'tools' && <ToolsTab server={server} />}
        {active === 'api' && openapi && <OpenApiTab server={server.name} onChanged={detail.reload} />}
        {active === 'prompts' && <PromptsTab server={server} />}
        {active === 'resources' && <ResourcesTab server={server} />}
        {active === 'logs' && <ServerLogsTab server={server.name} initial={server.stderr} />}
        {active === 'usage' && <HowToUseTab server={server} />}
        {active === 'access' && <CollaboratorsPanel kind="server" name={server.name} />}
      </div>
    </Page>
  );
}

function BackLink() {
  return (
    <Link to="/servers" className="back-link">
      <Icon name="chevronLeft" size={14} />
      Servers
    </Link>
  );
}

function StateBanner({ server }: { server: ServerDetail }) {
  const { state } = server;
  if (state.status === 'error') {
    return (
      <Alert tone="danger" title="This server is not working">
        <div>{state.message}</div>
        <ErrorTail server={server.name} attempt={state.attempt} lines={8} />
        {state.retryAt && <div className="muted">Patchbay retries automatically; you can also press Restart.</div>}
      </Alert>
    );
  }
  if (state.status === 'needs-auth') return hasAuthAction(server.auth) ? null : <Alert tone="warning" title="Sign-in needed">{state.message}</Alert>; // ui3: the auth card says it
  if (state.status === 'disabled') return <Alert tone="info" title="This server is turned off">Its tools are hidden from clients. Turn it on with the switch above to connect.</Alert>;
  if (state.status === 'starting') return <Alert tone="info" title="Connecting…">{stateDetail(state)} Tools appear here once the server is running.</Alert>;
  return null;
}

function DetailActions({ server, onChanged }: { server: ServerView; onChanged: () => void }) {
  const { servers } = useHub();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [editing, setEditing] = useState(false);
  const transport = server.transport;
  const restart = useAction(() => api.restartServer(server.name));
  const toggle = useAction((enabled: boolean) => api.updateServer(server.name, { enabled }));
  const remove = useAction(() => api.deleteServer(server.name));
  const error = restart.error ?? toggle.error;
  const mine = useMyActions('server', server.name); // ui3: hide what the caller's role does not allow
  if (!allows(mine, 'edit') && !allows(mine, 'delete')) return null;
  return (
    <>
      <label className="inline-switch">
        <Switch
          checked={server.enabled}
          disabled={toggle.pending}
          label={`${server.enabled ? 'Disable' : 'Enable'} ${server.name}`}
          onChange={(enabled) =>
            void toggle.run(enabled).then((result) => {
              if (result) {
                servers.reload();
                onChanged();
              }
            })
          }
        />
        <span>{server.enabled ? 'Enabled' : 'Disabled'}</span>
      </label>
      <Button icon="refresh" busy={restart.pending} disabled={!server.enabled} onClick={() => void restart.run().then(() => { servers.reload(); onChanged(); })}>
        Restart
      </Button>
      {transport.type !== 'openapi' && (
        <Button icon="edit" onClick={() => setEditing(true)} aria-label={`Edit ${server.name}`}>
          Edit
        </Button>
      )}
      {editing && transport.type !== 'openapi' && (
        <EditServerDialog
          server={{ ...server, transport }}
          onClose={() => setEditing(false)}
          onSaved={() => {
            servers.reload();
            onChanged();
          }}
        />
      )}
      <Button variant="ghost" icon="trash" onClick={() => setConfirmDelete(true)} aria-label={`Remove ${server.name}`}>
        Remove
      </Button>
      {error !== undefined && (
        <div className="action-error" role="alert">
          {errorText(error)}
        </div>
      )}
      <Dialog
        open={confirmDelete}
        title={`Remove ${server.name}?`}
        submitLabel="Remove server"
        submitVariant="danger"
        busy={remove.pending}
        onClose={() => {
          setConfirmDelete(false);
          remove.clearError();
        }}
        onSubmit={() =>
          void remove.run().then((result) => {
            if (result === undefined) return;
            servers.reload();
            navigate('/servers');
          })
        }
      >
        <p>
          Clients lose its tools at once, and its stored secrets are deleted. <code>/mcp/{server.name}</code> stops answering.
        </p>
        {remove.error !== undefined && <Alert tone="danger">{errorText(remove.error)}</Alert>}
      </Dialog>
    </>
  );
}
