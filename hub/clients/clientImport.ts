// `patchbay import CLIENT`: the stdio and remote servers a user already configured in a client
// become hub servers (env and header values that look like secrets go to the SecretStore, by the
// ServerService's rules), optionally replaced in that client's file by the single hub entry.
import type { ClientImportedServer, ClientImportResult, CreateServerInput, ImportClientInput, ServerView } from '../../shared/api';
import { ImportClientSchema } from '../../shared/api';
import { SERVER_NAME_PATTERN } from '../../shared/types';
import { errorMessage, HubError } from '../core/errors';
import { parseInput } from '../core/validate';
import { readFileIfExists } from './atomicWrite';
import { clientConfigPath, getClient } from './clientTable';
import type { ClientService } from './clientService';
import { isHubEntryName, looksLikeBridge, looksLikeHubUrl, sameOrigin } from './hubEntries';
import type { ConfiguredServer } from './types';
import { readEntries, removeServerEntry } from './writers';
import { deepEqual } from './writerUtil';

const PLACEHOLDER = /\$\{[^}]*\}/;

export async function importClient(service: ClientService, client: string, raw: ImportClientInput): Promise<ClientImportResult> {
  const input = parseInput(ImportClientSchema, raw, 'import request');
  const spec = getClient(client);
  const servers = service.deps.servers;
  if (!servers) throw new HubError('INTERNAL', 'internal: import needs the server service.');
  const path = clientConfigPath(spec, input.scope, service.pathContext(input.projectDir));
  const oldText = await readFileIfExists(path);
  if (oldText === undefined) {
    throw new HubError('NOT_FOUND', `There is no ${spec.displayName} config at ${path}, so there is nothing to import. Check the client and --scope.`);
  }
  const entries = readEntries(spec, oldText, { file: path });
  const result: ClientImportResult = { client: spec.id, displayName: spec.displayName, scope: input.scope, path, dryRun: input.dryRun, imported: [], skipped: [], warnings: [] };
  const existing = servers.list();
  const taken = new Set(existing.map((view) => view.name));
  const replaceable: string[] = [];

  for (const entry of entries) {
    if (input.only && !input.only.includes(entry.name)) continue;
    if (pointsAtHub(service, entry)) {
      result.skipped.push({ from: entry.name, reason: 'it is a Patchbay entry' });
      continue;
    }
    const same = existing.find((view) => sameTransport(view, entry));
    if (same) {
      result.skipped.push({ from: entry.name, reason: `already in the hub as "${same.name}"` });
      replaceable.push(entry.name);
      continue;
    }
    const as = uniqueName(serverNameOf(entry.name), taken);
    const create = toInput(service, entry, as, result.warnings);
    if (!create) {
      result.skipped.push({ from: entry.name, reason: 'it has neither a command nor a URL' });
      continue;
    }
    const imported: ClientImportedServer = { from: entry.name, as, kind: entry.kind, enabled: entry.disabled !== true, secrets: [] };
    if (!input.dryRun) {
      try {
        const config = await servers.create(create);
        const values = config.transport.type === 'stdio' ? config.transport.env : config.transport.type === 'http' ? config.transport.headers : {};
        imported.secrets = Object.entries(values)
          .filter(([, ref]) => 'secret' in ref)
          .map(([key]) => key);
      } catch (error) {
        result.skipped.push({ from: entry.name, reason: errorMessage(error) });
        continue;
      }
    }
    taken.add(as);
    result.imported.push(imported);
    replaceable.push(entry.name);
  }

  if (input.replace && replaceable.length > 0) {
    let text: string | undefined = oldText;
    for (const name of replaceable) text = removeServerEntry(spec, text, name, { file: path });
    const plan = service.planConnect(spec, input.scope, path, oldText, text, { dryRun: input.dryRun });
    const connected = await service.commitConnect(plan);
    result.replaced = { changed: connected.changed, removed: replaceable, entryName: connected.entryName };
    if (connected.backupPath) result.replaced.backupPath = connected.backupPath;
    if (connected.diff) result.replaced.diff = connected.diff;
  }
  service.deps.logger.info('client servers imported', { client: spec.id, imported: result.imported.length, skipped: result.skipped.length, dryRun: input.dryRun });
  return result;
}

function pointsAtHub(service: ClientService, entry: ConfiguredServer): boolean {
  if (isHubEntryName(entry.name)) return true;
  if (entry.kind === 'stdio') return looksLikeBridge(entry.command, entry.args);
  return sameOrigin(entry.url ?? '', service.deps.hubUrl) || looksLikeHubUrl(entry.url ?? '');
}

function sameTransport(view: ServerView, entry: ConfiguredServer): boolean {
  const transport = view.transport;
  if (transport.type === 'stdio') return entry.kind === 'stdio' && transport.command === entry.command && deepEqual(transport.args, entry.args ?? []);
  return entry.kind === 'http' && transport.type === 'http' && transport.url === entry.url;
}

/** A hub server name from a client's entry name: `GitHub Server` -> `github-server`. */
export function serverNameOf(name: string): string {
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return base === '' ? 'server' : base;
}

/** `name`, else `name-2`, `name-3`, …: never one the hub already has. */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base) && SERVER_NAME_PATTERN.test(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function toInput(service: ClientService, entry: ConfiguredServer, name: string, warnings: string[]): CreateServerInput | undefined {
  const description = `Imported from ${entry.name}`;
  const enabled = entry.disabled !== true;
  const warnPlaceholders = (kind: string, values: Record<string, string>) => {
    for (const [key, value] of Object.entries(values)) {
      if (PLACEHOLDER.test(value)) warnings.push(`"${entry.name}": ${kind} ${key} uses a client placeholder (\${…}) that the hub does not expand; set the real value with \`patchbay server\` or the UI.`);
    }
  };
  if (entry.kind === 'stdio' && entry.command !== undefined) {
    const env = entry.env ?? {};
    warnPlaceholders('env', env);
    return { name, description, enabled, transport: { type: 'stdio', command: entry.command, args: entry.args ?? [], env } };
  }
  if (entry.kind === 'http' && entry.url !== undefined) {
    const headers: Record<string, string> = { ...entry.headers };
    warnPlaceholders('header', headers);
    if (entry.bearerTokenEnvVar !== undefined) {
      const token = service.deps.env[entry.bearerTokenEnvVar];
      if (token) headers.Authorization = `Bearer ${token}`;
      else warnings.push(`"${entry.name}" takes its token from $${entry.bearerTokenEnvVar}, which is not set here; add the Authorization header in the hub yourself.`);
    }
    return { name, description, enabled, transport: { type: 'http', url: entry.url, headers, mode: entry.transport === 'sse' ? 'sse' : 'auto' } };
  }
  return undefined;
}
