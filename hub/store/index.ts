// The hub's SQLite store in one call: database, repositories and the cross-process watcher.
import type { Database } from 'better-sqlite3';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { openDatabase } from './db';
import type { Migration } from './migrations';
import { ServerRepo } from './serverRepo';
import { SettingsRepo } from './settingsRepo';
import { StoreWatcher } from './storeWatcher';
import { changeStamp } from './changeStamp';
import { TokenRepo } from './tokenRepo';
import { AuditRepo } from './auditRepo';
import { CollaboratorRepo } from './collaboratorRepo';
import { TeamRepo } from './teamRepo';
import { UserRepo } from './userRepo';
import { RememberedListRepo } from './rememberedListRepo';

export { openDatabase } from './db';
export type { Database, OpenDatabaseOptions } from './db';
export { MIGRATIONS, latestVersion } from './migrations';
export type { Migration } from './migrations';
export { ServerRepo } from './serverRepo';
export type { CreateServerInput, RepoOptions, ServerPatch } from './serverRepo';
export { LAST_USED_RESOLUTION_MS, TOKEN_NAME_MAX, TokenRepo } from './tokenRepo';
export type { CreateTokenInput } from './tokenRepo';
export { SettingsRepo } from './settingsRepo';
export { StoreWatcher } from './storeWatcher';
export { OWNER_USER_ID } from './accessMigration';
export { UserRepo } from './userRepo';
export type { UserRecord } from './userRepo';
export { TeamRepo } from './teamRepo';
export type { TeamRecord } from './teamRepo';
export { CollaboratorRepo } from './collaboratorRepo';
export type { CollaboratorRecord, HeldRole, Subject, SubjectKind } from './collaboratorRepo';
export { AuditRepo } from './auditRepo';
export type { AuditFilter, AuditRecord, AuditStatsRow } from './auditRepo';
export type { StoreWatcherOptions } from './storeWatcher';
export { RememberedListRepo } from './rememberedListRepo';
export type { RememberedListKind } from './rememberedListRepo';

export interface Store {
  db: Database;
  servers: ServerRepo;
  tokens: TokenRepo;
  settings: SettingsRepo;
  // ---- access (issue 8)
  users: UserRepo;
  teams: TeamRepo;
  collaborators: CollaboratorRepo;
  audit: AuditRepo;
  /** What each server listed when it last ran (served while it starts again). */
  rememberedLists: RememberedListRepo;
  /** Not started: call `watcher.start()` in long-lived processes (the hub), not in the CLI. */
  watcher: StoreWatcher;
  /** Stops the watcher and closes the database. Safe to call twice. */
  close(): void;
}

export interface OpenStoreOptions {
  logger: Logger;
  clock: Clock;
  /** Poll interval of the watcher, default 500 ms. */
  watchIntervalMs?: number;
  /** The running hub: token checks skip even the change stamp's read while the WAL saw no write (changeStamp.ts). */
  watchChanges?: boolean;
  migrations?: readonly Migration[];
}

export function openStore(path: string, options: OpenStoreOptions): Store {
  const { logger, clock } = options;
  const db = openDatabase(path, { logger, ...(options.migrations ? { migrations: options.migrations } : {}) });
  // Lets token checks on the hot path skip SQL while nothing was committed (changeStamp.ts); the
  // hub's store also skips reading the stamp while the WAL saw no write.
  const stamp = changeStamp(path, { watch: options.watchChanges === true });
  const watcher = new StoreWatcher(db, { clock, logger, ...(options.watchIntervalMs !== undefined ? { intervalMs: options.watchIntervalMs } : {}) });
  return {
    db,
    servers: new ServerRepo(db, { logger, clock }),
    tokens: new TokenRepo(db, { logger, clock, stamp }),
    settings: new SettingsRepo(db, { logger }),
    users: new UserRepo(db, { logger, clock }),
    teams: new TeamRepo(db, { clock }),
    collaborators: new CollaboratorRepo(db, { clock }),
    audit: new AuditRepo(db),
    rememberedLists: new RememberedListRepo(db),
    watcher,
    close() {
      watcher.dispose();
      stamp.dispose();
      if (db.open) db.close();
    },
  };
}
