import { useState } from 'react';
import type { CreatedToken, TokenInfo } from '../../../shared/api';
import { api, errorText } from '../api/client';
import { useAction, useResource } from '../api/hooks';
import { CopyButton } from '../components/CopyButton';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Dialog } from '../components/Dialog';
import { Alert, Button, EmptyState, Field, Loading, Page, Pill, Select, TextInput } from '../components/ui';
import { dateTime, relativeTime } from '../lib/format';
import type { Tone } from '../lib/servers';
// Access (ui3): tokens per user, restricted to some servers.
import { accessApi } from '../api/accessApi';
import { NO_SCOPE, scopeInput, TokenAccess, TokenScopeFields } from './access/TokenScope';

function tokenStatus(token: TokenInfo, now: number): { label: string; tone: Tone } {
  if (token.revokedAt) return { label: 'Revoked', tone: 'neutral' };
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return { label: 'Expired', tone: 'warning' };
  return { label: 'Active', tone: 'success' };
}

export function TokensPage() {
  const tokens = useResource((signal) => accessApi.tokens(signal), 'tokens'); // ui3: with user + servers
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedToken | undefined>();
  const [revoking, setRevoking] = useState<TokenInfo | undefined>();
  const revoke = useAction((id: string) => api.revokeToken(id));
  const now = Date.now();
  // The hub's own CLI token is managed by the hub (replaced at every start); show it last.
  const list = [...(tokens.data ?? [])].sort((a, b) => Number(Boolean(a.revokedAt)) - Number(Boolean(b.revokedAt)) || b.createdAt.localeCompare(a.createdAt));

  return (
    <Page
      title="Tokens"
      subtitle="Clients (IDEs, agents) use a token to reach the hub's MCP endpoints."
      actions={
        <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
          Create token
        </Button>
      }
    >
      {tokens.error !== undefined && (
        <Alert tone="danger" title="Could not load the tokens" action={<Button onClick={tokens.reload}>Try again</Button>}>
          {errorText(tokens.error)}
        </Alert>
      )}
      {tokens.loading && !tokens.data && <Loading label="Loading tokens…" />}
      {tokens.data && list.length === 0 && (
        <EmptyState icon="key" title="No tokens yet" action={<Button variant="primary" icon="plus" onClick={() => setCreating(true)}>Create a token</Button>}>
          Create one token per client, so you can revoke one without touching the others.
        </EmptyState>
      )}
      {list.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Servers</th>
                <th scope="col">Token</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((token) => {
                const status = tokenStatus(token, now);
                return (
                  <tr key={token.id} data-token={token.name} className={token.revokedAt ? 'row-muted' : undefined}>
                    <td className="strong">
                      {token.name}
                      <div className="token-user">for {token.user ?? token.userId}</div>
                    </td>
                    <td>
                      <TokenAccess token={token} />
                    </td>
                    <td>
                      <code>{token.prefix.endsWith('…') ? token.prefix : `${token.prefix}…`}</code>
                    </td>
                    <td title={dateTime(token.createdAt)}>{relativeTime(token.createdAt, now)}</td>
                    <td title={dateTime(token.lastUsedAt)}>{relativeTime(token.lastUsedAt, now)}</td>
                    <td title={dateTime(token.expiresAt)}>{token.expiresAt ? relativeTime(token.expiresAt, now) : 'Never'}</td>
                    <td>
                      <Pill tone={status.tone}>{status.label}</Pill>
                    </td>
                    <td className="cell-actions">
                      {!token.revokedAt && (
                        <Button size="sm" variant="ghost" onClick={() => setRevoking(token)} aria-label={`Revoke ${token.name}`}>
                          Revoke
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {creating && (
        <CreateTokenDialog
          onClose={() => setCreating(false)}
          onCreated={(result) => {
            setCreating(false);
            setCreated(result);
            tokens.reload();
          }}
        />
      )}
      <Dialog open={created !== undefined} title="Your new token" onClose={() => setCreated(undefined)}>
        {created && (
          <>
            <Alert tone="warning" title="Copy it now: it is shown only this once.">
              Patchbay keeps only a hash. If you lose it, revoke it and create a new one.
            </Alert>
            <div className="secret-box">
              <code data-testid="new-token">{created.token}</code>
              <CopyButton text={created.token} label="Copy token" variant="primary" />
            </div>
            <p className="muted">
              Use it as <code>Authorization: Bearer {created.info.prefix.replace(/…$/, '')}…</code> in your client's MCP configuration (see a server's <em>How To Use</em> tab).
            </p>
          </>
        )}
      </Dialog>
      <ConfirmDialog
        target={revoking}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        submitLabel="Revoke token"
        action={revoke}
        run={(token) => revoke.run(token.id)}
        onDismiss={() => setRevoking(undefined)}
        onDone={tokens.reload}
      >
        <p>Clients using this token are refused from now on. This cannot be undone.</p>
        {revoking?.name === 'patchbay-cli' && <Alert tone="warning">This is the token the <code>patchbay</code> command uses to talk to this hub; it gets a new one when the hub restarts.</Alert>}
      </ConfirmDialog>
    </Page>
  );
}

function CreateTokenDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (token: CreatedToken) => void }) {
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('90');
  const [problem, setProblem] = useState<string | undefined>();
  const [scope, setScope] = useState(NO_SCOPE);
  const [scopeError, setScopeError] = useState<string | undefined>();
  const create = useAction((extra: { user?: string; servers?: string[] }) => accessApi.createToken({ name: name.trim(), expiresInDays: expires === 'never' ? undefined : Number(expires), ...extra }));
  return (
    <Dialog
      open
      title="Create a token"
      submitLabel="Create token"
      busy={create.pending}
      onClose={onClose}
      onSubmit={() => {
        if (!name.trim()) return setProblem('Name the token after the client that will use it, e.g. "cursor-laptop".');
        setProblem(undefined);
        const extra = scopeInput(scope);
        setScopeError('error' in extra ? extra.error : undefined);
        if ('error' in extra) return;
        void create.run(extra).then((result) => result && onCreated(result));
      }}
    >
      <Field label="Name" error={problem} hint="Who or what uses it, e.g. cursor-laptop.">
        {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} value={name} maxLength={64} autoFocus onChange={(event) => setName(event.target.value)} />}
      </Field>
      <Field label="Expires">
        {(id) => (
          <Select id={id} value={expires} onChange={(event) => setExpires(event.target.value)}>
            <option value="30">In 30 days</option>
            <option value="90">In 90 days</option>
            <option value="365">In a year</option>
            <option value="never">Never</option>
          </Select>
        )}
      </Field>
      <TokenScopeFields scope={scope} onChange={setScope} />
      {scopeError && <Alert tone="danger">{scopeError}</Alert>}
      {create.error !== undefined && <Alert tone="danger">{errorText(create.error)}</Alert>}
    </Dialog>
  );
}
