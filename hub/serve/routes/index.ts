import type { Hub } from '../../hub';
import { ApiRouter } from '../apiRouter';

// The admin API's router. Its route modules (allRoutes.ts) load on the first request that is not
// for /mcp or /api/health, so a hub that only serves MCP never builds them.

export interface RouteContext {
  /** The aggregate MCP endpoint URL, e.g. http://127.0.0.1:4242/mcp. */
  endpoint(): string;
  /** The hub's base URL, e.g. http://127.0.0.1:4242. */
  baseUrl(): string;
}

export function buildRouter(hub: Hub, ctx: RouteContext): ApiRouter {
  const router = new ApiRouter();
  router.addLater(async () => {
    const { ROUTE_MODULES } = await import('./allRoutes');
    for (const register of ROUTE_MODULES) register(router, hub, ctx);
  });
  return router;
}
