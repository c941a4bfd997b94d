import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessControl, canSeeOverride, roleAllows } from '../../../hub/access/accessControl';
import type { AccessPrincipal } from '../../../hub/access/accessControl';
import type { HubError } from '../../../hub/core/errors';
import { ACCESS_ACTIONS } from '../../../shared/api';
import type { AccessAction, EffectiveRole } from '../../../shared/api';
import { testStore } from './helpers';

let t: ReturnType<typeof testStore>;
let access: AccessControl;
const owner: AccessPrincipal = { userId: 'owner' };

beforeEach(() => {
  t = testStore();
  access = new AccessControl({ users: t.store.users, teams: t.store.teams, collaborators: t.store.collaborators });
  access.registerResourceKind('server', (name) => t.store.servers.get(name)?.id);
});
afterEach(() => t.cleanup());

function errorOf(fn: () => unknown): HubError | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error as HubError;
  }
}

describe('roles', () => {
  const expected: Record<EffectiveRole | 'none', AccessAction[]> = {
    owner: ['list', 'call', 'edit', 'delete', 'manage'],
    manager: ['list', 'call', 'edit', 'delete', 'manage'],
    user: ['list', 'call'],
    none: [],
  };

  // The permission matrix at the policy level: every role x action, through check().
  for (const role of ['owner', 'manager', 'user', 'none'] as const) {
    for (const action of ACCESS_ACTIONS) {
      const allowed = expected[role].includes(action);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        t.addServer('github');
        let principal = owner;
        if (role !== 'owner') {
          const user = t.store.users.create({ name: 'alice' });
          if (role !== 'none') access.grant({ kind: 'server', name: 'github' }, { user: 'alice' }, role);
          principal = { userId: user.id };
        }
        const error = errorOf(() => access.check(principal, { kind: 'server', name: 'github' }, action));
        if (allowed) expect(error).toBeUndefined();
        else expect(error?.code).toBe(role === 'none' ? 'NOT_FOUND' : 'FORBIDDEN');
        expect(access.can(principal, { kind: 'server', name: 'github' }, action)).toBe(allowed);
        if (role !== 'none') expect(roleAllows(role, action)).toBe(allowed);
      });
    }
  }

  it('answers a caller without a role exactly as for a server that does not exist', () => {
    t.addServer('secret-project');
    const bob = t.store.users.create({ name: 'bob' });
    const hidden = errorOf(() => access.check({ userId: bob.id }, { kind: 'server', name: 'secret-project' }, 'list'));
    const missing = errorOf(() => access.check({ userId: bob.id }, { kind: 'server', name: 'nothing-here' }, 'list'));
    expect(hidden?.code).toBe('NOT_FOUND');
    expect(hidden?.message).toBe('No server named "secret-project". Run `patchbay server list` to see the configured servers.');
    expect(missing?.message.replace('nothing-here', 'secret-project')).toBe(hidden?.message);
  });

  it('gives team members the team role, and the higher of two roles', () => {
    t.addServer('db');
    const carol = t.store.users.create({ name: 'carol' });
    const team = t.store.teams.create('backend');
    t.store.teams.addMember(team.id, carol.id);
    access.grant({ kind: 'server', name: 'db' }, { team: 'backend' }, 'user');
    expect(access.roleOf({ userId: carol.id }, { kind: 'server', name: 'db' })).toBe('user');
    access.grant({ kind: 'server', name: 'db' }, { user: 'carol' }, 'manager');
    expect(access.roleOf({ userId: carol.id }, { kind: 'server', name: 'db' })).toBe('manager');
    access.revoke({ kind: 'server', name: 'db' }, { user: 'carol' });
    expect(access.roleOf({ userId: carol.id }, { kind: 'server', name: 'db' })).toBe('user');
    t.store.teams.removeMember(team.id, carol.id);
    expect(access.roleOf({ userId: carol.id }, { kind: 'server', name: 'db' })).toBeUndefined();
  });

  it('lets a token restriction narrow, never widen, what its user may use', () => {
    for (const name of ['a', 'b', 'c']) t.addServer(name);
    const dave = t.store.users.create({ name: 'dave' });
    access.grant({ kind: 'server', name: 'a' }, { user: 'dave' }, 'user');
    access.grant({ kind: 'server', name: 'b' }, { user: 'dave' }, 'manager');
    expect(access.usable({ userId: dave.id }, 'server', ['a', 'b', 'c'])).toEqual(['a', 'b']);
    expect(access.usable({ userId: dave.id, servers: ['b', 'c'] }, 'server', ['a', 'b', 'c'])).toEqual(['b']);
    expect(access.usable({ userId: 'owner', servers: ['c'] }, 'server', ['a', 'b', 'c'])).toEqual(['c']);
    expect(access.roleOf({ userId: 'owner', servers: ['c'] }, { kind: 'server', name: 'a' })).toBeUndefined();
  });

  it('keys roles by server id: a server removed and added again under the same name starts without collaborators', () => {
    t.addServer('tmp');
    const erin = t.store.users.create({ name: 'erin' });
    access.grant({ kind: 'server', name: 'tmp' }, { user: 'erin' }, 'user');
    t.store.servers.remove('tmp');
    t.addServer('tmp');
    expect(access.roleOf({ userId: erin.id }, { kind: 'server', name: 'tmp' })).toBeUndefined();
  });

  it('plugs in other resource kinds (virtual servers) by name lookup', () => {
    const unregister = access.registerResourceKind('bundle', (name) => (name === 'daily' ? 'bundle-id-1' : undefined));
    const frank = t.store.users.create({ name: 'frank' });
    access.grant({ kind: 'bundle', name: 'daily' }, { user: 'frank' }, 'user');
    expect(access.can({ userId: frank.id }, { kind: 'bundle', name: 'daily' }, 'call')).toBe(true);
    expect(access.kindOf('daily')).toBe('bundle');
    expect(errorOf(() => access.check({ userId: frank.id }, { kind: 'bundle', name: 'weekly' }, 'list'))?.message).toMatch(/No virtual server named "weekly"/);
    unregister();
    expect(access.can({ userId: frank.id }, { kind: 'bundle', name: 'daily' }, 'call')).toBe(false);
  });

  it('describes who can do what', () => {
    t.addServer('search');
    const gina = t.store.users.create({ name: 'gina' });
    const hal = t.store.users.create({ name: 'hal' });
    const team = t.store.teams.create('ops');
    t.store.teams.addMember(team.id, hal.id);
    t.store.teams.addMember(team.id, gina.id);
    access.grant({ kind: 'server', name: 'search' }, { user: 'gina' }, 'manager');
    access.grant({ kind: 'server', name: 'search' }, { team: 'ops' }, 'user');
    const detail = access.describe({ kind: 'server', name: 'search' });
    expect(detail.collaborators).toEqual([
      { kind: 'user', name: 'gina', role: 'manager' },
      { kind: 'team', name: 'ops', role: 'user' },
    ]);
    expect(detail.users).toEqual([
      { user: 'owner', role: 'owner', via: ['owner'], can: ['list', 'call', 'edit', 'delete', 'manage'] },
      { user: 'gina', role: 'manager', via: ['direct', 'team ops'], can: ['list', 'call', 'edit', 'delete', 'manage'] },
      { user: 'hal', role: 'user', via: ['team ops'], can: ['list', 'call'] },
    ]);
  });

  it('removing a user revokes their tokens and drops their roles', () => {
    t.addServer('x');
    const ivan = t.store.users.create({ name: 'ivan' });
    access.grant({ kind: 'server', name: 'x' }, { user: 'ivan' }, 'manager');
    const { token } = t.store.tokens.create({ name: 'ivan-laptop', userId: ivan.id });
    expect(t.store.tokens.verify(token)?.userId).toBe(ivan.id);
    t.store.users.remove('ivan');
    expect(t.store.tokens.verify(token)).toBeUndefined();
    expect(access.describe({ kind: 'server', name: 'x' }).collaborators).toEqual([]);
    expect(errorOf(() => t.store.users.remove('owner'))?.code).toBe('FORBIDDEN');
  });

  it('refuses a role for the owner (manager of everything already) and needs an existing subject', () => {
    t.addServer('y');
    expect(errorOf(() => access.grant({ kind: 'server', name: 'y' }, { user: 'owner' }, 'user'))?.code).toBe('VALIDATION_FAILED');
    expect(errorOf(() => access.grant({ kind: 'server', name: 'y' }, { user: 'nobody' }, 'user'))?.code).toBe('NOT_FOUND');
    expect(errorOf(() => access.revoke({ kind: 'server', name: 'y' }, { team: 'nope' }))?.code).toBe('NOT_FOUND');
  });

  it('shows an individual credential override to its user alone, not even to the owner', () => {
    expect(canSeeOverride({ userId: 'u1' }, 'u1')).toBe(true);
    expect(canSeeOverride({ userId: 'owner' }, 'u1')).toBe(false);
    expect(canSeeOverride({ userId: 'u2' }, 'u1')).toBe(false);
  });
});
