// Hub tokens through the admin API, per caller: the owner manages every token and may create tokens
// for any user; everyone else lists, creates and revokes their own. A restriction may name only
// servers (virtual servers) the token's user may use, so a token never widens access.
import type { AccessTokenInfo, CreatedToken, CreateTokenInput } from '../../shared/api';
import { CreateTokenSchema } from '../../shared/api';
import { HubError } from '../core/errors';
import { parseInput } from '../core/validate';
import type { TokenRepo } from '../store/tokenRepo';
import type { UserRepo } from '../store/userRepo';
import type { AccessControl, AccessPrincipal } from './accessControl';

export interface TokenAccessDeps {
  tokens: TokenRepo;
  users: UserRepo;
  access: AccessControl;
  now?: () => number;
}

export function listTokens(deps: TokenAccessDeps, principal: AccessPrincipal): AccessTokenInfo[] {
  const tokens = deps.access.isOwner(principal) ? deps.tokens.list() : deps.tokens.list({ userId: principal.userId });
  const names = new Map(deps.users.list().map((user) => [user.id, user.name]));
  return tokens.map((token) => ({ ...token, user: names.get(token.userId) ?? token.userId }));
}

export function createToken(deps: TokenAccessDeps, principal: AccessPrincipal, raw: CreateTokenInput | unknown): CreatedToken & { info: AccessTokenInfo } {
  const input = parseInput(CreateTokenSchema, raw, 'token');
  const user = input.user === undefined ? deps.users.get(principal.userId) : deps.users.get(input.user);
  if (user.id !== principal.userId) deps.access.requireOwner(principal, 'create tokens for other users');
  // A token made with a restricted token is restricted at least as much.
  const servers = input.servers ?? (principal.servers ? [...principal.servers] : undefined);
  if (servers) checkRestriction(deps.access, { userId: user.id, ...(principal.servers ? { servers: principal.servers } : {}) }, servers);
  const now = deps.now?.() ?? Date.now();
  if (input.expiresAt !== undefined && input.expiresInDays !== undefined) throw new HubError('VALIDATION_FAILED', 'Give either expiresAt or expiresInDays, not both.');
  const expiresAt = input.expiresAt ?? (input.expiresInDays ? new Date(now + input.expiresInDays * 86_400_000).toISOString() : undefined);
  const created = deps.tokens.create({ name: input.name, expiresAt, userId: user.id, servers });
  const info: AccessTokenInfo = { ...created.info, user: user.name };
  return { token: created.token, info };
}

export function revokeToken(deps: TokenAccessDeps, principal: AccessPrincipal, idOrName: string): AccessTokenInfo {
  return deps.tokens.revoke(idOrName, deps.access.isOwner(principal) ? {} : { userId: principal.userId });
}

/** Every name must be a server the user may use (NOT_FOUND otherwise, as for any unknown name). */
export function checkRestriction(access: AccessControl, user: AccessPrincipal, servers: readonly string[]): void {
  for (const name of servers) access.check(user, { kind: access.kindOf(name) ?? 'server', name }, 'list');
}
