import type { Principal } from '../serve/downstreamServer';
import { aggregateView, singleServerView } from './views';
import type { View } from './views';

// Which view an MCP URL shows a caller: `/mcp` (everything the caller may use) or `/mcp/NAME` (one
// server, or one virtual server). Undefined answers 404: a name the caller may not use looks
// exactly like a name that does not exist.

export interface ViewResolverDeps {
  /** Enabled server names. */
  enabledServers(): string[];
  /** Access: the names among `names` the caller may use (role and token restriction); absent = all. */
  usableServers?(principal: Principal, names: string[]): string[];
}

export function resolveView(deps: ViewResolverDeps, principal: Principal, name: string | undefined): View | undefined {
  const enabled = deps.enabledServers();
  const servers = deps.usableServers ? deps.usableServers(principal, enabled) : enabled;
  if (name === undefined) return aggregateView(servers);
  return servers.includes(name) ? singleServerView(name) : undefined;
}
