// Virtual servers (bundles): a name, a description and the rules as a JSON column. A row whose
// rules cannot be read is logged and left out of list() instead of taking the hub down. Bundles and
// servers share one namespace (`/mcp/NAME`): create() refuses a server's name in the same
// transaction that inserts. Stored rules are checked without zod (parseStoredBundleRules accepts
// what BundleRuleSchema does): rows are read synchronously, at start-up too, where building the
// API's zod schemas would cost `patchbay serve` tens of milliseconds.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { BundleRule, BundleView } from '../../shared/api';
import { parseStoredBundleRules } from '../../shared/api/bundleRules';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from '../../shared/types';
import { systemClock } from '../core/clock';
import type { Clock } from '../core/clock';
import { HubError } from '../core/errors';
import { silentLogger } from '../core/logger';
import type { Logger } from '../core/logger';
import type { Migration } from './migrations';
import type { RepoOptions } from './serverRepo';

export type BundleConfig = Omit<BundleView, 'endpoint'>;

export interface BundlePatch {
  /** null clears it. */
  description?: string | null;
  rules?: BundleRule[];
}

/** Migration 3 (see migrations.ts). */
export const bundleMigration: Omit<Migration, 'version'> = {
  name: 'virtual servers (bundles)',
  up(db) {
    db.exec(`
      CREATE TABLE bundles (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        description TEXT,
        rules       TEXT NOT NULL,           -- JSON: BundleRule[]
        version     INTEGER NOT NULL DEFAULT 1,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );
    `);
  },
};

interface BundleRow {
  id: string;
  name: string;
  description: string | null;
  rules: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export class BundleRepo {
  private readonly logger: Logger;
  private readonly clock: Clock;

  constructor(
    private readonly db: Database,
    options: RepoOptions = {},
  ) {
    this.logger = (options.logger ?? silentLogger).child({ component: 'bundleRepo' });
    this.clock = options.clock ?? systemClock;
  }

  /** Every readable bundle, by name. */
  list(): BundleConfig[] {
    const rows = this.db.prepare('SELECT * FROM bundles ORDER BY name').all() as BundleRow[];
    const out: BundleConfig[] = [];
    for (const row of rows) {
      const config = parseRow(row);
      if (config) out.push(config);
      else this.logger.warn('skipping a bundle whose stored rules are damaged', { bundle: row.name, fix: `patchbay bundle delete ${row.name}, then create it again` });
    }
    return out;
  }

  /** Throws STORE_CORRUPT for a row whose rules are damaged. */
  get(name: string): BundleConfig | undefined {
    const row = this.db.prepare('SELECT * FROM bundles WHERE name = ?').get(name) as BundleRow | undefined;
    if (!row) return undefined;
    const config = parseRow(row);
    if (!config) throw new HubError('STORE_CORRUPT', `The stored rules of bundle "${name}" are damaged. Delete it with \`patchbay bundle delete ${name}\` and create it again.`);
    return config;
  }

  /** Whether a bundle (readable or not) has this name. */
  has(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM bundles WHERE name = ?').get(name) !== undefined;
  }

  create(input: { name: string; description?: string; rules: BundleRule[] }): BundleConfig {
    if (!SERVER_NAME_PATTERN.test(input.name)) throw new HubError('VALIDATION_FAILED', `Invalid bundle name ${JSON.stringify(input.name)}: ${SERVER_NAME_RULE}.`);
    const now = new Date(this.clock.now()).toISOString();
    const config: BundleConfig = {
      id: randomUUID(),
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      rules: input.rules,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const insert = this.db.transaction(() => {
      if (this.has(config.name)) {
        throw new HubError('ALREADY_EXISTS', `A bundle named "${config.name}" already exists. Pick another name, or delete the old one with \`patchbay bundle delete ${config.name}\`.`);
      }
      if (this.db.prepare('SELECT 1 FROM servers WHERE name = ?').get(config.name) !== undefined) {
        throw new HubError('ALREADY_EXISTS', `"${config.name}" is the name of a server; bundles and servers share the endpoint names /mcp/NAME. Pick another name for the bundle.`);
      }
      this.db
        .prepare('INSERT INTO bundles (id, name, description, rules, version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)')
        .run(config.id, config.name, config.description ?? null, JSON.stringify(config.rules), now, now);
    });
    insert.immediate();
    return config;
  }

  /** Applies `patch` to the current row (read in the same transaction) and bumps the version. */
  update(name: string, patch: BundlePatch | ((current: BundleConfig) => BundlePatch)): BundleConfig {
    const apply = this.db.transaction((): BundleConfig => {
      const current = this.get(name);
      if (!current) throw notFound(name);
      const changes = typeof patch === 'function' ? patch(current) : patch;
      const next: BundleConfig = {
        ...current,
        ...(changes.rules !== undefined ? { rules: changes.rules } : {}),
        version: current.version + 1,
        updatedAt: new Date(this.clock.now()).toISOString(),
      };
      if (changes.description === null) delete next.description;
      else if (changes.description !== undefined) next.description = changes.description;
      this.db
        .prepare('UPDATE bundles SET description = ?, rules = ?, version = ?, updated_at = ? WHERE id = ?')
        .run(next.description ?? null, JSON.stringify(next.rules), next.version, next.updatedAt, next.id);
      return next;
    });
    return apply.immediate();
  }

  remove(name: string): BundleConfig {
    const take = this.db.transaction((): BundleConfig => {
      const row = this.db.prepare('SELECT * FROM bundles WHERE name = ?').get(name) as BundleRow | undefined;
      if (!row) throw notFound(name);
      this.db.prepare('DELETE FROM bundles WHERE id = ?').run(row.id);
      return parseRow(row) ?? { id: row.id, name: row.name, rules: [], version: row.version, createdAt: row.created_at, updatedAt: row.updated_at };
    });
    return take.immediate();
  }
}

function notFound(name: string): HubError {
  return new HubError('NOT_FOUND', `No bundle named "${name}". Run \`patchbay bundle list\` to see the bundles.`);
}

function parseRow(row: BundleRow): BundleConfig | undefined {
  let json: unknown;
  try {
    json = JSON.parse(row.rules);
  } catch {
    return undefined;
  }
  const rules = parseStoredBundleRules(json);
  if (!rules) return undefined;
  return {
    id: row.id,
    name: row.name,
    ...(row.description !== null ? { description: row.description } : {}),
    rules,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
