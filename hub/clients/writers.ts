// The pure writers: (client, old text, name, entry) -> new text, and the reader for entries already
// in a client's config. No I/O here; see atomicWrite.ts for putting the text on disk.
import { HubError } from '../core/errors';
import { resolveClient } from './clientTable';
import { assertEntryName } from './entries';
import { jsonServers, removeJson, upsertJson } from './jsonWriter';
import type { JsonTarget } from './jsonWriter';
import { removeToml, tomlServers, upsertToml } from './tomlWriter';
import type { TomlTarget } from './tomlWriter';
import type { ClientEntry, ClientId, ClientSpec, ConfiguredServer, HubEndpoint } from './types';
import { isPlainObject, stringArray, stringRecord } from './writerUtil';
import type { PlainObject } from './writerUtil';

export interface WriteOptions {
  /** The file's path, to name it in error messages. */
  file?: string;
}

function label(spec: ClientSpec, options: WriteOptions): string {
  return options.file ?? `${spec.displayName}'s config file`;
}

function jsonTarget(spec: ClientSpec, options: WriteOptions): JsonTarget {
  return { format: spec.format === 'jsonc' ? 'jsonc' : 'json', serversKey: spec.serversKey, label: label(spec, options) };
}

function tomlTarget(spec: ClientSpec, options: WriteOptions): TomlTarget {
  return { serversKey: spec.serversKey, label: label(spec, options) };
}

/** The client's entry for the hub (Claude Desktop: the stdio bridge; everyone else: http + bearer token). */
export function buildEntry(client: ClientId | ClientSpec, hub: HubEndpoint): ClientEntry {
  return resolveClient(client).build(hub);
}

/**
 * Adds or replaces the entry `name`, leaving every other entry, comment and setting as it was.
 * `oldText` undefined (or blank) means no file yet: the result is a new, 2-space formatted file.
 * Idempotent: applying the same entry again returns the text unchanged. An unparseable file
 * throws `BAD_REQUEST` naming line and column.
 */
export function upsertEntry(client: ClientId | ClientSpec, oldText: string | undefined, name: string, entry: ClientEntry, options: WriteOptions = {}): string {
  const spec = resolveClient(client);
  assertEntryName(name);
  return spec.format === 'toml'
    ? upsertToml(tomlTarget(spec, options), oldText, name, entry)
    : upsertJson(jsonTarget(spec, options), oldText, name, entry);
}

/** Removes the entry `name`; the text is returned unchanged when there is no such entry (`''` for no file). */
export function removeEntry(client: ClientId | ClientSpec, oldText: string | undefined, name: string, options: WriteOptions = {}): string {
  const spec = resolveClient(client);
  assertEntryName(name);
  return spec.format === 'toml' ? removeToml(tomlTarget(spec, options), oldText, name) : removeJson(jsonTarget(spec, options), oldText, name);
}

/**
 * Removes any entry by its exact name, ours or the user's (import --replace). Like removeEntry,
 * but the name is only checked to be non-empty: foreign configs use names like "My Files".
 */
export function removeServerEntry(client: ClientId | ClientSpec, oldText: string | undefined, name: string, options: WriteOptions = {}): string {
  const spec = resolveClient(client);
  if (name.length === 0) throw new HubError('BAD_REQUEST', 'The entry name to remove is empty. Name the entry as it appears in the config file.');
  return spec.format === 'toml' ? removeToml(tomlTarget(spec, options), oldText, name) : removeJson(jsonTarget(spec, options), oldText, name);
}

/** The raw map of servers in a client's config (`{}` when there is none). */
export function readServerMap(client: ClientId | ClientSpec, text: string | undefined, options: WriteOptions = {}): PlainObject {
  const spec = resolveClient(client);
  return spec.format === 'toml' ? tomlServers(tomlTarget(spec, options), text) : jsonServers(jsonTarget(spec, options), text);
}

/**
 * The servers configured in a client's config file, normalised. Entries that are neither a command
 * nor a URL (e.g. Zed extension servers) are skipped. Throws `BAD_REQUEST` for an unparseable file.
 */
export function readEntries(client: ClientId | ClientSpec, text: string | undefined, options: WriteOptions = {}): ConfiguredServer[] {
  const spec = resolveClient(client);
  const servers = readServerMap(spec, text, options);
  const out: ConfiguredServer[] = [];
  for (const [name, raw] of Object.entries(servers)) {
    if (!isPlainObject(raw)) continue;
    const server = normalise(spec, name, raw);
    if (server) out.push(server);
  }
  return out;
}

function normalise(spec: ClientSpec, name: string, raw: PlainObject): ConfiguredServer | undefined {
  const disabled = raw.disabled === true || raw.enabled === false;
  // Zed's older shape nests the command: { command: { path, args, env } }.
  const nested = isPlainObject(raw.command) ? raw.command : undefined;
  const command = typeof raw.command === 'string' ? raw.command : typeof nested?.path === 'string' ? nested.path : undefined;
  if (command !== undefined) {
    const server: ConfiguredServer = { name, kind: 'stdio', command };
    const args = stringArray(nested ? nested.args : raw.args);
    const env = stringRecord(nested ? nested.env : raw.env);
    if (args) server.args = args;
    if (env) server.env = env;
    if (disabled) server.disabled = true;
    return server;
  }
  const http = firstString(raw.httpUrl, raw.serverUrl, raw.url);
  if (http === undefined) return undefined;
  const server: ConfiguredServer = { name, kind: 'http', url: http, transport: transportOf(spec, raw) };
  const headers = stringRecord(raw.headers ?? raw.http_headers);
  if (headers) server.headers = headers;
  if (typeof raw.bearer_token_env_var === 'string') server.bearerTokenEnvVar = raw.bearer_token_env_var;
  if (disabled) server.disabled = true;
  return server;
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string');
}

function transportOf(spec: ClientSpec, raw: PlainObject): 'streamable-http' | 'sse' {
  if (raw.type === 'sse' || raw.transport === 'sse') return 'sse';
  // Gemini CLI: `url` means SSE, `httpUrl` streamable HTTP.
  if (spec.id === 'gemini' && typeof raw.httpUrl !== 'string') return 'sse';
  return 'streamable-http';
}
