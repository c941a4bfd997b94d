import type { ResourceKind, TeamView, UserView } from '../../../shared/api';
import { CreateTeamSchema, CreateUserSchema, GrantSchema, TeamMemberSchema } from '../../../shared/api';
import { parseInput } from '../../core/validate';
import type { Hub } from '../../hub';
import type { ApiRouter } from '../apiRouter';
import { NAME, Status } from '../apiRouter';
import type { RouteContext } from './index';

// Access (issue 8): `/api/access/...` (who am I; who can do what on a server or virtual server;
// collaborators), `/api/users...` and `/api/teams...` (owner only).

/** User and team names: like server names, plus "." and "_". */
const PERSON = '([a-z0-9][a-z0-9._-]*)';
const KIND = '(server|bundle)';

export function accessRoutes(api: ApiRouter, hub: Hub, _ctx: RouteContext): void {
  const { users, teams } = hub.store;
  const userView = (id: string): UserView => {
    const user = users.get(id);
    return { id: user.id, name: user.name, ...(user.displayName ? { displayName: user.displayName } : {}), owner: hub.access.isOwner({ userId: user.id }), teams: teams.teamsOf(user.id).map((t) => t.name), createdAt: user.createdAt };
  };
  const teamView = (idOrName: string): TeamView => {
    const team = teams.get(idOrName);
    return { id: team.id, name: team.name, members: teams.members(team.id).map((id) => users.find(id)?.name ?? id).sort(), createdAt: team.createdAt };
  };

  api.add('GET', '/access/me', (req) => ({ ...userView(req.principal.userId), ...(req.principal.servers ? { tokenServers: req.principal.servers } : {}) }));

  // "View permission details": anyone with a role on it may see who can do what.
  api.add('GET', `/access/${KIND}/${NAME}`, (req, [kind, name]) => {
    const ref = { kind: kind as ResourceKind, name: name! };
    hub.access.check(req.principal, ref, 'list');
    return hub.access.describe(ref);
  });
  api.add('POST', `/access/${KIND}/${NAME}/collaborators`, (req, [kind, name]) => {
    const ref = { kind: kind as ResourceKind, name: name! };
    hub.access.check(req.principal, ref, 'manage');
    const input = parseInput(GrantSchema, req.body, 'collaborator');
    return new Status(201, hub.access.grant(ref, input, input.role));
  });
  api.add('DELETE', `/access/${KIND}/${NAME}/collaborators/(user|team)/${PERSON}`, (req, [kind, name, subjectKind, subject]) => {
    const ref = { kind: kind as ResourceKind, name: name! };
    hub.access.check(req.principal, ref, 'manage');
    return hub.access.revoke(ref, subjectKind === 'user' ? { user: subject! } : { team: subject! });
  });

  api.add('GET', '/users', (req) => {
    hub.access.requireOwner(req.principal, 'list users');
    return users.list().map((user) => userView(user.id));
  });
  api.add('POST', '/users', (req) => {
    hub.access.requireOwner(req.principal, 'add users');
    return new Status(201, userView(users.create(parseInput(CreateUserSchema, req.body, 'user')).id));
  });
  api.add('DELETE', `/users/${PERSON}`, (req, [name]) => {
    hub.access.requireOwner(req.principal, 'remove users');
    const removed = users.remove(name!);
    return { id: removed.id, name: removed.name, removed: true };
  });

  api.add('GET', '/teams', (req) => {
    hub.access.requireOwner(req.principal, 'list teams');
    return teams.list().map((team) => teamView(team.id));
  });
  api.add('POST', '/teams', (req) => {
    hub.access.requireOwner(req.principal, 'add teams');
    return new Status(201, teamView(teams.create(parseInput(CreateTeamSchema, req.body, 'team').name).id));
  });
  api.add('DELETE', `/teams/${PERSON}`, (req, [name]) => {
    hub.access.requireOwner(req.principal, 'remove teams');
    const removed = teams.remove(name!);
    return { id: removed.id, name: removed.name, removed: true };
  });
  api.add('POST', `/teams/${PERSON}/members`, (req, [name]) => {
    hub.access.requireOwner(req.principal, 'change teams');
    const team = teams.get(name!);
    teams.addMember(team.id, users.get(parseInput(TeamMemberSchema, req.body, 'team member').user).id);
    return teamView(team.id);
  });
  api.add('DELETE', `/teams/${PERSON}/members/${PERSON}`, (req, [name, member]) => {
    hub.access.requireOwner(req.principal, 'change teams');
    const team = teams.get(name!);
    teams.removeMember(team.id, users.get(member!).id);
    return teamView(team.id);
  });
}
