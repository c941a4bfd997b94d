// Migration 6: users, teams, collaborators (roles on servers and virtual servers), the audit log,
// and the owner/restriction columns of hub tokens. The upstream-auth migration (2) may already have
// given `tokens` a `user_id` column: columns are added only when missing, and then reused.
import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations';

/** The id of the owner, the user the first run creates. Every pre-existing token belongs to it. */
export const OWNER_USER_ID = 'owner';

function hasColumn(db: Database, table: string, column: string): boolean {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
  return columns.some((c) => c.name === column);
}

export const ACCESS_MIGRATION: Migration = {
  version: 6,
  name: 'users, teams, roles and the audit log',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS users (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL UNIQUE,
        display_name TEXT,
        created_at   TEXT NOT NULL
      );

      CREATE TABLE IF NOT EXISTS teams (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      );

      CREATE TABLE IF NOT EXISTS team_members (
        team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (team_id, user_id)
      );
      CREATE INDEX IF NOT EXISTS team_members_user ON team_members (user_id);

      -- A role on one server or virtual server, for a user or a whole team. resource_id is the
      -- server's (bundle's) id, so a server removed and added again under the same name starts clean.
      CREATE TABLE IF NOT EXISTS collaborators (
        resource_kind TEXT NOT NULL CHECK (resource_kind IN ('server', 'bundle')),
        resource_id   TEXT NOT NULL,
        subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('user', 'team')),
        subject_id    TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('manager', 'user')),
        created_at    TEXT NOT NULL,
        PRIMARY KEY (resource_kind, resource_id, subject_kind, subject_id)
      );
      CREATE INDEX IF NOT EXISTS collaborators_subject ON collaborators (subject_kind, subject_id);

      CREATE TABLE IF NOT EXISTS audit_log (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        time         TEXT NOT NULL,
        user_id      TEXT NOT NULL,
        token_id     TEXT,
        token_name   TEXT,
        client       TEXT,
        face         TEXT NOT NULL,
        server       TEXT NOT NULL,
        tool         TEXT NOT NULL,
        duration_ms  REAL NOT NULL,
        outcome      TEXT NOT NULL CHECK (outcome IN ('ok', 'tool_error', 'error')),
        error        TEXT,
        args_bytes   INTEGER NOT NULL,
        result_bytes INTEGER NOT NULL,
        arguments    TEXT                     -- JSON, redacted; only when recording is opted in
      );
      CREATE INDEX IF NOT EXISTS audit_time ON audit_log (time);
      CREATE INDEX IF NOT EXISTS audit_server_time ON audit_log (server, time);
      CREATE INDEX IF NOT EXISTS audit_user_time ON audit_log (user_id, time);
    `);
    if (!hasColumn(db, 'tokens', 'user_id')) db.exec('ALTER TABLE tokens ADD COLUMN user_id TEXT');
    if (!hasColumn(db, 'tokens', 'servers')) db.exec('ALTER TABLE tokens ADD COLUMN servers TEXT'); // JSON array of names
    db.prepare('INSERT OR IGNORE INTO users (id, name, created_at) VALUES (?, ?, ?)').run(OWNER_USER_ID, 'owner', new Date().toISOString());
    db.prepare('UPDATE tokens SET user_id = ? WHERE user_id IS NULL').run(OWNER_USER_ID);
  },
};
