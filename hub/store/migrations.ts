// Numbered schema migrations. `PRAGMA user_version` holds the number of the last one applied;
// each runs in its own transaction (see db.ts). Append new migrations at the end, never edit one
// that has shipped: users, teams and audit tables come in later issues as migrations 2, 3, ...
import type { Database } from 'better-sqlite3';
import { HubError } from '../core/errors';
import { conversationMigration } from '../playground/conversationMigration';
import { ACCESS_MIGRATION } from './accessMigration';
import { bundleMigration } from './bundleRepo';
import { OPENAPI_MIGRATION } from './openapiRepo';
import { REMEMBERED_LISTS_MIGRATION } from './rememberedListRepo';

export interface Migration {
  /** 1, 2, 3, ... without gaps. */
  version: number;
  name: string;
  up(db: Database): void;
}

// Migration numbers are assigned per feature so parallel work does not collide:
//   2 upstream auth (OAuth clients, overrides)   3 virtual servers (bundles)   4 OpenAPI specs
//   5 playground conversations                   6 users, teams, roles, audit log
//   7 remembered upstream lists
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'servers, tokens and settings',
    up(db) {
      db.exec(`
        CREATE TABLE servers (
          id          TEXT PRIMARY KEY,
          name        TEXT NOT NULL UNIQUE,
          enabled     INTEGER NOT NULL DEFAULT 1,
          description TEXT,
          transport   TEXT NOT NULL,           -- JSON: TransportConfig
          auth        TEXT NOT NULL,           -- JSON: AuthConfig
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL
        );

        CREATE TABLE tokens (
          id           TEXT PRIMARY KEY,
          name         TEXT NOT NULL,
          prefix       TEXT NOT NULL,          -- display only: pb_<id>_<4 chars>…
          hash         TEXT NOT NULL,          -- sha256(secret), hex; never the token itself
          created_at   TEXT NOT NULL,
          last_used_at TEXT,
          expires_at   TEXT,
          revoked_at   TEXT
        );
        CREATE INDEX tokens_name ON tokens (name);

        CREATE TABLE settings (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL                  -- JSON
        );
      `);
    },
  },
  {
    version: 2,
    name: 'upstream auth: external identities, token owners',
    up(db) {
      // Trusted external identity providers whose JWTs are accepted as downstream credentials
      // (token passthrough). No secrets: signing keys are fetched from jwks_url.
      db.exec(`
        CREATE TABLE external_identities (
          id         TEXT PRIMARY KEY,
          name       TEXT NOT NULL UNIQUE,
          issuer     TEXT NOT NULL UNIQUE,
          jwks_url   TEXT NOT NULL,
          audience   TEXT NOT NULL,
          user_claim TEXT NOT NULL DEFAULT 'sub',
          created_at TEXT NOT NULL
        );
        ALTER TABLE tokens ADD COLUMN user_id TEXT NOT NULL DEFAULT 'owner';
      `);
    },
  },
  { version: 3, ...bundleMigration },
  OPENAPI_MIGRATION,
  { version: 5, ...conversationMigration },
  ACCESS_MIGRATION,
  REMEMBERED_LISTS_MIGRATION,
];

/** The schema version this build of Patchbay knows. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** Throws when the list is not 1..n in order (a programming error, caught by the unit tests). */
export function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) {
      throw new HubError('INTERNAL', `Migration "${m.name}" has version ${m.version} but is number ${index + 1} in the list; versions must be 1, 2, 3, ... in order.`);
    }
  });
}
