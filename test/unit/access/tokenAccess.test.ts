import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessControl } from '../../../hub/access/accessControl';
import { createToken, listTokens, revokeToken } from '../../../hub/access/tokenAccess';
import type { TokenAccessDeps } from '../../../hub/access/tokenAccess';
import type { HubError } from '../../../hub/core/errors';
import { testStore } from './helpers';

let t: ReturnType<typeof testStore>;
let deps: TokenAccessDeps;
let alice: string;
let bob: string;

beforeEach(() => {
  t = testStore();
  const access = new AccessControl({ users: t.store.users, teams: t.store.teams, collaborators: t.store.collaborators });
  access.registerResourceKind('server', (name) => t.store.servers.get(name)?.id);
  deps = { tokens: t.store.tokens, users: t.store.users, access, now: () => t.clock.now() };
  for (const name of ['github', 'jira', 'private']) t.addServer(name);
  alice = t.store.users.create({ name: 'alice' }).id;
  bob = t.store.users.create({ name: 'bob' }).id;
  access.grant({ kind: 'server', name: 'github' }, { user: 'alice' }, 'user');
  access.grant({ kind: 'server', name: 'jira' }, { user: 'alice' }, 'manager');
});
afterEach(() => t.cleanup());

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as HubError).code;
  }
}

describe('tokens per caller', () => {
  it('lets the owner create tokens for any user, with a restriction and an expiry', () => {
    const created = createToken(deps, { userId: 'owner' }, { name: 'alice-ide', user: 'alice', servers: ['jira', 'github'], expiresInDays: 7 });
    expect(created.info).toMatchObject({ name: 'alice-ide', userId: alice, user: 'alice', servers: ['github', 'jira'], expiresAt: new Date(t.clock.now() + 7 * 86_400_000).toISOString() });
    const verified = t.store.tokens.verify(created.token);
    expect(verified).toMatchObject({ userId: alice, servers: ['github', 'jira'] });
  });

  it('lets a user create only their own tokens, restricted to servers they may use', () => {
    expect(codeOf(() => createToken(deps, { userId: alice }, { name: 'for-bob', user: 'bob' }))).toBe('FORBIDDEN');
    expect(codeOf(() => createToken(deps, { userId: alice }, { name: 'sneaky', servers: ['private'] }))).toBe('NOT_FOUND');
    expect(createToken(deps, { userId: alice }, { name: 'mine', servers: ['github'] }).info.userId).toBe(alice);
  });

  it('keeps a restricted caller restricted in the tokens it makes', () => {
    const made = createToken(deps, { userId: alice, servers: ['github'] }, { name: 'child' });
    expect(made.info.servers).toEqual(['github']);
    expect(codeOf(() => createToken(deps, { userId: alice, servers: ['github'] }, { name: 'wider', servers: ['jira'] }))).toBe('NOT_FOUND');
  });

  it('lists and revokes only the caller\'s tokens, the owner all of them', () => {
    createToken(deps, { userId: 'owner' }, { name: 'owner-ide' });
    const aliceToken = createToken(deps, { userId: alice }, { name: 'alice-ide' });
    const bobToken = createToken(deps, { userId: 'owner' }, { name: 'bob-ide', user: 'bob' });
    expect(listTokens(deps, { userId: alice }).map((token) => token.name)).toEqual(['alice-ide']);
    expect(listTokens(deps, { userId: 'owner' }).map((token) => `${token.name}:${token.user}`)).toEqual(['owner-ide:owner', 'alice-ide:alice', 'bob-ide:bob']);
    expect(codeOf(() => revokeToken(deps, { userId: alice }, bobToken.info.id))).toBe('NOT_FOUND');
    expect(t.store.tokens.verify(bobToken.token)?.userId).toBe(bob);
    revokeToken(deps, { userId: alice }, 'alice-ide');
    expect(t.store.tokens.verify(aliceToken.token)).toBeUndefined();
    revokeToken(deps, { userId: 'owner' }, 'bob-ide');
    expect(t.store.tokens.verify(bobToken.token)).toBeUndefined();
  });

  it('takes an exact expiry, and refuses one in the past', () => {
    const at = new Date(t.clock.now() + 5_000).toISOString();
    const made = createToken(deps, { userId: 'owner' }, { name: 'short', expiresAt: at });
    expect(t.store.tokens.verify(made.token)).toBeDefined();
    t.clock.advance(5_000);
    expect(t.store.tokens.verify(made.token)).toBeUndefined();
    expect(codeOf(() => createToken(deps, { userId: 'owner' }, { name: 'past', expiresAt: '2000-01-01T00:00:00Z' }))).toBe('VALIDATION_FAILED');
  });
});
