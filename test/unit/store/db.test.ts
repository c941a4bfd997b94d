import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import { silentLogger } from '../../../hub/core/logger';
import { openDatabase } from '../../../hub/store/db';
import { latestVersion, MIGRATIONS } from '../../../hub/store/migrations';
import type { Migration } from '../../../hub/store/migrations';
import { tempDir } from './helpers';

// Relative to the migrations the hub ships, so that adding one does not break these tests.
const LATEST = latestVersion(MIGRATIONS);
const NEXT = LATEST + 1;

const addNotes: Migration = {
  version: NEXT,
  name: 'notes',
  up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)'),
};

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('openDatabase', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dbPath: string;
  beforeEach(() => {
    tmp = tempDir();
    dbPath = join(tmp.dir, 'nested', 'home', 'patchbay.db');
  });
  afterEach(() => tmp.cleanup());

  it('creates the folder and a fresh database at the latest version with the pragmas set', () => {
    const db = openDatabase(dbPath, { logger: silentLogger });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(['servers', 'settings', 'tokens']));
    } finally {
      db.close();
    }
    expect(readdirSync(join(tmp.dir, 'nested', 'home')).filter((f) => f.includes('.bak'))).toEqual([]);
  });

  it('reopening an up-to-date database migrates nothing and makes no backup', () => {
    openDatabase(dbPath, { logger: silentLogger }).close();
    const db = openDatabase(dbPath, { logger: silentLogger });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    db.close();
    expect(readdirSync(join(tmp.dir, 'nested', 'home')).some((f) => f.includes('.bak'))).toBe(false);
  });

  it('upgrades an existing database, keeping its data, after copying it to patchbay.db.bak-v<old>', () => {
    const v1 = openDatabase(dbPath, { logger: silentLogger });
    v1.prepare("INSERT INTO settings (key, value) VALUES ('theme', '\"dark\"')").run();
    v1.close();

    const v2 = openDatabase(dbPath, { logger: silentLogger, migrations: [...MIGRATIONS, addNotes] });
    expect(v2.pragma('user_version', { simple: true })).toBe(NEXT);
    v2.prepare("INSERT INTO notes (text) VALUES ('hello')").run();
    expect(v2.prepare("SELECT value FROM settings WHERE key = 'theme'").get()).toEqual({ value: '"dark"' });
    v2.close();

    const backupPath = `${dbPath}.bak-v${LATEST}`;
    expect(existsSync(backupPath)).toBe(true);
    const backup = new BetterSqlite3(backupPath, { readonly: true });
    try {
      expect(backup.pragma('user_version', { simple: true })).toBe(LATEST);
      expect(backup.prepare("SELECT value FROM settings WHERE key = 'theme'").get()).toEqual({ value: '"dark"' });
      expect(backup.prepare("SELECT name FROM sqlite_master WHERE name = 'notes'").get()).toBeUndefined();
    } finally {
      backup.close();
    }
  });

  it('never overwrites an earlier backup of the same version', () => {
    openDatabase(dbPath, { logger: silentLogger }).close();
    writeFileSync(`${dbPath}.bak-v${LATEST}`, 'an older backup');
    openDatabase(dbPath, { logger: silentLogger, migrations: [...MIGRATIONS, addNotes] }).close();
    expect(readFileSync(`${dbPath}.bak-v${LATEST}`, 'utf8')).toBe('an older backup');
    expect(existsSync(`${dbPath}.bak-v${LATEST}.2`)).toBe(true);
  });

  it('a failing migration rolls back, keeps the old version and data, and says so', () => {
    const v1 = openDatabase(dbPath, { logger: silentLogger });
    v1.prepare("INSERT INTO settings (key, value) VALUES ('k', '1')").run();
    v1.close();
    const broken: Migration = {
      version: NEXT,
      name: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE half (x)');
        db.exec('THIS IS NOT SQL');
      },
    };
    const error = catchError(() => openDatabase(dbPath, { logger: silentLogger, migrations: [...MIGRATIONS, broken] }));
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).message).toMatch(new RegExp(`Migration ${NEXT} \\(broken\\).*left at version ${LATEST}`));
    const db = new BetterSqlite3(dbPath, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
      expect(db.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({ value: '1' });
    } finally {
      db.close();
    }
  });

  it('refuses a file that is not SQLite, leaving it byte-identical', () => {
    const dir = join(tmp.dir, 'nested', 'home');
    openDatabase(dbPath, { logger: silentLogger }).close(); // creates the folder
    const bytes = Buffer.from('{"this": "is a JSON file someone saved as patchbay.db"}\n'.repeat(50));
    writeFileSync(dbPath, bytes);
    const error = catchError(() => openDatabase(dbPath, { logger: silentLogger }));
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe('STORE_CORRUPT');
    expect((error as HubError).message).toContain(dbPath);
    expect((error as HubError).message).toMatch(/Move it aside/);
    expect((error as HubError).message).toMatch(/\.bak-v/);
    expect(readFileSync(dbPath).equals(bytes)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['patchbay.db']);
  });

  it('refuses a file with a SQLite header but garbage after it, leaving it byte-identical', () => {
    openDatabase(dbPath, { logger: silentLogger }).close();
    const good = readFileSync(dbPath);
    const bytes = Buffer.concat([good.subarray(0, 16), Buffer.alloc(good.length - 16, 0xa5)]);
    writeFileSync(dbPath, bytes);
    const error = catchError(() => openDatabase(dbPath, { logger: silentLogger }));
    expect((error as HubError).code).toBe('STORE_CORRUPT');
    expect(readFileSync(dbPath).equals(bytes)).toBe(true);
  });

  it('refuses a database written by a newer Patchbay, without writing to it', () => {
    const path = join(tmp.dir, 'patchbay.db');
    const newer = new BetterSqlite3(path);
    newer.exec('CREATE TABLE future (x)');
    newer.pragma(`user_version = ${LATEST + 1}`);
    newer.close();
    const before = readFileSync(path);
    const error = catchError(() => openDatabase(path, { logger: silentLogger }));
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).message).toMatch(new RegExp(`schema version ${LATEST + 1}.*newer Patchbay`));
    expect((error as HubError).message).toMatch(/Update Patchbay/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('rejects a migration list that is not numbered 1..n', () => {
    const error = catchError(() => openDatabase(dbPath, { logger: silentLogger, migrations: [...MIGRATIONS, { ...addNotes, version: 3 }] }));
    expect((error as HubError).code).toBe('INTERNAL');
    expect(existsSync(dbPath)).toBe(false);
  });
});
