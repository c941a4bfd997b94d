// Opens the hub's SQLite database: pragmas, integrity checks, numbered migrations with a backup.
// A file that is not a healthy SQLite database is never deleted or overwritten: the user decides.
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { BetterSqlite3 } from './sqlite';
import type { Database } from 'better-sqlite3';
import { HubError, errorMessage } from '../core/errors';
import type { Logger } from '../core/logger';
import { MIGRATIONS, checkMigrations, latestVersion } from './migrations';
import type { Migration } from './migrations';

export type { Database } from 'better-sqlite3';

export interface OpenDatabaseOptions {
  logger: Logger;
  /** Tests pass their own list; the hub uses MIGRATIONS. */
  migrations?: readonly Migration[];
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export function openDatabase(path: string, opts: OpenDatabaseOptions): Database {
  const migrations = opts.migrations ?? MIGRATIONS;
  checkMigrations(migrations);
  const logger = opts.logger.child({ component: 'store' });
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });

  const existed = existsSync(path) && statSync(path).size > 0;
  if (existed) checkHeader(path);

  let db: Database;
  try {
    // The desktop app run from source loads an Electron build of the binding (scripts/electron-native.mjs).
    const nativeBinding = process.env.PATCHBAY_SQLITE_BINDING;
    db = nativeBinding ? new BetterSqlite3(path, { nativeBinding }) : new BetterSqlite3(path);
  } catch (error) {
    throw new HubError('INTERNAL', `Cannot open the Patchbay database ${path}: ${errorMessage(error)}. Check that the file and its folder are readable and writable by you.`, { cause: error });
  }
  try {
    db.pragma('busy_timeout = 5000');
    const current = readVersion(db, path);
    const latest = latestVersion(migrations);
    if (current > latest) {
      throw new HubError(
        'STORE_CORRUPT',
        `The Patchbay database ${path} has schema version ${current}, but this Patchbay knows only versions up to ${latest}: it was written by a newer Patchbay. Update Patchbay, or point PATCHBAY_HOME at another folder. The file was not changed.`,
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (current < latest) {
      if (existed && current > 0) {
        checkIntegrity(db, path);
        const backup = backupPath(path, current);
        db.exec(`VACUUM INTO '${backup.replaceAll("'", "''")}'`);
        logger.info('database backed up before migrating', { backup, from: current, to: latest });
      }
      migrate(db, migrations, current, path, logger);
    }
    return db;
  } catch (error) {
    db.close();
    throw classify(path, error);
  }
}

function checkHeader(path: string): void {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read < header.length || !header.equals(SQLITE_HEADER)) {
    throw corrupt(path, new Error('the file does not start with the SQLite header'));
  }
}

function readVersion(db: Database, path: string): number {
  try {
    // Reading the schema forces SQLite to parse the header and the first page.
    db.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    return Number(db.pragma('user_version', { simple: true }));
  } catch (error) {
    throw classify(path, error);
  }
}

function checkIntegrity(db: Database, path: string): void {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
  const problems = rows.map((row) => row.quick_check).filter((text) => text !== 'ok');
  if (problems.length > 0) throw corrupt(path, new Error(problems.slice(0, 3).join('; ')));
}

function migrate(db: Database, migrations: readonly Migration[], from: number, path: string, logger: Logger): void {
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    // IMMEDIATE takes the write lock first; another process (CLI and hub starting together) may
    // have applied this migration meanwhile, so the version is checked again under the lock.
    const run = db.transaction((): boolean => {
      if (Number(db.pragma('user_version', { simple: true })) >= migration.version) return false;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
      return true;
    });
    let applied: boolean;
    try {
      applied = run.immediate();
    } catch (error) {
      throw new HubError(
        'INTERNAL',
        `Migration ${migration.version} (${migration.name}) of the Patchbay database ${path} failed: ${errorMessage(error)}. The database was left at version ${migration.version - 1}; please report this, and keep ${path} (and any ${path}.bak-v* file) as they are.`,
        { cause: error },
      );
    }
    if (applied) logger.info('database migrated', { version: migration.version, name: migration.name });
  }
}

/** `patchbay.db.bak-v<old>`, or `...bak-v<old>.2`, `.3`, ... when an earlier backup is there. */
function backupPath(path: string, version: number): string {
  const base = `${path}.bak-v${version}`;
  if (!existsSync(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}.${n}`;
    if (!existsSync(candidate)) return candidate;
  }
}

const CORRUPT_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

function classify(path: string, error: unknown): HubError {
  if (error instanceof HubError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (CORRUPT_CODES.has(code) || code.startsWith('SQLITE_CORRUPT'))) return corrupt(path, error);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new HubError('CONFLICT', `The Patchbay database ${path} stayed locked by another process for 5 seconds. Try again; if it persists, stop other Patchbay processes.`, { cause: error });
  }
  return new HubError('INTERNAL', `Cannot use the Patchbay database ${path}: ${errorMessage(error)}. Check that the file and its folder are readable and writable by you.`, { cause: error });
}

function corrupt(path: string, cause: unknown): HubError {
  return new HubError(
    'STORE_CORRUPT',
    `The Patchbay database ${path} is damaged or is not a SQLite database (${errorMessage(cause)}). Patchbay left it untouched. Move it aside (for example rename it to patchbay.db.broken) to start with an empty database, or restore a backup (a ${path}.bak-v* file) in its place.`,
    { cause },
  );
}
