import type { StatusView } from '../../../shared/api';
import type { AuditFace } from '../../../shared/api';
import { CallToolSchema, LogQuerySchema } from '../../../shared/api';
import { callerFromPrincipal } from '../../access/auditLog';
import { createToken, listTokens, revokeToken } from '../../access/tokenAccess';
import type { Principal } from '../downstreamServer';
import { parseInput } from '../../core/validate';
import type { Hub } from '../../hub';
import { ID } from '../apiRouter';
import type { ApiRouter } from '../apiRouter';
import type { RouteContext } from './index';

/** `/api/status`, `/api/tokens`, `/api/logs`, `/api/call`. */
export function hubRoutes(api: ApiRouter, hub: Hub, ctx: RouteContext): void {
  api.add('GET', '/status', () => status(hub, ctx));
  // Access (issue 8): tokens per caller (the owner's are all), hub logs for the owner, calls need the `call` role.
  const tokenDeps = { tokens: hub.store.tokens, users: hub.store.users, access: hub.access };
  api.add('GET', '/tokens', (req) => listTokens(tokenDeps, req.principal));
  api.add('POST', '/tokens', (req) => createToken(tokenDeps, req.principal, req.body));
  api.add('DELETE', `/tokens/${ID}`, (req, [id]) => revokeToken(tokenDeps, req.principal, id!));
  api.add('GET', '/logs', (req) => {
    hub.access.requireOwner(req.principal, 'read the hub log');
    return hub.logs.list(parseInput(LogQuerySchema, Object.fromEntries(req.query), 'log query'));
  });
  api.add('POST', '/call', async (req) => {
    const input = parseInput(CallToolSchema, req.body, 'tool call');
    hub.access.check(req.principal, { kind: 'server', name: input.server }, 'call');
    return hub.callTool(input.server, input.tool, input.arguments ?? {}, { caller: callerFromPrincipal(req.principal, apiFace(req.principal, req.query.get('via'))) });
  });
}

function status(hub: Hub, ctx: RouteContext): StatusView {
  const states = hub.servers.list().map((view) => view.state.status);
  return {
    version: hub.version,
    startedAt: hub.startedAt.toISOString(),
    endpoint: ctx.endpoint(),
    dataDir: hub.paths.home,
    secretStore: { kind: hub.secrets.kind, warning: hub.secretWarning },
    servers: {
      total: states.length,
      running: states.filter((s) => s === 'running').length,
      error: states.filter((s) => s === 'error').length,
      disabled: states.filter((s) => s === 'disabled').length,
    },
  };
}

/** The face an admin API call is recorded under: the UI, the CLI (`?via=cli`), the playground (`?via=playground`), else the API. */
function apiFace(principal: Principal, via: string | null): AuditFace {
  if (via === 'cli' || via === 'playground') return via;
  return principal.id === 'ui' ? 'ui' : 'api';
}
