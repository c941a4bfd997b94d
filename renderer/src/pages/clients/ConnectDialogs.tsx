import { useState } from 'react';
import type { ClientConnectResult, ClientDisconnectResult, ClientScopeName, ClientStatusView } from '../../../../shared/api';
import { errorText } from '../../api/client';
import { bundleApi } from '../../api/bundleApi';
import { clientsApi } from '../../api/clientsApi';
import { useHub } from '../../api/hubData';
import { useAction, useResource } from '../../api/hooks';
import { CodeBlock, CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { Alert, Field, Select, TextInput } from '../../components/ui';

function ScopeFields({ client, scope, onScope, projectDir, onProjectDir }: { client: ClientStatusView; scope: ClientScopeName; onScope: (scope: ClientScopeName) => void; projectDir: string; onProjectDir: (dir: string) => void }) {
  if (!client.scopes.includes('project')) return null;
  return (
    <>
      <Field label="Where">
        {(id) => (
          <Select id={id} value={scope} onChange={(event) => onScope(event.target.value as ClientScopeName)}>
            <option value="user">For this user (every project)</option>
            <option value="project">One project only</option>
          </Select>
        )}
      </Field>
      {scope === 'project' && (
        <Field label="Project directory" hint="An absolute path on the machine the hub runs on.">
          {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} className="mono" value={projectDir} placeholder="/home/me/project" onChange={(event) => onProjectDir(event.target.value)} />}
        </Field>
      )}
    </>
  );
}

/** Connects a client to the whole hub or one (virtual) server; previews the change first. */
export function ConnectDialog({ client, onClose }: { client: ClientStatusView; onClose: () => void }) {
  const { servers } = useHub();
  const bundles = useResource((signal) => bundleApi.list(signal), 'bundles');
  const [target, setTarget] = useState('');
  const [scope, setScope] = useState<ClientScopeName>('user');
  const [projectDir, setProjectDir] = useState('');
  const [preview, setPreview] = useState<ClientConnectResult | undefined>();
  const [done, setDone] = useState<ClientConnectResult | undefined>();
  const input = (dryRun: boolean) => ({ ...(target ? { target } : {}), scope, ...(scope === 'project' ? { projectDir: projectDir.trim() } : {}), dryRun });
  const dry = useAction(() => clientsApi.connect(client.client, input(true)));
  const connect = useAction(() => clientsApi.connect(client.client, input(false)));
  const reset = (): void => setPreview(undefined);

  if (done) {
    return (
      <Dialog open title={`${client.displayName} is connected`} onClose={onClose} width={640}>
        <Alert tone="success" title={done.changed ? `Wrote the “${done.entryName}” entry` : `The “${done.entryName}” entry was already up to date`}>
          <code>{done.path}</code>
          {done.backupPath && <div className="muted">Backup of the previous file: <code>{done.backupPath}</code></div>}
        </Alert>
        <p className="muted">
          It uses the hub token “{done.token.name}”{done.token.reused ? ' (kept: still valid)' : ' (new)'}. Restart {client.displayName} or reload its MCP servers to pick it up.
        </p>
        {done.newToken && (
          <>
            <Alert tone="warning" title="Copy this token now: it is shown only this once.">Codex reads it from the PATCHBAY_TOKEN environment variable.</Alert>
            <div className="secret-box">
              <code>{done.newToken}</code>
              <CopyButton text={done.newToken} label="Copy token" variant="primary" />
            </div>
          </>
        )}
        {done.installLink && (
          <a className="btn btn-secondary btn-sm" href={done.installLink}>
            Open in Cursor
          </a>
        )}
        {done.notes.map((note) => (
          <p key={note} className="muted">
            {note}
          </p>
        ))}
      </Dialog>
    );
  }

  return (
    <Dialog
      open
      title={`Connect ${client.displayName}`}
      submitLabel={preview ? 'Connect' : 'Preview changes'}
      busy={dry.pending || connect.pending}
      onClose={onClose}
      width={680}
      onSubmit={() => {
        if (!preview) void dry.run().then((result) => result && setPreview(result));
        else void connect.run().then((result) => result && setDone(result));
      }}
    >
      <Field label="What it connects to" hint={target ? `Only /mcp/${target}: its tools without a server prefix.` : 'Every enabled server through /mcp, tools named SERVER__tool.'}>
        {(id, describedBy) => (
          <Select
            id={id}
            aria-describedby={describedBy}
            value={target}
            onChange={(event) => {
              setTarget(event.target.value);
              reset();
            }}
          >
            <option value="">The whole hub (all enabled servers)</option>
            {(bundles.data ?? []).length > 0 && (
              <optgroup label="Virtual servers">
                {(bundles.data ?? []).map((bundle) => (
                  <option key={bundle.name} value={bundle.name}>
                    {bundle.name}
                  </option>
                ))}
              </optgroup>
            )}
            <optgroup label="Servers">
              {(servers.data ?? []).map((server) => (
                <option key={server.name} value={server.name}>
                  {server.name}
                </option>
              ))}
            </optgroup>
          </Select>
        )}
      </Field>
      <ScopeFields
        client={client}
        scope={scope}
        onScope={(value) => {
          setScope(value);
          reset();
        }}
        projectDir={projectDir}
        onProjectDir={(value) => {
          setProjectDir(value);
          reset();
        }}
      />
      {preview && (
        <div className="connect-preview" data-testid="connect-preview">
          <p className="muted">
            {preview.changed ? (
              <>
                These changes go to <code>{preview.path}</code>
                {preview.token.reused ? '' : ' (with a new hub token)'}:
              </>
            ) : (
              <>
                <code>{preview.path}</code> already has this entry; connecting again changes nothing.
              </>
            )}
          </p>
          {preview.diff && <CodeBlock code={preview.diff} label="Changes" copyLabel="Copy diff" />}
        </div>
      )}
      {(dry.error ?? connect.error) !== undefined && <Alert tone="danger">{errorText(dry.error ?? connect.error)}</Alert>}
    </Dialog>
  );
}

