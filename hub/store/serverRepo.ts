// Upstream server configurations. Transport and auth are JSON columns, parsed defensively: a row
// that cannot be read is logged and left out of list() instead of taking the hub down.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from '../../shared/types';
import type { AuthConfig, ServerConfig, TransportConfig } from '../../shared/types';
import { systemClock } from '../core/clock';
import type { Clock } from '../core/clock';
import { HubError } from '../core/errors';
import { silentLogger } from '../core/logger';
import type { Logger } from '../core/logger';

export interface RepoOptions {
  logger?: Logger;
  clock?: Clock;
}

export interface CreateServerInput {
  name: string;
  enabled?: boolean;
  description?: string;
  transport: TransportConfig;
  auth?: AuthConfig;
}

export type ServerPatch = Partial<Pick<ServerConfig, 'enabled' | 'description' | 'transport' | 'auth' | 'name'>>;

interface ServerRow {
  id: string;
  name: string;
  enabled: number;
  description: string | null;
  transport: string;
  auth: string;
  created_at: string;
  updated_at: string;
}

type Parsed = { ok: true; config: ServerConfig } | { ok: false; problem: string };

export class ServerRepo {
  private readonly logger: Logger;
  private readonly clock: Clock;

  constructor(
    private readonly db: Database,
    options: RepoOptions = {},
  ) {
    this.logger = (options.logger ?? silentLogger).child({ component: 'serverRepo' });
    this.clock = options.clock ?? systemClock;
  }

  /** Every readable server, by name. Rows with damaged JSON are logged and skipped. */
  list(): ServerConfig[] {
    const rows = this.db.prepare('SELECT * FROM servers ORDER BY name').all() as ServerRow[];
    const out: ServerConfig[] = [];
    for (const row of rows) {
      const parsed = parseRow(row);
      if (parsed.ok) out.push(parsed.config);
      else this.logger.warn('skipping a server whose stored configuration is damaged', { server: row.name, problem: parsed.problem, fix: `patchbay server remove ${row.name}, then add it again` });
    }
    return out;
  }

  /** Throws STORE_CORRUPT for a row whose JSON is damaged (the message says how to fix it). */
  get(name: string): ServerConfig | undefined {
    const row = this.db.prepare('SELECT * FROM servers WHERE name = ?').get(name) as ServerRow | undefined;
    return row ? this.readable(row) : undefined;
  }

  getById(id: string): ServerConfig | undefined {
    const row = this.db.prepare('SELECT * FROM servers WHERE id = ?').get(id) as ServerRow | undefined;
    return row ? this.readable(row) : undefined;
  }

