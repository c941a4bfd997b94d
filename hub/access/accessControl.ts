// Who may do what on a server or virtual server. Roles come from collaborators (a user, or a team the
// user belongs to); the owner is manager of everything; a token may further restrict its user to
// some resources. A caller with no role on a resource is told it does not exist (NOT_FOUND, the
// very message a missing one gets), so names do not leak; a role that does not allow the action
// answers FORBIDDEN.
import type { AccessAction, AccessDetail, CollaboratorView, EffectiveRole, ResourceKind, Role } from '../../shared/api';
// Not from the barrel shared/api: that builds the API's zod schemas, which start-up does not need.
import { ACCESS_ACTIONS } from '../../shared/api/constants';
import { HubError } from '../core/errors';
import { OWNER_USER_ID } from '../store/accessMigration';
import type { CollaboratorRepo, Subject } from '../store/collaboratorRepo';
import type { TeamRepo } from '../store/teamRepo';
import type { UserRepo } from '../store/userRepo';

/** The part of a caller access decisions need (hub/serve's Principal has these fields). */
export interface AccessPrincipal {
  userId: string;
  /** The token's restriction: only these resource names; undefined = no restriction. */
  servers?: readonly string[];
}

export interface ResourceRef {
  kind: ResourceKind;
  name: string;
}

/** Resolves a resource name to its stable id; undefined when there is no such resource. */
export type ResourceLookup = (name: string) => string | undefined;

const ALLOWED: Record<EffectiveRole, readonly AccessAction[]> = {
  owner: ACCESS_ACTIONS,
  manager: ACCESS_ACTIONS,
  user: ['list', 'call'],
};

const RANK: Record<EffectiveRole, number> = { user: 1, manager: 2, owner: 3 };

const MISSING: Record<ResourceKind, (name: string) => string> = {
  server: (name) => `No server named "${name}". Run \`patchbay server list\` to see the configured servers.`,
  bundle: (name) => `No virtual server named "${name}". Run \`patchbay bundle list\` to see the virtual servers.`,
};

export function roleAllows(role: EffectiveRole, action: AccessAction): boolean {
  return ALLOWED[role].includes(action);
}

export function allowedActions(role: EffectiveRole): AccessAction[] {
  return [...ALLOWED[role]];
}

/** Individual credentials (per-user overrides) are visible to their user alone, not even to the owner. */
export function canSeeOverride(principal: AccessPrincipal, overrideUserId: string): boolean {
  return principal.userId === overrideUserId;
}

export interface AccessControlDeps {
  users: UserRepo;
  teams: TeamRepo;
  collaborators: CollaboratorRepo;
}

export class AccessControl {
  private readonly kinds = new Map<ResourceKind, ResourceLookup>();

  constructor(private readonly deps: AccessControlDeps) {}

  /** Makes a kind of resource (servers, bundles) known; returns an unregister function. */
  registerResourceKind(kind: ResourceKind, lookup: ResourceLookup): () => void {
    this.kinds.set(kind, lookup);
    return () => {
      if (this.kinds.get(kind) === lookup) this.kinds.delete(kind);
    };
  }

  /** Which registered kind has a resource of this name (servers first), if any. */
  kindOf(name: string): ResourceKind | undefined {
    for (const [kind, lookup] of this.kinds) if (lookup(name) !== undefined) return kind;
    return undefined;
  }

  isOwner(principal: AccessPrincipal): boolean {
    return principal.userId === OWNER_USER_ID;
  }

  /** The caller's effective role on the resource, or undefined (no role, restricted out, or no such resource). */
  roleOf(principal: AccessPrincipal, ref: ResourceRef): EffectiveRole | undefined {
    const id = this.idOf(ref);
    if (id === undefined) return undefined;
    if (principal.servers && !principal.servers.includes(ref.name)) return undefined;
    if (this.isOwner(principal)) return 'owner';
    return this.bestRole(principal.userId, ref.kind, id);
  }

  can(principal: AccessPrincipal, ref: ResourceRef, action: AccessAction): boolean {
    const role = this.roleOf(principal, ref);
    return role !== undefined && roleAllows(role, action);
  }

  /** Throws NOT_FOUND when the caller has no role (as if it did not exist), FORBIDDEN when the role does not allow `action`. */
  check(principal: AccessPrincipal, ref: ResourceRef, action: AccessAction): EffectiveRole {
    const role = this.roleOf(principal, ref);
    if (role === undefined) throw new HubError('NOT_FOUND', MISSING[ref.kind](ref.name));
    if (!roleAllows(role, action)) {
      throw new HubError('FORBIDDEN', `Your role on "${ref.name}" is "${role}", which does not allow ${action === 'manage' ? 'managing collaborators' : action}. Ask a manager of "${ref.name}" or the hub owner for the manager role.`);
    }
    return role;
  }

  /** Throws FORBIDDEN unless the caller is the owner (hub-wide actions: users, teams, adding servers, hub logs). */
  requireOwner(principal: AccessPrincipal, what: string): void {
    if (!this.isOwner(principal)) throw new HubError('FORBIDDEN', `Only the hub owner can ${what}. Ask the owner to do it for you.`);
  }

