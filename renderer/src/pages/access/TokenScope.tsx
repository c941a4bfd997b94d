// Tokens: whose token it is (the owner may create tokens for any user) and which servers / virtual
// servers it is restricted to. Used by the Create token dialog and the token list.
import type { AccessTokenInfo } from '../../../../shared/api';
import { accessApi } from '../../api/accessApi';
import { useResource } from '../../api/hooks';
import { useHub } from '../../api/hubData';
import { Field, Select, Tag } from '../../components/ui';

export interface TokenScope {
  /** '' = the caller. */
  user: string;
  /** Restricted to `servers` (else everything the user may use). */
  restrict: boolean;
  servers: string[];
}

export function TokenScopeFields({ scope, onChange }: { scope: TokenScope; onChange: (scope: TokenScope) => void }) {
  const { servers } = useHub();
  const me = useResource((signal) => accessApi.me(signal), 'access:me');
  const owner = me.data?.owner === true;
  const users = useResource((signal) => (owner ? accessApi.users(signal) : Promise.resolve([])), `token-users:${owner}`);
  const bundles = useResource((signal) => accessApi.bundles(signal), 'token-bundles');
  const names = [...(servers.data ?? []).map((server) => ({ name: server.name, kind: 'server' })), ...(bundles.data ?? []).map((bundle) => ({ name: bundle.name, kind: 'virtual server' }))];
  const restricted = scope.restrict;
  const toggle = (name: string, on: boolean): void => onChange({ ...scope, servers: on ? [...scope.servers.filter((item) => item !== name), name] : scope.servers.filter((item) => item !== name) });
  return (
    <>
      {owner && (users.data?.length ?? 0) > 1 && (
        <Field label="For user" hint="The token acts as this user: it reaches only what they may use.">
          {(id, describedBy) => (
            <Select id={id} aria-describedby={describedBy} value={scope.user} onChange={(event) => onChange({ ...scope, user: event.target.value })}>
              <option value="">Me ({me.data?.name ?? 'owner'})</option>
              {(users.data ?? [])
                .filter((user) => !user.owner)
                .map((user) => (
                  <option key={user.id} value={user.name}>
                    {user.name}
                  </option>
                ))}
            </Select>
          )}
        </Field>
      )}
      <fieldset className="scope-fieldset">
        <legend className="field-label">Servers</legend>
        <label className="checkbox-label">
          <input type="radio" name="token-scope" checked={!restricted} onChange={() => onChange({ ...scope, restrict: false })} />
          Everything the user may use (now and later)
        </label>
        <label className="checkbox-label">
          <input type="radio" name="token-scope" checked={restricted} onChange={() => onChange({ ...scope, restrict: true })} />
          Only some servers or virtual servers
        </label>
        {restricted && (
          <div className="scope-list" role="group" aria-label="Servers the token may use">
            {names.length === 0 && <span className="muted">No servers yet.</span>}
            {names.map((item) => (
              <label key={item.name} className="checkbox-label">
                <input type="checkbox" checked={scope.servers.includes(item.name)} onChange={(event) => toggle(item.name, event.target.checked)} />
                <span className="mono">{item.name}</span>
                <span className="muted">{item.kind}</span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
    </>
  );
}

export const NO_SCOPE: TokenScope = { user: '', restrict: false, servers: [] };

/** The API fields for a scope, or what to fix. */
export function scopeInput(scope: TokenScope): { user?: string; servers?: string[] } | { error: string } {
  if (scope.restrict && scope.servers.length === 0) return { error: 'Tick at least one server, or choose "Everything the user may use".' };
  return { ...(scope.user && { user: scope.user }), ...(scope.restrict && { servers: scope.servers }) };
}

export function TokenAccess({ token }: { token: AccessTokenInfo }) {
  if (!token.servers?.length) return <span className="muted">All</span>;
  return (
    <span className="token-servers">
      {token.servers.map((name) => (
        <Tag key={name}>{name}</Tag>
      ))}
    </span>
  );
}
