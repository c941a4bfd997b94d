// Imported OpenAPI specs, one row per OpenAPI server (issue 4). The converted tools are stored as
// JSON so that start-up never re-parses a spec; filters are applied to them when the server starts.
// Auth values are `{ secret: KEY }` references into the SecretStore, never the values themselves.
import type { Database } from 'better-sqlite3';
import type { ValueRef } from '../../shared/types';
import { systemClock } from '../core/clock';
import type { Clock } from '../core/clock';
import { HubError } from '../core/errors';
import type { OpenApiTool, OperationFilter, SecuritySchemeInfo, SpecDialect } from '../openapi/types';
import type { Migration } from './migrations';

/**
 * How the hub authenticates to an imported API, as stored. `scheme` names the spec's security
 * scheme it was mapped from: the credential then goes only to operations that use that scheme.
 */
export type OpenApiAuthConfig = { scheme?: string } & (
  | { type: 'none' }
  | { type: 'api-key'; in: 'header' | 'query' | 'cookie'; name: string; value: ValueRef }
  | { type: 'bearer'; token: ValueRef }
  | { type: 'basic'; username: string; password: ValueRef }
  // TODO(issue 3, upstream OAuth2): the token comes from the hub's OAuth2 client for this server.
  | { type: 'oauth2' }
);

export interface OpenApiSpecRecord {
  serverId: string;
  /** File path, http(s) URL, or "inline". */
  source: string;
  title: string;
  apiVersion: string;
  dialect: SpecDialect;
  specVersion: string;
  /** The server URLs the spec declares (variables at their defaults). */
  specServers: string[];
  baseUrlOverride?: string;
  include: OperationFilter;
  exclude: OperationFilter;
  auth: OpenApiAuthConfig;
  securitySchemes: SecuritySchemeInfo[];
  /** Operations that could not be converted, with the reason (and method, path, tags for filtering). */
  skipped: Array<{ operation: string; reason: string; method?: string; path?: string; tags?: string[] }>;
  warnings: string[];
  /** Bumped on every change of tools or filters; a running hub compares it to refresh live servers. */
  revision: number;
  importedAt: string;
  updatedAt: string;
}

export type NewOpenApiSpec = Omit<OpenApiSpecRecord, 'revision' | 'importedAt' | 'updatedAt'> & { tools: OpenApiTool[] };
export type OpenApiSpecPatch = Partial<Omit<OpenApiSpecRecord, 'serverId' | 'revision' | 'importedAt' | 'updatedAt'>> & { tools?: OpenApiTool[]; reimported?: boolean };

