// `patchbay clients`: per client, whether it is installed, which config files exist, and whether
// their Patchbay entries point at this hub with a valid token — with what is wrong otherwise
// (stale port, revoked token, an entry shadowed by a project file, a moved node binary, …).
import { access } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import type { ClientFileStatus, ClientHubEntryStatus, ClientProblem, ClientStatusView } from '../../shared/api';
import type { TokenInfo } from '../../shared/types';
import { defaultHome } from '../core/paths';
import { errorMessage } from '../core/errors';
import { readFileIfExists } from './atomicWrite';
import { CLIENTS } from './clientTable';
import type { ClientService } from './clientService';
import { TOKEN_ENV_VAR } from './entries';
import { bridgeTarget, endpointUrl, isHubEntryName, looksLikeBridge, looksLikeHubUrl, sameOrigin, tokenId, tokenOfEntry } from './hubEntries';
import type { ClientScope, ClientSpec, ConfiguredServer } from './types';
import { readEntries, readServerMap } from './writers';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function isAbsoluteAnywhere(path: string): boolean {
  return posix.isAbsolute(path) || win32.isAbsolute(path);
}

export async function diagnoseClients(service: ClientService, projectDir?: string): Promise<ClientStatusView[]> {
  return Promise.all(CLIENTS.map((spec) => diagnoseClient(service, spec, projectDir)));
}

async function diagnoseClient(service: ClientService, spec: ClientSpec, projectDir?: string): Promise<ClientStatusView> {
  const ctx = service.pathContext(projectDir);
  const detected = await Promise.all(spec.detect(ctx).map(exists));
  const paths = spec.paths(ctx);
  const locations: Array<{ scope: ClientScope; path: string }> = [{ scope: 'user', path: paths.user }];
  if (paths.project !== undefined) locations.push({ scope: 'project', path: paths.project });
  const files = await Promise.all(locations.map(({ scope, path }) => diagnoseFile(service, spec, scope, path)));

  // A project file's entry wins over the user file's entry of the same name, in that project.
  const project = files.find((file) => file.scope === 'project');
  const projectNames = new Set(project ? await entryNames(spec, project) : []);
  for (const entry of files.find((file) => file.scope === 'user')?.hubEntries ?? []) {
    if (!project || !projectNames.has(entry.name)) continue;
    entry.problems.push({ code: 'shadowed', message: `${spec.displayName}'s "${entry.name}" in ${project.path} takes precedence over the one in your user config in this project.` });
    entry.ok = false;
  }

  const problems: ClientProblem[] = [];
  for (const file of files) {
    if (file.error) problems.push({ code: 'unparseable', message: file.error });
    for (const entry of file.hubEntries) problems.push(...entry.problems);
  }
  return {
    client: spec.id,
    displayName: spec.displayName,
    installed: detected.some(Boolean) || files.some((file) => file.exists),
    scopes: [...spec.scopes],
    files,
    connected: files.some((file) => file.hubEntries.some((entry) => entry.ok)),
    problems,
  };
}

async function entryNames(spec: ClientSpec, file: ClientFileStatus): Promise<string[]> {
  if (!file.exists || file.error) return [];
  try {
    return Object.keys(readServerMap(spec, await readFileIfExists(file.path)));
  } catch {
    return [];
  }
}

async function diagnoseFile(service: ClientService, spec: ClientSpec, scope: ClientScope, path: string): Promise<ClientFileStatus> {
  const status: ClientFileStatus = { scope, path, exists: false, serverCount: 0, hubEntries: [] };
  let text: string | undefined;
  try {
    text = await readFileIfExists(path);
  } catch (error) {
    status.exists = true;
    status.error = errorMessage(error);
    return status;
  }
  if (text === undefined) return status;
  status.exists = true;
  try {
    const raw = readServerMap(spec, text, { file: path });
    const servers = readEntries(spec, text, { file: path });
    status.serverCount = Object.keys(raw).length;
    for (const server of servers) {
      if (!isOurs(server)) continue;
      status.hubEntries.push(await diagnoseEntry(service, spec, server, raw[server.name]));
    }
  } catch (error) {
    status.error = errorMessage(error);
  }
  return status;
}

function isOurs(server: ConfiguredServer): boolean {
  if (isHubEntryName(server.name)) return true;
  return server.kind === 'http' ? looksLikeHubUrl(server.url ?? '') : looksLikeBridge(server.command, server.args);
}

