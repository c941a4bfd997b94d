import { useState } from 'react';
import type { ClientStatusView } from '../../../../shared/api';
import { errorText } from '../../api/client';
import { clientsApi } from '../../api/clientsApi';
import { useResource } from '../../api/hooks';
import { Alert, Button, Loading, Page, Pill, Tag } from '../../components/ui';
import { plural } from '../../lib/format';
import { ConnectDialog, DisconnectDialog } from './ConnectDialogs';
import { ImportDialog } from './ImportDialog';

type Action = { kind: 'connect' | 'disconnect' | 'import'; client: ClientStatusView };

/** The doctor table: each client Patchbay can configure, whether it is set up, and one-click fixes. */
export function ClientsPage() {
  const clients = useResource((signal) => clientsApi.doctor(signal), 'clients');
  const [action, setAction] = useState<Action | undefined>();
  const list = clients.data ?? [];
  const connected = list.filter((client) => client.connected).length;
  const close = (): void => {
    setAction(undefined);
    clients.reload();
  };
  return (
    <Page
      title="Connect clients"
      subtitle={clients.data ? `${connected} of ${plural(list.length, 'client')} connected to this hub` : 'IDEs and agents that use the hub'}
      actions={
        <Button icon="refresh" onClick={clients.reload} busy={clients.loading && clients.data !== undefined}>
          Check again
        </Button>
      }
    >
      <p className="muted page-lead">
        Connect writes a Patchbay entry (with its own hub token) into the client's MCP config file; a backup of the file is kept. Disconnect removes exactly that entry and revokes its token. Files are those of the user running the hub.
      </p>
      {clients.loading && !clients.data && <Loading label="Checking clients…" />}
      {clients.error !== undefined && (
        <Alert tone="danger" title="Could not check the clients" action={<Button onClick={clients.reload}>Try again</Button>}>
          {errorText(clients.error)}
        </Alert>
      )}
      {list.length > 0 && (
        <div className="table-wrap">
          <table className="table clients-table">
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">Config file</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((client) => (
                <ClientRow key={client.client} client={client} onAction={(kind) => setAction({ kind, client })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {action?.kind === 'connect' && <ConnectDialog client={action.client} onClose={close} />}
      {action?.kind === 'disconnect' && <DisconnectDialog client={action.client} onClose={close} />}
      {action?.kind === 'import' && <ImportDialog client={action.client} onClose={close} />}
    </Page>
  );
}

function ClientRow({ client, onAction }: { client: ClientStatusView; onAction: (kind: Action['kind']) => void }) {
  const entries = client.files.flatMap((file) => file.hubEntries);
  const problems = [...client.problems, ...entries.flatMap((entry) => entry.problems)];
  const others = client.files.reduce((sum, file) => sum + file.serverCount, 0) - entries.length;
  const status = client.connected ? { label: 'Connected', tone: 'success' as const } : entries.length > 0 ? { label: 'Needs attention', tone: 'warning' as const } : client.installed ? { label: 'Not connected', tone: 'neutral' as const } : { label: 'Not installed', tone: 'neutral' as const };
  return (
    <tr data-client={client.client} data-connected={client.connected}>
      <td className="client-cell">
        <div className="strong">{client.displayName}</div>
        <div className="muted client-sub">{client.installed ? 'Installed' : 'Not found on this machine'}</div>
      </td>
      <td className="client-files">
        {client.files.map((file) => (
          <div key={`${file.scope}:${file.path}`} className="client-file">
            <code title={file.path}>{file.path}</code>
            <span className="muted">
              {file.scope === 'project' ? 'project · ' : ''}
              {file.error ? <span className="field-warn">cannot be read: {file.error}</span> : file.exists ? plural(file.serverCount, 'server') : 'no file yet'}
            </span>
            {file.hubEntries.map((entry) => (
              <div key={entry.name} className="client-entry">
                <Tag>{entry.name}</Tag>
                <span className="muted">token {entry.token}{entry.tokenName ? ` (${entry.tokenName})` : ''}</span>
              </div>
            ))}
          </div>
        ))}
      </td>
      <td className="client-status">
        <Pill tone={status.tone}>{status.label}</Pill>
        {problems.map((problem) => (
          <div key={`${problem.code}:${problem.message}`} className="client-problem" data-problem={problem.code}>
            {problem.message}
          </div>
        ))}
      </td>
      <td className="cell-actions">
        <div className="button-row client-actions">
          <Button size="sm" variant={client.connected ? 'secondary' : 'primary'} onClick={() => onAction('connect')} aria-label={`Connect ${client.displayName}`}>
            {client.connected ? 'Reconnect' : 'Connect'}
          </Button>
          {entries.length > 0 && (
            <Button size="sm" variant="ghost" onClick={() => onAction('disconnect')} aria-label={`Disconnect ${client.displayName}`}>
              Disconnect
            </Button>
          )}
          {others > 0 && (
            <Button size="sm" variant="ghost" onClick={() => onAction('import')} aria-label={`Import servers from ${client.displayName}`} title={`Add the ${plural(others, 'server')} configured in ${client.displayName} to the hub`}>
              Import {others}
            </Button>
          )}
        </div>
      </td>
    </tr>
  );
}