export const OPENAPI_MIGRATION: Migration = {
  version: 4,
  name: 'imported OpenAPI specs',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS openapi_specs (
        server_id         TEXT PRIMARY KEY REFERENCES servers (id) ON DELETE CASCADE,
        source            TEXT NOT NULL,
        title             TEXT NOT NULL,
        api_version       TEXT NOT NULL,
        dialect           TEXT NOT NULL,
        spec_version      TEXT NOT NULL,
        spec_servers      TEXT NOT NULL,   -- JSON: string[]
        base_url_override TEXT,
        include_filter    TEXT NOT NULL,   -- JSON: OperationFilter
        exclude_filter    TEXT NOT NULL,   -- JSON: OperationFilter
        auth              TEXT NOT NULL,   -- JSON: OpenApiAuthConfig (secret references only)
        security_schemes  TEXT NOT NULL,   -- JSON: SecuritySchemeInfo[]
        tools             TEXT NOT NULL,   -- JSON: OpenApiTool[], every convertible operation, before filters
        skipped           TEXT NOT NULL,   -- JSON: { operation, reason }[]
        warnings          TEXT NOT NULL,   -- JSON: string[]
        revision          INTEGER NOT NULL DEFAULT 1,
        imported_at       TEXT NOT NULL,
        updated_at        TEXT NOT NULL
      );
    `);
  },
};

interface Row {
  server_id: string;
  source: string;
  title: string;
  api_version: string;
  dialect: string;
  spec_version: string;
  spec_servers: string;
  base_url_override: string | null;
  include_filter: string;
  exclude_filter: string;
  auth: string;
  security_schemes: string;
  skipped: string;
  warnings: string;
  revision: number;
  imported_at: string;
  updated_at: string;
}

const META_COLUMNS =
  'server_id, source, title, api_version, dialect, spec_version, spec_servers, base_url_override, include_filter, exclude_filter, auth, security_schemes, skipped, warnings, revision, imported_at, updated_at';

/** Warnings kept per spec (validators can produce thousands for big specs). */
const MAX_WARNINGS = 50;

export class OpenApiRepo {
  private readonly clock: Clock;

  constructor(
    private readonly db: Database,
    options: { clock?: Clock } = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** Everything but the tools. */
  get(serverId: string): OpenApiSpecRecord | undefined {
    const row = this.db.prepare(`SELECT ${META_COLUMNS} FROM openapi_specs WHERE server_id = ?`).get(serverId) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Every convertible operation of the spec, before filters. */
  tools(serverId: string): OpenApiTool[] {
    const row = this.db.prepare('SELECT tools FROM openapi_specs WHERE server_id = ?').get(serverId) as { tools: string } | undefined;
    if (!row) return [];
    return parse<OpenApiTool[]>(row.tools, serverId, 'tools');
  }

  auth(serverId: string): OpenApiAuthConfig | undefined {
    const row = this.db.prepare('SELECT auth FROM openapi_specs WHERE server_id = ?').get(serverId) as { auth: string } | undefined;
    return row ? parse<OpenApiAuthConfig>(row.auth, serverId, 'auth') : undefined;
  }

  revision(serverId: string): number | undefined {
    const row = this.db.prepare('SELECT revision FROM openapi_specs WHERE server_id = ?').get(serverId) as { revision: number } | undefined;
    return row?.revision;
  }

  insert(spec: NewOpenApiSpec): void {
    const now = new Date(this.clock.now()).toISOString();
    this.db
      .prepare(
        `INSERT INTO openapi_specs (${META_COLUMNS}, tools) VALUES (@server_id, @source, @title, @api_version, @dialect, @spec_version, @spec_servers, @base_url_override, @include_filter, @exclude_filter, @auth, @security_schemes, @skipped, @warnings, 1, @now, @now, @tools)`,
      )
      .run({
        server_id: spec.serverId,
        source: spec.source,
        title: spec.title,
        api_version: spec.apiVersion,
        dialect: spec.dialect,
        spec_version: spec.specVersion,
        spec_servers: JSON.stringify(spec.specServers),
        base_url_override: spec.baseUrlOverride ?? null,
        include_filter: JSON.stringify(spec.include),
        exclude_filter: JSON.stringify(spec.exclude),
        auth: JSON.stringify(spec.auth),
        security_schemes: JSON.stringify(spec.securitySchemes),
        skipped: JSON.stringify(spec.skipped),
        warnings: JSON.stringify(spec.warnings.slice(0, MAX_WARNINGS)),
        now,
        tools: JSON.stringify(spec.tools),
      });
  }

  /** Applies a patch; bumps the revision when tools or filters change. */
  update(serverId: string, patch: OpenApiSpecPatch): OpenApiSpecRecord {
    const sets: string[] = [];
    const values: Record<string, unknown> = { server_id: serverId, now: new Date(this.clock.now()).toISOString() };
    const set = (column: string, value: unknown): void => {
      sets.push(`${column} = @${column}`);
      values[column] = value;
    };
    if (patch.source !== undefined) set('source', patch.source);
    if (patch.title !== undefined) set('title', patch.title);
    if (patch.apiVersion !== undefined) set('api_version', patch.apiVersion);
    if (patch.dialect !== undefined) set('dialect', patch.dialect);
    if (patch.specVersion !== undefined) set('spec_version', patch.specVersion);
    if (patch.specServers !== undefined) set('spec_servers', JSON.stringify(patch.specServers));
    if ('baseUrlOverride' in patch) set('base_url_override', patch.baseUrlOverride ?? null);
    if (patch.include !== undefined) set('include_filter', JSON.stringify(patch.include));
    if (patch.exclude !== undefined) set('exclude_filter', JSON.stringify(patch.exclude));
    if (patch.auth !== undefined) set('auth', JSON.stringify(patch.auth));
    if (patch.securitySchemes !== undefined) set('security_schemes', JSON.stringify(patch.securitySchemes));
    if (patch.skipped !== undefined) set('skipped', JSON.stringify(patch.skipped));
    if (patch.warnings !== undefined) set('warnings', JSON.stringify(patch.warnings.slice(0, MAX_WARNINGS)));
    if (patch.tools !== undefined) set('tools', JSON.stringify(patch.tools));
    const bump = patch.tools !== undefined || patch.include !== undefined || patch.exclude !== undefined;
    const imported = patch.reimported ? ', imported_at = @now' : '';
    const result = this.db
      .prepare(`UPDATE openapi_specs SET ${[...sets, 'updated_at = @now'].join(', ')}${bump ? ', revision = revision + 1' : ''}${imported} WHERE server_id = @server_id`)
      .run(values);
    if (result.changes === 0) throw new HubError('NOT_FOUND', `No imported spec is stored for server id ${serverId}. Import it again with \`patchbay openapi import\`.`);
    const record = this.get(serverId);
    if (!record) throw new HubError('NOT_FOUND', `No imported spec is stored for server id ${serverId}.`);
    return record;
  }

  remove(serverId: string): void {
    this.db.prepare('DELETE FROM openapi_specs WHERE server_id = ?').run(serverId);
  }
}

function toRecord(row: Row): OpenApiSpecRecord {
  const id = row.server_id;
  return {
    serverId: id,
    source: row.source,
    title: row.title,
    apiVersion: row.api_version,
    dialect: row.dialect as SpecDialect,
    specVersion: row.spec_version,
    specServers: parse<string[]>(row.spec_servers, id, 'spec_servers'),
    ...(row.base_url_override !== null ? { baseUrlOverride: row.base_url_override } : {}),
    include: parse<OperationFilter>(row.include_filter, id, 'include_filter'),
    exclude: parse<OperationFilter>(row.exclude_filter, id, 'exclude_filter'),
    auth: parse<OpenApiAuthConfig>(row.auth, id, 'auth'),
    securitySchemes: parse<SecuritySchemeInfo[]>(row.security_schemes, id, 'security_schemes'),
    skipped: parse<OpenApiSpecRecord['skipped']>(row.skipped, id, 'skipped'),
    warnings: parse<string[]>(row.warnings, id, 'warnings'),
    revision: row.revision,
    importedAt: row.imported_at,
    updatedAt: row.updated_at,
  };
}

function parse<T>(text: string, serverId: string, column: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new HubError('STORE_CORRUPT', `The stored OpenAPI import of server id ${serverId} is damaged (${column} is not valid JSON). Remove the server and import the spec again.`, { cause: error });
  }
}