async function diagnoseEntry(service: ClientService, spec: ClientSpec, server: ConfiguredServer, raw: unknown): Promise<ClientHubEntryStatus> {
  const { deps } = service;
  const again = `Run \`patchbay connect ${spec.id}${targetFlag(server)}\` again to fix it.`;
  const entry: ClientHubEntryStatus = { name: server.name, kind: server.kind, token: 'missing', ok: false, problems: [] };
  const problems = entry.problems;

  if (server.kind === 'http') {
    entry.url = server.url;
    if (!sameOrigin(server.url ?? '', deps.hubUrl)) {
      const where = deps.hubRunning === false ? `the hub's default address is ${deps.hubUrl} (it is not running now)` : `the hub is at ${deps.hubUrl}`;
      problems.push({ code: 'stale-url', message: `${spec.displayName}'s "${server.name}" points at ${originOf(server.url)}, but ${where}. ${again}` });
    }
  } else {
    entry.url = endpointUrl(deps.hubUrl, bridgeTarget(server.args));
    const script = (server.args ?? []).find((arg) => /patchbay(\.mjs)?$/i.test(arg));
    for (const file of [server.command, script]) {
      if (file === undefined) continue;
      if (!isAbsoluteAnywhere(file) || !(await exists(file))) {
        problems.push({ code: 'missing-executable', message: `${spec.displayName}'s "${server.name}" runs ${file}, which does not exist (or is not an absolute path). ${again}` });
      }
    }
    const platform = deps.platform ?? process.platform;
    const home = server.env?.PATCHBAY_HOME ?? defaultHome({ ...deps.env, PATCHBAY_HOME: undefined }, platform);
    if (home !== deps.dataHome) {
      problems.push({ code: 'other-data-dir', message: `${spec.displayName}'s "${server.name}" uses the Patchbay data directory ${home}, not this hub's (${deps.dataHome}). ${again}` });
    }
  }

  if (spec.id === 'codex' && server.kind === 'http') {
    entry.token = 'external';
    const fromEnv = server.bearerTokenEnvVar ? deps.env[server.bearerTokenEnvVar] : undefined;
    if (fromEnv !== undefined) checkToken(service, spec, server, fromEnv, entry, again);
  } else {
    const token = tokenOfEntry(raw);
    if (token === undefined) {
      problems.push({ code: 'token-missing', message: `${spec.displayName}'s "${server.name}" sends no hub token. ${again}` });
    } else {
      checkToken(service, spec, server, token, entry, again);
    }
  }
  entry.ok = problems.length === 0 && (entry.token === 'valid' || entry.token === 'external');
  return entry;
}

function checkToken(service: ClientService, spec: ClientSpec, server: ConfiguredServer, token: string, entry: ClientHubEntryStatus, again: string): void {
  const tokens = service.deps.tokens;
  const valid = tokens.verify(token);
  if (valid) {
    entry.token = 'valid';
    entry.tokenName = valid.name;
    entry.tokenPrefix = valid.prefix;
    return;
  }
  const id = tokenId(token);
  const known: TokenInfo | undefined = id === undefined ? undefined : tokens.list().find((info) => info.id === id);
  const source = spec.id === 'codex' ? `$${server.bearerTokenEnvVar ?? TOKEN_ENV_VAR}` : 'the token';
  if (known) {
    entry.tokenName = known.name;
    entry.tokenPrefix = known.prefix;
  }
  if (known?.revokedAt) {
    entry.token = 'revoked';
    entry.problems.push({ code: 'token-revoked', message: `${spec.displayName}'s "${server.name}": ${source} (${known.prefix}, "${known.name}") was revoked on ${known.revokedAt.slice(0, 10)}. ${again}` });
  } else if (known?.expiresAt && Date.parse(known.expiresAt) <= Date.now()) {
    entry.token = 'expired';
    entry.problems.push({ code: 'token-expired', message: `${spec.displayName}'s "${server.name}": ${source} (${known.prefix}) expired on ${known.expiresAt.slice(0, 10)}. ${again}` });
  } else {
    entry.token = 'unknown';
    entry.problems.push({ code: 'token-unknown', message: `${spec.displayName}'s "${server.name}": this hub does not know ${source} (another data directory, or a mistyped token). ${again}` });
  }
}

function targetFlag(server: ConfiguredServer): string {
  const target = server.kind === 'stdio' ? bridgeTarget(server.args) : server.name.startsWith('patchbay-') ? server.name.slice('patchbay-'.length) : undefined;
  return target ? ` --target ${target}` : '';
}

function originOf(url: string | undefined): string {
  try {
    return new URL(url ?? '').origin;
  } catch {
    return JSON.stringify(url ?? '');
  }
}
