// The CLI face of access control. The CLI is the owner's tool: whoever runs it can read the data
// directory anyway, so by default it acts as the owner. With PATCHBAY_TOKEN set it acts as that
// token's user instead, and every command is checked by the same AccessControl as the admin API
// (commands that go through a running hub are checked by the hub itself).
import type { AccessAction } from '../../shared/api';
import { AccessControl } from '../access/accessControl';
import type { AccessPrincipal } from '../access/accessControl';
import { HubError } from '../core/errors';
import { OWNER_USER_ID } from '../store/accessMigration';
import { BundleRepo } from '../store/bundleRepo';
import type { Store } from '../store/index';

export interface CliPrincipal extends AccessPrincipal {
  name: string;
  tokenId?: string;
}

export function cliAccessControl(store: Store): AccessControl {
  const access = new AccessControl({ users: store.users, teams: store.teams, collaborators: store.collaborators });
  access.registerResourceKind('server', (name) => store.servers.get(name)?.id);
  const bundles = new BundleRepo(store.db);
  access.registerResourceKind('bundle', (name) => bundles.get(name)?.id);
  return access;
}

/** The local owner, or PATCHBAY_TOKEN's user (UNAUTHORIZED when that token is not valid). */
export function cliPrincipal(store: Store, env: NodeJS.ProcessEnv = process.env): CliPrincipal {
  const token = env.PATCHBAY_TOKEN;
  if (!token) return { userId: OWNER_USER_ID, name: 'cli' };
  const info = store.tokens.verify(token);
  if (!info) throw new HubError('UNAUTHORIZED', 'PATCHBAY_TOKEN is invalid, expired or revoked. Unset it to act as the owner, or create a new token with `patchbay token create NAME`.');
  return { userId: info.userId, name: info.name, tokenId: info.id, ...(info.servers ? { servers: info.servers } : {}) };
}

/** One guard call per CLI command, like the route modules: NOT_FOUND without a role, FORBIDDEN when the role does not allow it. */
export function cliGuard(store: Store, server: string, action: AccessAction): void {
  const principal = cliPrincipal(store);
  cliAccessControl(store).check(principal, { kind: 'server', name: server }, action);
}

export function cliRequireOwner(store: Store, what: string): void {
  cliAccessControl(store).requireOwner(cliPrincipal(store), what);
}

/** The names among `names` the CLI's principal may list. */
export function cliUsable(store: Store, names: string[]): string[] {
  return cliAccessControl(store).usable(cliPrincipal(store), 'server', names);
}