  create(input: CreateServerInput): ServerConfig {
    checkName(input.name);
    checkTransport(input.transport);
    const now = new Date(this.clock.now()).toISOString();
    const config: ServerConfig = {
      id: randomUUID(),
      name: input.name,
      enabled: input.enabled ?? true,
      ...(input.description !== undefined ? { description: input.description } : {}),
      transport: input.transport,
      auth: input.auth ?? { type: 'none' },
      createdAt: now,
      updatedAt: now,
    };
    const insert = this.db.transaction(() => {
      if (this.exists(config.name)) throw alreadyExists(config.name);
      this.db
        .prepare('INSERT INTO servers (id, name, enabled, description, transport, auth, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(config.id, config.name, config.enabled ? 1 : 0, config.description ?? null, JSON.stringify(config.transport), JSON.stringify(config.auth), now, now);
    });
    insert.immediate();
    return config;
  }

  update(name: string, patch: ServerPatch): ServerConfig {
    if (patch.name !== undefined) checkName(patch.name);
    if (patch.transport !== undefined) checkTransport(patch.transport);
    const apply = this.db.transaction((): ServerConfig => {
      const current = this.get(name);
      if (!current) throw notFound(name);
      if (patch.name !== undefined && patch.name !== name && this.exists(patch.name)) throw alreadyExists(patch.name);
      const next: ServerConfig = {
        ...current,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        ...(patch.transport !== undefined ? { transport: patch.transport } : {}),
        ...(patch.auth !== undefined ? { auth: patch.auth } : {}),
        updatedAt: new Date(this.clock.now()).toISOString(),
      };
      if ('description' in patch) {
        if (patch.description === undefined) delete next.description;
        else next.description = patch.description;
      }
      this.db
        .prepare('UPDATE servers SET name = ?, enabled = ?, description = ?, transport = ?, auth = ?, updated_at = ? WHERE id = ?')
        .run(next.name, next.enabled ? 1 : 0, next.description ?? null, JSON.stringify(next.transport), JSON.stringify(next.auth), next.updatedAt, next.id);
      return next;
    });
    return apply.immediate();
  }

  /**
   * Removes a server and returns what it was. A row whose JSON is damaged can still be removed
   * (that is the fix the error messages suggest); its unreadable parts come back as an empty stdio
   * transport / no auth.
   */
  remove(name: string): ServerConfig {
    const take = this.db.transaction((): ServerConfig => {
      const row = this.db.prepare('SELECT * FROM servers WHERE name = ?').get(name) as ServerRow | undefined;
      if (!row) throw notFound(name);
      this.db.prepare('DELETE FROM servers WHERE id = ?').run(row.id);
      const parsed = parseRow(row);
      if (parsed.ok) return parsed.config;
      this.logger.info('removed a server whose stored configuration was damaged', { server: row.name, problem: parsed.problem });
      return salvage(row);
    });
    return take.immediate();
  }

  private exists(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM servers WHERE name = ?').get(name) !== undefined;
  }

  private readable(row: ServerRow): ServerConfig {
    const parsed = parseRow(row);
    if (parsed.ok) return parsed.config;
    this.logger.warn('a server\'s stored configuration is damaged', { server: row.name, problem: parsed.problem });
    throw new HubError(
      'STORE_CORRUPT',
      `The stored configuration of server "${row.name}" is damaged (${parsed.problem}). Remove it with \`patchbay server remove ${row.name}\` and add it again.`,
    );
  }
}

function checkName(name: string): void {
  if (typeof name !== 'string' || !SERVER_NAME_PATTERN.test(name)) {
    throw new HubError('VALIDATION_FAILED', `Invalid server name ${JSON.stringify(name)}: ${SERVER_NAME_RULE}.`);
  }
}

function checkTransport(transport: TransportConfig): void {
  const problem = transportProblem(transport);
  if (problem) throw new HubError('VALIDATION_FAILED', `Invalid transport: ${problem}. Give either a command (stdio), a URL (http) or an imported spec (openapi).`);
}

function alreadyExists(name: string): HubError {
  return new HubError(
    'ALREADY_EXISTS',
    `A server named "${name}" already exists. Pick another name, or remove the old one first with \`patchbay server remove ${name}\`.`,
  );
}

function notFound(name: string): HubError {
  return new HubError('NOT_FOUND', `No server named "${name}". Run \`patchbay server list\` to see the configured servers.`);
}

function parseRow(row: ServerRow): Parsed {
  const transport = parseJson(row.transport);
  if (!transport.ok) return { ok: false, problem: `transport: ${transport.problem}` };
  const transportIssue = transportProblem(transport.value);
  if (transportIssue) return { ok: false, problem: `transport: ${transportIssue}` };
  const auth = parseJson(row.auth);
  if (!auth.ok) return { ok: false, problem: `auth: ${auth.problem}` };
  if (!isRecord(auth.value) || typeof auth.value.type !== 'string') return { ok: false, problem: 'auth: no "type"' };
  return {
    ok: true,
    config: {
      ...base(row),
      transport: transport.value as TransportConfig,
      auth: auth.value as AuthConfig,
    },
  };
}

function base(row: ServerRow): Omit<ServerConfig, 'transport' | 'auth'> {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled !== 0,
    ...(row.description !== null ? { description: row.description } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function salvage(row: ServerRow): ServerConfig {
  const transport = parseJson(row.transport);
  const auth = parseJson(row.auth);
  return {
    ...base(row),
    transport: transport.ok && !transportProblem(transport.value) ? (transport.value as TransportConfig) : { type: 'stdio', command: '', args: [], env: {} },
    auth: auth.ok && isRecord(auth.value) && typeof auth.value.type === 'string' ? (auth.value as AuthConfig) : { type: 'none' },
  };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: 'not valid JSON' };
  }
}

function transportProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'not an object';
  if (value.type === 'stdio') {
    if (typeof value.command !== 'string' || value.command === '') return 'stdio transport without a command';
    if (!Array.isArray(value.args) || !value.args.every((arg) => typeof arg === 'string')) return 'stdio "args" must be a list of strings';
    if (!isRecord(value.env)) return 'stdio "env" must be an object';
    return undefined;
  }
  if (value.type === 'http') {
    if (typeof value.url !== 'string' || value.url === '') return 'http transport without a url';
    if (!isRecord(value.headers)) return 'http "headers" must be an object';
    if (value.mode !== 'auto' && value.mode !== 'streamable-http' && value.mode !== 'sse') return 'http "mode" must be auto, streamable-http or sse';
    return undefined;
  }
  if (value.type === 'openapi') {
    if (typeof value.source !== 'string' || value.source === '') return 'openapi transport without a spec source';
    if (typeof value.baseUrl !== 'string' || value.baseUrl === '') return 'openapi transport without a base URL';
    return undefined;
  }
  return `unknown transport type ${JSON.stringify(value.type)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
