import type { StatusView } from '../../../shared/api';
import { CallToolSchema, CreateTokenSchema, LogQuerySchema } from '../../../shared/api';
import { parseInput } from '../../core/validate';
import type { Hub } from '../../hub';
import { ID } from '../apiRouter';
import type { ApiRouter } from '../apiRouter';
import type { RouteContext } from './index';

/** `/api/status`, `/api/tokens`, `/api/logs`, `/api/call`. */
export function hubRoutes(api: ApiRouter, hub: Hub, ctx: RouteContext): void {
  api.add('GET', '/status', () => status(hub, ctx));
  api.add('GET', '/tokens', () => hub.store.tokens.list());
  api.add('POST', '/tokens', (req) => {
    const input = parseInput(CreateTokenSchema, req.body, 'token');
    const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000).toISOString() : undefined;
    return hub.store.tokens.create({ name: input.name, expiresAt });
  });
  api.add('DELETE', `/tokens/${ID}`, (_req, [id]) => hub.store.tokens.revoke(id!));
  api.add('GET', '/logs', (req) => hub.logs.list(parseInput(LogQuerySchema, Object.fromEntries(req.query), 'log query')));
  api.add('POST', '/call', async (req) => {
    const input = parseInput(CallToolSchema, req.body, 'tool call');
    return hub.callTool(input.server, input.tool, input.arguments ?? {});
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
