// Hub users. The owner (id `owner`) is created by migration 6 and can be renamed but never removed.
// Removing a user revokes their tokens and drops their roles and team memberships, in one transaction.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
// Not from the barrel shared/api: that builds the API's zod schemas, which start-up does not need.
import { USER_NAME_PATTERN } from '../../shared/api/constants';
import { systemClock } from '../core/clock';
import type { Clock } from '../core/clock';
import { HubError } from '../core/errors';
import { silentLogger } from '../core/logger';
import type { Logger } from '../core/logger';
import { OWNER_USER_ID } from './accessMigration';
import type { RepoOptions } from './serverRepo';

export interface UserRecord {
  id: string;
  name: string;
  displayName?: string;
  createdAt: string;
}

interface UserRow {
  id: string;
  name: string;
  display_name: string | null;
  created_at: string;
}

const NAME_RULE = 'use 1-48 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. "alice")';

export function checkPrincipalName(name: string, what: string): string {
  if (typeof name !== 'string' || !USER_NAME_PATTERN.test(name)) throw new HubError('VALIDATION_FAILED', `Invalid ${what} name ${JSON.stringify(name)}: ${NAME_RULE}.`);
  return name;
}

export class UserRepo {
  private readonly logger: Logger;
  private readonly clock: Clock;

  constructor(
    private readonly db: Database,
    options: RepoOptions = {},
  ) {
    this.logger = (options.logger ?? silentLogger).child({ component: 'userRepo' });
    this.clock = options.clock ?? systemClock;
  }

  list(): UserRecord[] {
    return (this.db.prepare("SELECT * FROM users ORDER BY id <> 'owner', name").all() as UserRow[]).map(toRecord);
  }

  /** By id or name. */
  find(idOrName: string): UserRecord | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ? OR name = ? ORDER BY id = ? DESC LIMIT 1').get(idOrName, idOrName, idOrName) as UserRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  get(idOrName: string): UserRecord {
    const user = this.find(idOrName);
    if (!user) throw new HubError('NOT_FOUND', `No user named "${idOrName}". Run \`patchbay access user list\` to see the users.`);
    return user;
  }

  owner(): UserRecord {
    return this.get(OWNER_USER_ID);
  }

  create(input: { name: string; displayName?: string }): UserRecord {
    const name = checkPrincipalName(input.name, 'user');
    if (this.find(name)) throw new HubError('ALREADY_EXISTS', `A user named "${name}" already exists. Pick another name.`);
    const record: UserRecord = { id: randomUUID(), name, createdAt: new Date(this.clock.now()).toISOString(), ...(input.displayName ? { displayName: input.displayName } : {}) };
    this.db.prepare('INSERT INTO users (id, name, display_name, created_at) VALUES (?, ?, ?, ?)').run(record.id, record.name, record.displayName ?? null, record.createdAt);
    this.logger.info('user created', { user: name });
    return record;
  }

  rename(idOrName: string, newName: string): UserRecord {
    const user = this.get(idOrName);
    const name = checkPrincipalName(newName, 'user');
    const other = this.find(name);
    if (other && other.id !== user.id) throw new HubError('ALREADY_EXISTS', `A user named "${name}" already exists. Pick another name.`);
    this.db.prepare('UPDATE users SET name = ? WHERE id = ?').run(name, user.id);
    return { ...user, name };
  }

  /** Removes a user: their tokens are revoked, their roles and team memberships dropped. */
  remove(idOrName: string): UserRecord {
    const user = this.get(idOrName);
    if (user.id === OWNER_USER_ID) throw new HubError('FORBIDDEN', 'The owner cannot be removed. Rename the owner with `patchbay access user rename owner NEW-NAME` if needed.');
    const now = new Date(this.clock.now()).toISOString();
    this.db.transaction(() => {
      this.db.prepare('UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(now, user.id);
      this.db.prepare("DELETE FROM collaborators WHERE subject_kind = 'user' AND subject_id = ?").run(user.id);
      this.db.prepare('DELETE FROM team_members WHERE user_id = ?').run(user.id);
      this.db.prepare('DELETE FROM users WHERE id = ?').run(user.id);
    }).immediate();
    this.logger.info('user removed', { user: user.name });
    return user;
  }
}

function toRecord(row: UserRow): UserRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at, ...(row.display_name ? { displayName: row.display_name } : {}) };
}