  /** The names among `names` the caller may use (`list`), with one query for the caller's roles. */
  usable(principal: AccessPrincipal, kind: ResourceKind, names: readonly string[]): string[] {
    const restricted = principal.servers ? names.filter((name) => principal.servers?.includes(name)) : [...names];
    if (this.isOwner(principal)) return restricted.filter((name) => this.idOf({ kind, name }) !== undefined);
    const held = new Set(this.deps.collaborators.heldBy(principal.userId).filter((r) => r.resourceKind === kind).map((r) => r.resourceId));
    return restricted.filter((name) => {
      const id = this.idOf({ kind, name });
      return id !== undefined && held.has(id);
    });
  }

  /** Gives a user or a team a role on the resource (the caller's right to do so is checked by the face). */
  grant(ref: ResourceRef, who: { user?: string; team?: string }, role: Role): CollaboratorView {
    const { subject, name } = this.subject(who);
    if (subject.kind === 'user' && subject.id === OWNER_USER_ID) {
      throw new HubError('VALIDATION_FAILED', 'The owner is manager of everything already; roles are for other users and teams.');
    }
    this.deps.collaborators.set(ref.kind, this.requireId(ref), subject, role);
    return { kind: subject.kind, name, role };
  }

  /** Takes a user's or team's role away; NOT_FOUND when they had none. */
  revoke(ref: ResourceRef, who: { user?: string; team?: string }): CollaboratorView {
    const { subject, name } = this.subject(who);
    const id = this.requireId(ref);
    const had = this.deps.collaborators.list(ref.kind, id).find((c) => c.subject.kind === subject.kind && c.subject.id === subject.id);
    if (!had || !this.deps.collaborators.remove(ref.kind, id, subject)) {
      throw new HubError('NOT_FOUND', `The ${subject.kind} "${name}" has no role on "${ref.name}". See \`patchbay access show ${ref.name}\`.`);
    }
    return { kind: subject.kind, name, role: had.role };
  }

  /** Forgets every role on a deleted resource. */
  forget(kind: ResourceKind, id: string): void {
    this.deps.collaborators.removeResource(kind, id);
  }

  /** "View permission details": collaborators, and every user's effective role and what it allows. */
  describe(ref: ResourceRef): AccessDetail {
    const id = this.requireId(ref);
    const collaborators: CollaboratorView[] = [];
    const users = new Map<string, { role: EffectiveRole; via: string[] }>();
    const give = (userId: string, role: EffectiveRole, via: string): void => {
      const current = users.get(userId);
      if (!current) users.set(userId, { role, via: [via] });
      else {
        if (RANK[role] > RANK[current.role]) current.role = role;
        current.via.push(via);
      }
    };
    give(OWNER_USER_ID, 'owner', 'owner');
    for (const record of this.deps.collaborators.list(ref.kind, id)) {
      if (record.subject.kind === 'user') {
        const user = this.deps.users.find(record.subject.id);
        if (!user) continue;
        collaborators.push({ kind: 'user', name: user.name, role: record.role });
        give(user.id, record.role, 'direct');
      } else {
        const team = this.deps.teams.find(record.subject.id);
        if (!team) continue;
        collaborators.push({ kind: 'team', name: team.name, role: record.role });
        for (const member of this.deps.teams.members(team.id)) give(member, record.role, `team ${team.name}`);
      }
    }
    return {
      resource: { kind: ref.kind, name: ref.name },
      collaborators,
      users: [...users.entries()]
        .map(([userId, entry]) => ({ user: this.deps.users.find(userId)?.name ?? userId, role: entry.role, via: entry.via, can: allowedActions(entry.role) }))
        .sort((a, b) => RANK[b.role] - RANK[a.role] || a.user.localeCompare(b.user)),
    };
  }

  private bestRole(userId: string, kind: ResourceKind, id: string): Role | undefined {
    let best: Role | undefined;
    for (const held of this.deps.collaborators.heldBy(userId)) {
      if (held.resourceKind !== kind || held.resourceId !== id) continue;
      if (best === undefined || RANK[held.role] > RANK[best]) best = held.role;
    }
    return best;
  }

  private idOf(ref: ResourceRef): string | undefined {
    return this.kinds.get(ref.kind)?.(ref.name);
  }

  private requireId(ref: ResourceRef): string {
    const id = this.idOf(ref);
    if (id === undefined) throw new HubError('NOT_FOUND', MISSING[ref.kind](ref.name));
    return id;
  }

  private subject(who: { user?: string; team?: string }): { subject: Subject; name: string } {
    if (who.user !== undefined) {
      const user = this.deps.users.get(who.user);
      return { subject: { kind: 'user', id: user.id }, name: user.name };
    }
    if (who.team !== undefined) {
      const team = this.deps.teams.get(who.team);
      return { subject: { kind: 'team', id: team.id }, name: team.name };
    }
    throw new HubError('VALIDATION_FAILED', 'Say who: a user or a team.');
  }
}
