// Migration 7 and its repository: the lists (tools, prompts, resources, resource templates) each
// server answered when it last ran. A hub that starts again serves them while that server is still
// starting, so clients that list at once (Claude Desktop, Cursor) see every tool without waiting
// for slow upstreams; the live list replaces it as soon as the server runs (hub/upstream/
// mcpUpstream.ts). A row belongs to one configuration of the server: `config_stamp` is the
// server's `updated_at` when it was listed, and a row with another stamp is never served.
// Lists hold names, descriptions and schemas; a list that holds a known secret, or text shaped
// like one, is never saved (hub/upstream/mcpUpstreamFactory.ts checks it with the Redactor).
import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations';

export type RememberedListKind = 'tools' | 'prompts' | 'resources' | 'resourceTemplates';

export const REMEMBERED_LISTS_MIGRATION: Migration = {
  version: 7,
  name: 'remembered upstream lists',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS remembered_lists (
        server_id    TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
        kind         TEXT NOT NULL CHECK (kind IN ('tools', 'prompts', 'resources', 'resourceTemplates')),
        config_stamp TEXT NOT NULL,   -- the server's updated_at when listed
        items        TEXT NOT NULL,   -- JSON array, as the server listed it
        listed_at    TEXT NOT NULL,
        PRIMARY KEY (server_id, kind)
      );
    `);
  },
};

export class RememberedListRepo {
  constructor(private readonly db: Database) {}

  /**
   * The list `kind` of server `serverId` as last remembered for configuration `configStamp`, as
   * JSON text; undefined when none is, or it was listed under another configuration.
   */
  load(serverId: string, kind: RememberedListKind, configStamp: string): string | undefined {
    const row = this.db.prepare('SELECT items FROM remembered_lists WHERE server_id = ? AND kind = ? AND config_stamp = ?').get(serverId, kind, configStamp) as
      | { items: string }
      | undefined;
    return row?.items;
  }

  /** Remembers `items` (a JSON array's text). A server removed meanwhile is skipped, not an error. */
  save(serverId: string, kind: RememberedListKind, configStamp: string, items: string, listedAt: string): void {
    this.db
      .prepare(
        `INSERT INTO remembered_lists (server_id, kind, config_stamp, items, listed_at)
         SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM servers WHERE id = ?)
         ON CONFLICT (server_id, kind) DO UPDATE SET config_stamp = excluded.config_stamp, items = excluded.items, listed_at = excluded.listed_at`,
      )
      .run(serverId, kind, configStamp, items, listedAt, serverId);
  }
}
