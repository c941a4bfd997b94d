import type { Principal } from '../serve/downstreamServer';
import { aggregateView, singleServerView } from './views';
import type { View } from './views';

// Which view an MCP URL shows a caller: `/mcp` (everything the caller may use) or `/mcp/NAME` (one
// server, or one virtual server). Undefined answers 404: a name the caller may not use looks
// exactly like a name that does not exist. Servers and bundles share the names (neither can take
// the other's), so the order of the lookups does not matter.

export interface ViewResolverDeps {
  /** Enabled server names. */
  enabledServers(): string[];
  /** Whether the server `name` exists and is enabled; absent = looked up in enabledServers(). */
  isEnabled?(name: string): boolean;
  /** The live view of a bundle (virtual server), or undefined when there is none by that name. */
  bundleView?(name: string): View | undefined;
  /** Access: the names among `names` the caller may use (role and token restriction); absent = all. */
  usableServers?(principal: Principal, names: string[]): string[];
  /** Access: whether the caller may use the bundle `name` (a role on it grants its tools); absent = yes. */
  usableBundle?(principal: Principal, name: string): boolean;
}

export function resolveView(deps: ViewResolverDeps, principal: Principal, name: string | undefined): View | undefined {
  if (name === undefined) {
    const enabled = deps.enabledServers();
    return aggregateView(deps.usableServers ? deps.usableServers(principal, enabled) : enabled);
  }
  // One name (every call to `/mcp/NAME`): only that server's access is checked.
  const enabled = deps.isEnabled ? deps.isEnabled(name) : deps.enabledServers().includes(name);
  if (enabled && (!deps.usableServers || deps.usableServers(principal, [name]).length > 0)) return singleServerView(name);
  if (deps.usableBundle && !deps.usableBundle(principal, name)) return undefined;
  return deps.bundleView?.(name);
}
