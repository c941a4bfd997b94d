// The official MCP Registry's server.json -> candidate server inputs. Remotes become http
// transports, packages stdio commands (registryPackages.ts); the headers, env vars, arguments and
// url variables that need user values are listed with each candidate, marked secret or not.
import { SERVER_NAME_PATTERN } from '../../shared/types';
import type { ValueRef } from '../../shared/types';
import { HubError } from '../core/errors';
import { anyVariableSecret, hasPlaceholder, packageToCandidate, placeholders, registryInput } from './registryPackages';
import { RegistryServerJsonSchema, RegistryServerListSchema, RegistryServerResponseSchema } from './registrySchema';
import type { RegistryRemote, RegistryServerJson } from './registrySchema';
import type { RegistryCandidate, RegistryRemoteCandidate, RegistryServer, RegistryServerList, RegistryUserInput } from './registryTypes';
import { formatIssues } from './zodIssues';
import type { IssuePath } from './zodIssues';

/**
 * Parses one server.json document. Throws HubError('VALIDATION_FAILED') naming the offending field
 * (e.g. `remotes[0].url`). `where` prefixes paths when the document sits inside a larger one.
 */
export function parseRegistryServer(json: unknown, where = ''): RegistryServer {
  const result = RegistryServerJsonSchema.safeParse(json);
  if (!result.success) {
    const prefix = (path: IssuePath): IssuePath => (where === '' ? path : [where, ...path]);
    const issues = result.error.issues.map((issue) => ({ ...issue, path: [...prefix(issue.path)] }));
    throw new HubError('VALIDATION_FAILED', `Invalid server.json: ${formatIssues(issues)}. Fix these fields (see the server.json schema of the MCP Registry).`, {
      details: issues,
    });
  }
  return toRegistryServer(result.data, where);
}

/**
 * Parses a registry API response: a list (`{ servers: [{ server, _meta }], metadata }`, from
 * GET /v0.1/servers) or a single server (`{ server, _meta }`, from GET .../versions/{version}).
 */
export function parseRegistryResponse(json: unknown): RegistryServerList {
  if (isObject(json) && 'servers' in json) {
    const list = RegistryServerListSchema.safeParse(json);
    if (!list.success) throw new HubError('VALIDATION_FAILED', `Invalid registry response: ${formatIssues(list.error.issues)}. Expected { servers: [{ server, _meta }], metadata }.`);
    const servers = list.data.servers.map((entry, index) => withMeta(parseRegistryServer(entry.server, `servers[${index}].server`), entry._meta));
    const nextCursor = list.data.metadata?.nextCursor ?? list.data.metadata?.next_cursor;
    return { servers, ...(nextCursor ? { nextCursor } : {}) };
  }
  if (isObject(json) && 'server' in json) {
    const single = RegistryServerResponseSchema.safeParse(json);
    if (!single.success) throw new HubError('VALIDATION_FAILED', `Invalid registry response: ${formatIssues(single.error.issues)}. Expected { server, _meta }.`);
    return { servers: [withMeta(parseRegistryServer(single.data.server, 'server'), single.data._meta)] };
  }
  throw new HubError('VALIDATION_FAILED', 'Invalid registry response: expected { servers: [...] } (a list) or { server: {...} } (one server). Check that the URL is a registry API endpoint such as /v0.1/servers.');
}

/** `io.github.acme/Weather_Server` -> `weather-server`, a valid server name. */
export function suggestServerName(registryName: string): string {
  const last = registryName.slice(registryName.lastIndexOf('/') + 1);
  const name = last
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return SERVER_NAME_PATTERN.test(name) ? name : 'server';
}

function toRegistryServer(server: RegistryServerJson, where: string): RegistryServer {
  const name = suggestServerName(server.name);
  const description = server.title ? `${server.title}: ${server.description}` : server.description;
  const at = (path: string): string => (where === '' ? path : `${where}.${path}`);
  const candidates: RegistryCandidate[] = [];
  const skipped: RegistryServer['skipped'] = [];
  (server.remotes ?? []).forEach((remote, index) => candidates.push(remoteToCandidate(remote, name, server.description, at(`remotes[${index}]`))));
  (server.packages ?? []).forEach((pkg, index) => {
    const result = packageToCandidate(pkg, name, server.description, at(`packages[${index}]`));
    if (result.ok) candidates.push(result.candidate);
    else skipped.push({ what: `${pkg.registryType} package ${pkg.identifier}`, reason: result.reason });
  });
  return {
    registryName: server.name,
    ...(server.title ? { title: server.title } : {}),
    description,
    version: server.version,
    ...(server.websiteUrl ? { websiteUrl: server.websiteUrl } : {}),
    ...(server.repository?.url ? { repositoryUrl: server.repository.url } : {}),
    candidates,
    skipped,
  };
}

function remoteToCandidate(remote: RegistryRemote, name: string, description: string, path: string): RegistryRemoteCandidate {
  const inputs: RegistryUserInput[] = [];
  const used = placeholders(remote.url);
  if (used.length === 0) {
    let url: URL | undefined;
    try {
      url = new URL(remote.url);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new HubError('VALIDATION_FAILED', `Invalid server.json: ${path}.url ${JSON.stringify(remote.url)} is not a valid http(s) URL. Fix the url.`);
    }
  }
  for (const variable of new Set(used)) {
    const declared = remote.variables?.[variable];
    if (declared) inputs.push(registryInput('url-variable', variable, declared, declared.isSecret === true));
    else inputs.push({ kind: 'url-variable', name: variable, required: true, secret: false });
  }
  const headers: Record<string, ValueRef> = {};
  for (const header of remote.headers ?? []) {
    const secret = header.isSecret === true || anyVariableSecret(header.variables);
    if (header.value !== undefined && !hasPlaceholder(header.value) && !secret) {
      headers[header.name] = { value: header.value };
      continue;
    }
    const template = header.value !== undefined && hasPlaceholder(header.value) ? header.value : undefined;
    inputs.push(registryInput('header', header.name, header, secret, template));
  }
  return {
    kind: 'remote',
    name,
    description,
    transport: { type: 'http', url: remote.url, headers, mode: remote.type === 'sse' ? 'sse' : 'streamable-http' },
    inputs,
  };
}

function withMeta(server: RegistryServer, meta: Record<string, unknown> | undefined): RegistryServer {
  return meta ? { ...server, meta } : server;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
