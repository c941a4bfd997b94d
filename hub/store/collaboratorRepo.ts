// Collaborators: a role (manager | user) for a user or a team on one resource. Resources are a kind
// (`server`, `bundle`, ...) plus the resource's stable id, so any kind of resource plugs in.
import type { Database } from 'better-sqlite3';
import type { ResourceKind, Role } from '../../shared/api';
import { systemClock } from '../core/clock';
import type { Clock } from '../core/clock';
import type { RepoOptions } from './serverRepo';

export type SubjectKind = 'user' | 'team';

export interface Subject {
  kind: SubjectKind;
  id: string;
}

export interface CollaboratorRecord {
  resourceKind: ResourceKind;
  resourceId: string;
  subject: Subject;
  role: Role;
  createdAt: string;
}

/** A role a user holds on a resource, and through which grant (the user itself or a team). */
export interface HeldRole {
  resourceKind: ResourceKind;
  resourceId: string;
  role: Role;
  via: Subject;
}

interface Row {
  resource_kind: ResourceKind;
  resource_id: string;
  subject_kind: SubjectKind;
  subject_id: string;
  role: Role;
  created_at: string;
}

export class CollaboratorRepo {
  private readonly clock: Clock;

  constructor(
    private readonly db: Database,
    options: RepoOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  list(resourceKind: ResourceKind, resourceId: string): CollaboratorRecord[] {
    const rows = this.db.prepare('SELECT * FROM collaborators WHERE resource_kind = ? AND resource_id = ? ORDER BY subject_kind DESC, created_at').all(resourceKind, resourceId) as Row[];
    return rows.map(toRecord);
  }

  /** Gives (or changes) the subject's role on the resource. */
  set(resourceKind: ResourceKind, resourceId: string, subject: Subject, role: Role): void {
    this.db
      .prepare(
        `INSERT INTO collaborators (resource_kind, resource_id, subject_kind, subject_id, role, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (resource_kind, resource_id, subject_kind, subject_id) DO UPDATE SET role = excluded.role`,
      )
      .run(resourceKind, resourceId, subject.kind, subject.id, role, new Date(this.clock.now()).toISOString());
  }

  /** True when the subject had a role. */
  remove(resourceKind: ResourceKind, resourceId: string, subject: Subject): boolean {
    return this.db.prepare('DELETE FROM collaborators WHERE resource_kind = ? AND resource_id = ? AND subject_kind = ? AND subject_id = ?').run(resourceKind, resourceId, subject.kind, subject.id).changes > 0;
  }

  /** Forgets every role on a resource (it was deleted). */
  removeResource(resourceKind: ResourceKind, resourceId: string): void {
    this.db.prepare('DELETE FROM collaborators WHERE resource_kind = ? AND resource_id = ?').run(resourceKind, resourceId);
  }

  /** Every role the user holds, directly or through a team, in one query. */
  heldBy(userId: string): HeldRole[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM collaborators WHERE subject_kind = 'user' AND subject_id = ?
         UNION ALL
         SELECT c.* FROM collaborators c JOIN team_members m ON c.subject_kind = 'team' AND c.subject_id = m.team_id WHERE m.user_id = ?`,
      )
      .all(userId, userId) as Row[];
    return rows.map((row) => ({ resourceKind: row.resource_kind, resourceId: row.resource_id, role: row.role, via: { kind: row.subject_kind, id: row.subject_id } }));
  }
}

function toRecord(row: Row): CollaboratorRecord {
  return { resourceKind: row.resource_kind, resourceId: row.resource_id, subject: { kind: row.subject_kind, id: row.subject_id }, role: row.role, createdAt: row.created_at };
}