/** Removes one Patchbay entry from the client's config and revokes its token. */
export function DisconnectDialog({ client, onClose }: { client: ClientStatusView; onClose: () => void }) {
  const entries = client.files.flatMap((file) => file.hubEntries.map((entry) => ({ scope: file.scope, path: file.path, entry })));
  const [chosen, setChosen] = useState(0);
  const [done, setDone] = useState<ClientDisconnectResult | undefined>();
  const pick = entries[chosen];
  const target = pick && pick.entry.name.startsWith('patchbay-') ? pick.entry.name.slice('patchbay-'.length) : undefined;
  const projectDir = pick?.scope === 'project' ? projectDirOf(pick.path) : undefined;
  const remove = useAction(() => clientsApi.disconnect(client.client, { ...(target ? { target } : {}), scope: pick?.scope ?? 'user', ...(projectDir ? { projectDir } : {}) }));
  if (done) {
    return (
      <Dialog open title={`${client.displayName} is disconnected`} onClose={onClose}>
        <Alert tone="success" title={done.changed ? `Removed “${done.entryName}”` : `There was no “${done.entryName}” entry`}>
          <code>{done.path}</code>
          {done.backupPath && <div className="muted">Backup: <code>{done.backupPath}</code></div>}
        </Alert>
        {done.revokedTokenIds.length > 0 && <p className="muted">Its hub token was revoked.</p>}
      </Dialog>
    );
  }
  return (
    <Dialog open title={`Disconnect ${client.displayName}?`} submitLabel="Disconnect" submitVariant="danger" busy={remove.pending} onClose={onClose} onSubmit={() => void remove.run().then((result) => result && setDone(result))}>
      {entries.length > 1 && (
        <Field label="Entry">
          {(id) => (
            <Select id={id} value={String(chosen)} onChange={(event) => setChosen(Number(event.target.value))}>
              {entries.map((item, index) => (
                <option key={`${item.path}:${item.entry.name}`} value={String(index)}>
                  {item.entry.name} ({item.scope})
                </option>
              ))}
            </Select>
          )}
        </Field>
      )}
      <p>
        Removes <code>{pick?.entry.name}</code> from <code>{pick?.path}</code> (a backup is kept) and revokes its hub token. Other servers in the file stay as they are.
      </p>
      {remove.error !== undefined && <Alert tone="danger">{errorText(remove.error)}</Alert>}
    </Dialog>
  );
}

/** `/x/proj/.cursor/mcp.json` -> `/x/proj` (project files live one or two levels down). */
function projectDirOf(path: string): string | undefined {
  const parts = path.split(/[\\/]/);
  const dot = parts.findIndex((part, index) => index > 0 && part.startsWith('.'));
  return dot > 0 ? parts.slice(0, dot).join('/') : parts.slice(0, -1).join('/');
}

export { ScopeFields };
