import type { Hub } from '../../hub';
import { ApiRouter } from '../apiRouter';
import { bundleRoutes } from './bundleRoutes';
import { catalogRoutes } from './catalogRoutes';
import { clientRoutes } from './clientRoutes';
import { authRoutes } from './authRoutes';
import { hubRoutes } from './hubRoutes';
import { openapiRoutes } from './openapiRoutes';
import { playgroundRoutes } from './playgroundRoutes';
import { serverRoutes } from './serverRoutes';
import { accessRoutes } from './accessRoutes';
import { auditRoutes } from './auditRoutes';

// Every route module of the admin API. A feature adds its module here (one line).

export interface RouteContext {
  /** The aggregate MCP endpoint URL, e.g. http://127.0.0.1:4242/mcp. */
  endpoint(): string;
  /** The hub's base URL, e.g. http://127.0.0.1:4242. */
  baseUrl(): string;
}

const MODULES = [hubRoutes, serverRoutes, authRoutes, playgroundRoutes, clientRoutes, bundleRoutes, openapiRoutes, catalogRoutes, accessRoutes, auditRoutes];

export function buildRouter(hub: Hub, ctx: RouteContext): ApiRouter {
  const router = new ApiRouter();
  for (const register of MODULES) register(router, hub, ctx);
  return router;
}
