// Teams: named groups of users. A role given to a team is held by each of its members.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { systemClock } from '../core/clock';
import type { Clock } from '../core/clock';
import { HubError } from '../core/errors';
import type { RepoOptions } from './serverRepo';
import { checkPrincipalName } from './userRepo';

export interface TeamRecord {
  id: string;
  name: string;
  createdAt: string;
}

interface TeamRow {
  id: string;
  name: string;
  created_at: string;
}

export class TeamRepo {
  private readonly clock: Clock;

  constructor(
    private readonly db: Database,
    options: RepoOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  list(): TeamRecord[] {
    return (this.db.prepare('SELECT * FROM teams ORDER BY name').all() as TeamRow[]).map(toRecord);
  }

  find(idOrName: string): TeamRecord | undefined {
    const row = this.db.prepare('SELECT * FROM teams WHERE id = ? OR name = ? LIMIT 1').get(idOrName, idOrName) as TeamRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  get(idOrName: string): TeamRecord {
    const team = this.find(idOrName);
    if (!team) throw new HubError('NOT_FOUND', `No team named "${idOrName}". Run \`patchbay access team list\` to see the teams.`);
    return team;
  }

  create(name: string): TeamRecord {
    checkPrincipalName(name, 'team');
    if (this.find(name)) throw new HubError('ALREADY_EXISTS', `A team named "${name}" already exists. Pick another name.`);
    const record: TeamRecord = { id: randomUUID(), name, createdAt: new Date(this.clock.now()).toISOString() };
    this.db.prepare('INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)').run(record.id, record.name, record.createdAt);
    return record;
  }

  /** Removes the team, its memberships and every role given to it. */
  remove(idOrName: string): TeamRecord {
    const team = this.get(idOrName);
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM collaborators WHERE subject_kind = 'team' AND subject_id = ?").run(team.id);
      this.db.prepare('DELETE FROM teams WHERE id = ?').run(team.id);
    }).immediate();
    return team;
  }

  addMember(teamId: string, userId: string): void {
    this.db.prepare('INSERT OR IGNORE INTO team_members (team_id, user_id) VALUES (?, ?)').run(teamId, userId);
  }

  removeMember(teamId: string, userId: string): boolean {
    return this.db.prepare('DELETE FROM team_members WHERE team_id = ? AND user_id = ?').run(teamId, userId).changes > 0;
  }

  /** User ids of the members. */
  members(teamId: string): string[] {
    return (this.db.prepare('SELECT user_id FROM team_members WHERE team_id = ?').all(teamId) as Array<{ user_id: string }>).map((row) => row.user_id);
  }

  /** Teams the user belongs to. */
  teamsOf(userId: string): TeamRecord[] {
    return (this.db.prepare('SELECT t.* FROM teams t JOIN team_members m ON m.team_id = t.id WHERE m.user_id = ? ORDER BY t.name').all(userId) as TeamRow[]).map(toRecord);
  }
}

function toRecord(row: TeamRow): TeamRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}
