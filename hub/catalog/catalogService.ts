// Adding servers from the catalog of official remote servers and from MCP Registry server.json
// documents, for the CLI and the admin API alike. The servers are created through ServerService,
// so credentials go to the secret store like any other header or env value. The hub builds this
// service at start-up, which uses none of it: the catalog's loader and the registry's parsers (and
// with them zod and their schemas, tens of milliseconds of `patchbay serve`'s cold start) load on
// first use.
import type { CatalogAddInput, CatalogAddResult, CreateServerInput, InputValue, RegistryCandidateView, RegistryImportInput, RegistryPreview, RegistrySourceInput } from '../../shared/api';
import type { Catalog, CatalogAuth } from '../../shared/catalog';
import { API_KEY_PLACEHOLDER } from '../../shared/catalogConstants';
import type { ValueRef } from '../../shared/types';
import { HubError } from '../core/errors';
import { loadOnce } from '../core/loadOnce';
import { parseApiInput } from '../core/validate';
import { transportView } from '../serverService';
import type { ServerService } from '../serverService';
import { catalogEntryToServerInput } from './catalogServerInput';
import type { FetchLike } from './registryFetch';
import type { RegistryCandidate, RegistryServerList, RegistryUserInput } from './registryTypes';

export interface CatalogServiceOptions {
  servers: ServerService;
  /** Default: resources/catalog.json found next to the code. */
  catalogPath?: string;
  /** For registry URLs (default: global fetch). */
  fetch?: FetchLike;
}

export class CatalogService {
  private readonly loadCatalog = loadOnce(async () => {
    const { loadCatalog } = await import('./catalogLoader');
    return loadCatalog(...(this.opts.catalogPath ? [this.opts.catalogPath] : []));
  });

  constructor(private readonly opts: CatalogServiceOptions) {}

  /** The validated catalog (read once). */
  catalog(): Promise<Catalog> {
    return this.loadCatalog();
  }

  /** Creates the server of one catalog entry (`patchbay server add github --from-catalog`). */
  async add(raw: CatalogAddInput): Promise<CatalogAddResult> {
    const input = await parseApiInput('CatalogAddSchema', raw, 'catalog server');
    const catalog = await this.catalog();
    const { findCatalogEntry } = await import('./catalogLoader');
    const entry = findCatalogEntry(catalog, input.id);
    const built = catalogEntryToServerInput(entry, { variables: input.variables, ...(input.name ? { name: input.name } : {}) });
    const headers: Record<string, InputValue> = {};
    if (built.auth.type === 'api-key') {
      if (!input.apiKey) {
        throw new HubError('VALIDATION_FAILED', `The catalog entry "${entry.id}" needs an API key${built.auth.keyUrl ? ` (create one at ${built.auth.keyUrl})` : ''}. Pass it with --api-key VALUE (API: "apiKey").`);
      }
      headers[built.auth.header] = { value: built.auth.template.replace(API_KEY_PLACEHOLDER, input.apiKey), secret: true };
    } else if (input.apiKey) {
      throw new HubError('VALIDATION_FAILED', `The catalog entry "${entry.id}" does not take an API key (it uses ${built.auth.type === 'oauth2' ? 'OAuth2' : 'no auth'}). Leave out --api-key.`);
    }
    const config = await this.opts.servers.create({
      name: built.name,
      description: built.description,
      enabled: input.enabled,
      transport: { type: 'http', url: built.transport.url, headers, mode: built.transport.mode },
    });
    return { server: this.opts.servers.view(config), nextSteps: nextSteps(built.name, built.auth) };
  }

  /** The candidates of a server.json / registry response, numbered for `pick`. */
  async preview(raw: RegistrySourceInput): Promise<RegistryPreview> {
    const source = await parseApiInput('RegistrySourceSchema', raw, 'registry source');
    const list = await this.read(source);
    const candidates: RegistryCandidateView[] = [];
    const skipped: RegistryPreview['skipped'] = [];
    for (const server of list.servers) {
      for (const candidate of server.candidates) candidates.push(candidateView(candidates.length + 1, server.registryName, candidate));
      for (const item of server.skipped) skipped.push({ server: server.registryName, ...item });
    }
    return { candidates, skipped };
  }

  /** Creates the server of one candidate, with the user's values for its inputs. */
  async importRegistry(raw: RegistryImportInput): Promise<CatalogAddResult> {
    const input = await parseApiInput('RegistryImportSchema', raw, 'registry import');
    const list = await this.read(input.source);
    const all = list.servers.flatMap((server) => server.candidates);
    if (all.length === 0) throw new HubError('VALIDATION_FAILED', 'The server.json has no remote or package this hub can run. Add the server by hand with `patchbay server add`.');
    const pick = input.pick ?? 1;
    const candidate = all[pick - 1];
    if (!candidate) throw new HubError('VALIDATION_FAILED', `There is no candidate ${pick}: the server.json offers ${all.length} (1-${all.length}). Run the preview to see them.`);
    const server = fillCandidate(candidate, input.values, input.name ?? candidate.name, input.enabled);
    const config = await this.opts.servers.create(server);
    const steps = candidate.kind === 'remote' && !candidate.inputs.some((item) => item.secret) ? [`If the server asks for a login, run \`patchbay auth connect ${config.name}\`.`] : [];
    return { server: this.opts.servers.view(config), nextSteps: steps };
  }

