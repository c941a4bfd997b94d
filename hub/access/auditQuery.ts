// Turns an audit query (API query string or `patchbay logs` options) into a repository filter, with
// the reader's visibility applied: the owner sees every row; anyone else (or a restricted token)
// their own rows and the rows of the servers they manage.
import type { AuditOutcome } from '../../shared/api';
import type { AuditFilter } from '../store/auditRepo';
import type { UserRepo } from '../store/userRepo';
import type { AccessControl, AccessPrincipal } from './accessControl';
import { parseSince } from './auditLog';

export interface AuditQuery {
  server?: string;
  user?: string;
  tool?: string;
  outcome?: AuditOutcome;
  since?: string;
  until?: string;
  limit?: number;
}

export interface AuditQueryDeps {
  users: UserRepo;
  access: AccessControl;
  /** Every configured server name. */
  serverNames(): string[];
}

export function buildAuditFilter(deps: AuditQueryDeps, principal: AccessPrincipal, query: AuditQuery, now = Date.now()): AuditFilter {
  const filter: AuditFilter = {
    ...(query.server ? { server: query.server } : {}),
    ...(query.user ? { userId: deps.users.find(query.user)?.id ?? query.user } : {}),
    ...(query.tool ? { tool: query.tool } : {}),
    ...(query.outcome ? { outcome: query.outcome } : {}),
    ...(query.since ? { since: parseSince(query.since, now) } : {}),
    ...(query.until ? { until: parseSince(query.until, now) } : {}),
    ...(query.limit ? { limit: query.limit } : {}),
  };
  if (!deps.access.isOwner(principal) || principal.servers) {
    const managed = deps.serverNames().filter((name) => deps.access.can(principal, { kind: 'server', name }, 'manage'));
    filter.visibleTo = { userId: principal.userId, servers: managed };
  }
  return filter;
}
