import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../hub/core/logger';
import { ACCESS_MIGRATION } from '../../../hub/store/accessMigration';
import { openDatabase } from '../../../hub/store/db';
import { latestVersion, MIGRATIONS } from '../../../hub/store/migrations';
import type { Migration } from '../../../hub/store/migrations';
import { TokenRepo } from '../../../hub/store/tokenRepo';
import { ManualClock, tempDir } from '../store/helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('patchbay-migration-');
});
afterEach(() => tmp.cleanup());

describe('migration 6 (users, teams, roles, audit)', () => {
  it('is number 6 in the list', () => {
    expect(MIGRATIONS[5]).toBe(ACCESS_MIGRATION);
    expect(ACCESS_MIGRATION.version).toBe(6);
  });

  it('creates the owner and gives every existing token to it', () => {
    const path = join(tmp.dir, 'patchbay.db');
    const v1 = openDatabase(path, { logger: silentLogger, migrations: MIGRATIONS.slice(0, 1) });
    const clock = new ManualClock();
    // A v1 database with a token: insert the row the way v1's TokenRepo did.
    v1.prepare("INSERT INTO tokens (id, name, prefix, hash, created_at) VALUES ('0123abcd', 'old', 'pb_0123abcd_xxxx…', ?, '2029-01-01T00:00:00.000Z')").run('0'.repeat(64));
    v1.close();
    const db = openDatabase(path, { logger: silentLogger });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion(MIGRATIONS));
      expect(db.prepare('SELECT id, name FROM users').all()).toEqual([{ id: 'owner', name: 'owner' }]);
      expect(new TokenRepo(db, { clock }).list()).toEqual([expect.objectContaining({ id: '0123abcd', userId: 'owner' })]);
    } finally {
      db.close();
    }
  });

  it('reuses a tokens.user_id column an earlier migration (upstream auth) already added', () => {
    const addsUserId: Migration = { version: 2, name: 'auth adds tokens.user_id', up: (db) => db.exec("ALTER TABLE tokens ADD COLUMN user_id TEXT DEFAULT 'owner'") };
    const list = [MIGRATIONS[0]!, addsUserId, ...MIGRATIONS.slice(2)];
    const path = join(tmp.dir, 'patchbay.db');
    const db = openDatabase(path, { logger: silentLogger, migrations: list });
    try {
      const columns = (db.prepare('PRAGMA table_info(tokens)').all() as Array<{ name: string }>).map((c) => c.name);
      expect(columns.filter((c) => c === 'user_id')).toHaveLength(1);
      expect(columns).toContain('servers');
    } finally {
      db.close();
    }
    const raw = new BetterSqlite3(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(latestVersion(MIGRATIONS));
    raw.close();
  });
});