  private async read(source: RegistrySourceInput): Promise<RegistryServerList> {
    if ('url' in source) {
      const { fetchRegistryServer } = await import('./registryFetch');
      return fetchRegistryServer(source.url, this.opts.fetch ?? fetch);
    }
    let json: unknown;
    try {
      json = JSON.parse(source.text);
    } catch (cause) {
      throw new HubError('VALIDATION_FAILED', `The server.json is not valid JSON: ${(cause as Error).message}. Fix the syntax and try again.`, { cause });
    }
    const { parseRegistryResponse, parseRegistryServer } = await import('./registryServer');
    if (typeof json === 'object' && json !== null && ('servers' in json || 'server' in json)) return parseRegistryResponse(json);
    return { servers: [parseRegistryServer(json)] };
  }
}

function nextSteps(name: string, auth: CatalogAuth): string[] {
  if (auth.type !== 'oauth2') return [];
  const setup = auth.clientRegistration === 'preregistered' ? ` First create an OAuth client${auth.clientSetupUrl ? ` at ${auth.clientSetupUrl}` : ''}.` : '';
  return [`This server signs in with OAuth2: run \`patchbay auth connect ${name}\` to connect your account.${setup}`];
}

function candidateView(pick: number, registryName: string, candidate: RegistryCandidate): RegistryCandidateView {
  return {
    pick,
    registryName,
    kind: candidate.kind,
    name: candidate.name,
    description: candidate.description,
    transport: transportView(candidate.transport),
    inputs: candidate.inputs.map((item) => ({
      kind: item.kind,
      name: item.name,
      ...(item.description !== undefined ? { description: item.description } : {}),
      required: item.required,
      secret: item.secret,
      ...(item.default !== undefined ? { default: item.default } : {}),
      ...(item.choices !== undefined ? { choices: item.choices } : {}),
    })),
  };
}

/** Fills the candidate's inputs with the user's values (or their defaults) and builds the server input. */
function fillCandidate(candidate: RegistryCandidate, values: Record<string, string>, name: string, enabled: boolean): CreateServerInput {
  const known = new Set(candidate.inputs.map((item) => item.name));
  const unknown = Object.keys(values).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    const takes = known.size > 0 ? `it takes ${[...known].join(', ')}` : 'it takes none';
    throw new HubError('VALIDATION_FAILED', `Unknown input ${unknown.map((key) => `"${key}"`).join(', ')} for this server: ${takes}. Remove the extra --input.`);
  }
  const given = (item: RegistryUserInput): string | undefined => {
    const value = values[item.name] ?? item.default;
    if (value === undefined && item.required) {
      throw new HubError('VALIDATION_FAILED', `The server needs a value for ${item.kind} "${item.name}"${item.description ? ` (${item.description})` : ''}. Pass it with --input ${item.name}=VALUE.`);
    }
    return value;
  };
  const fill = (template: string | undefined, value: string): string => (template ? template.replace(/\{[^{}]+\}/g, value) : value);
  const description = candidate.description;
  if (candidate.kind === 'remote') {
    const headers: Record<string, InputValue> = Object.fromEntries(Object.entries(candidate.transport.headers).map(([key, ref]) => [key, plain(ref)]));
    let url = candidate.transport.url;
    for (const item of candidate.inputs) {
      const value = given(item);
      if (value === undefined) continue;
      if (item.kind === 'header') headers[item.name] = { value: fill(item.template, value), secret: item.secret };
      else if (item.kind === 'url-variable') url = url.replaceAll(`{${item.name}}`, encodeURIComponent(value));
    }
    return { name, description, enabled, transport: { type: 'http', url, headers, mode: candidate.transport.mode } };
  }
  const env: Record<string, InputValue> = Object.fromEntries(Object.entries(candidate.transport.env).map(([key, ref]) => [key, plain(ref)]));
  let args = candidate.transport.args;
  for (const item of candidate.inputs) {
    const value = given(item);
    if (item.kind === 'env' && value !== undefined) env[item.name] = { value: fill(item.template, value), secret: item.secret };
    if (item.kind === 'argument') args = args.map((arg) => (value === undefined ? arg : arg.replaceAll(`{${item.name}}`, value)));
  }
  args = args.filter((arg) => !/^\{[^{}]+\}$/.test(arg));
  return { name, description, enabled, transport: { type: 'stdio', command: candidate.transport.command, args, env } };
}

function plain(ref: ValueRef): InputValue {
  if ('value' in ref) return { value: ref.value, secret: false };
  throw new HubError('INTERNAL', 'A registry candidate carried a secret reference; candidates hold plain values only.');
}
