// Wires IDEs and agents to the hub: `connect` writes a client's hub entry with a hub token made for
// it, `disconnect` removes exactly that entry (and revokes its token), `snippets` shows what would
// be written. The doctor (clientDoctor.ts) and import (clientImport.ts) build on this. The CLI and
// the admin API share it; the pure writers do the text work, atomicWrite.ts the I/O.
import type {
  ClientConnectResult,
  ClientDisconnectResult,
  ClientImportResult,
  ClientSnippet,
  ClientStatusView,
  ConnectClientInput,
  DisconnectClientInput,
  ImportClientInput,
} from '../../shared/api';
import { ConnectClientSchema, DisconnectClientSchema } from '../../shared/api';
import type { TokenInfo } from '../../shared/types';
import { defaultHome } from '../core/paths';
import type { Logger } from '../core/logger';
import { parseInput } from '../core/validate';
import type { ServerService } from '../serverService';
import type { TokenRepo } from '../store/tokenRepo';
import { readFileIfExists, writeFileAtomic } from './atomicWrite';
import { CLIENTS, clientConfigPath, getClient, pathContextFromEnv } from './clientTable';
import { diagnoseClients } from './clientDoctor';
import { importClient } from './clientImport';
import { cursorInstallLink, stdioBridgeArgs, TOKEN_ENV_VAR } from './entries';
import { endpointUrl, hubEntryName, hubTokenName, isHubEntryName, lineDiff, redactTokens, tokenOfEntry } from './hubEntries';
import type { StdioLauncher } from './launcher';
import type { ClientEntry, ClientScope, ClientSpec, HubEndpoint, PathContext } from './types';
import { readServerMap, removeEntry, upsertEntry } from './writers';
import { deepEqual } from './writerUtil';

export interface ClientServiceDeps {
  tokens: TokenRepo;
  /** Needed by `import` only. */
  servers?: ServerService;
  /** The user's environment (HOME, APPDATA, XDG_CONFIG_HOME, CODEX_HOME, PATCHBAY_SECRET_STORE, …). */
  env: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  /** The user's home directory, where the clients keep their configs. */
  home: string;
  /** The hub's base URL, e.g. `http://127.0.0.1:4242`. */
  hubUrl: string;
  /** Whether a hub answers at `hubUrl` (the doctor mentions it when not). */
  hubRunning?: boolean;
  /** The hub's data directory (PATCHBAY_HOME). */
  dataHome: string;
  /** How Claude Desktop starts the stdio bridge. */
  launcher: StdioLauncher;
  logger: Logger;
}

/** Placeholder for a token a dry run would create. */
const NEW_TOKEN = '<new-token>';

interface TokenPlan {
  token: string;
  use: ClientConnectResult['token'];
  /** Created for this plan: revoke it if the write fails. */
  created?: TokenInfo;
  /** Only for Codex: the new token to show once. */
  createdToken?: string;
  /** Revoke these after the write succeeded. */
  revokeAfter: string[];
}

/** A connect computed but not yet written: `commitConnect` writes it. */
export interface ConnectPlan {
  spec: ClientSpec;
  scope: ClientScope;
  path: string;
  entryName: string;
  url: string;
  oldText: string | undefined;
  newText: string;
  entry: ClientEntry;
  token: TokenPlan;
  dryRun: boolean;
  notes: string[];
}

export interface PlanConnectOptions {
  target?: string;
  newToken?: boolean;
  dryRun?: boolean;
}

export class ClientService {
  constructor(readonly deps: ClientServiceDeps) {}

  pathContext(projectDir?: string): PathContext {
    return pathContextFromEnv(this.deps.env, this.deps.platform ?? process.platform, this.deps.home, projectDir);
  }

  configPath(client: string, scope: ClientScope = 'user', projectDir?: string): string {
    return clientConfigPath(getClient(client), scope, this.pathContext(projectDir));
  }

  /** Writes (or, with `dryRun`, shows) the client's hub entry. Running it twice changes nothing. */
  async connect(client: string, raw: ConnectClientInput = {}): Promise<ClientConnectResult> {
    const input = parseInput(ConnectClientSchema, raw, 'connect request');
    const spec = getClient(client);
    const path = clientConfigPath(spec, input.scope, this.pathContext(input.projectDir));
    const oldText = await readFileIfExists(path);
    const plan = this.planConnect(spec, input.scope, path, oldText, oldText, input);
    return this.commitConnect(plan);
  }

  /**
   * Computes the new text of `path` with the hub entry written over `baseText` (the file's text, or
   * the text after other edits, as import --replace does). Creates the token unless `dryRun`.
   * Throws BAD_REQUEST, creating nothing, when the file cannot be parsed.
   */
  planConnect(spec: ClientSpec, scope: ClientScope, path: string, oldText: string | undefined, baseText: string | undefined, options: PlanConnectOptions): ConnectPlan {
    const entryName = hubEntryName(options.target);
    const url = endpointUrl(this.deps.hubUrl, options.target);
    const existing = readServerMap(spec, baseText, { file: path })[entryName];
    const dryRun = options.dryRun === true;
    const notes: string[] = [];
    const token = spec.id === 'codex' ? this.codexToken(spec, existing, url, options, dryRun) : this.entryToken(spec, existing, options, dryRun);
    let entry: ClientEntry;
    let newText: string;
    try {
      entry = spec.build(this.endpoint(entryName, url, token.token, options.target));
      newText = upsertEntry(spec, baseText, entryName, entry, { file: path });
    } catch (error) {
      if (token.created) this.deps.tokens.revoke(token.created.id);
      throw error;
    }
    if (spec.id === 'codex') {
      notes.push(
        token.use.reused
          ? `Codex reads the token from $${TOKEN_ENV_VAR}: keep it set to the token shown when you first connected Codex (or run again with --new-token).`
          : `Codex reads the token from $${TOKEN_ENV_VAR}: set it in the environment Codex starts from, e.g. export ${TOKEN_ENV_VAR}=<the token above>.`,
      );
    }
    if (spec.transport === 'stdio') notes.push(`${spec.displayName} starts \`patchbay stdio\`, which relays to the running hub or runs one itself. Restart ${spec.displayName} to pick up the change.`);
    return { spec, scope, path, entryName, url, oldText, newText, entry, token, dryRun, notes };
  }

  /** Writes a plan atomically (with a backup of the previous file); revokes what the entry no longer uses. */
  async commitConnect(plan: ConnectPlan): Promise<ClientConnectResult> {
    const changed = plan.newText !== plan.oldText && !(plan.oldText === undefined && plan.newText === '');
    const result: ClientConnectResult = {
      client: plan.spec.id,
      displayName: plan.spec.displayName,
      scope: plan.scope,
      path: plan.path,
      entryName: plan.entryName,
      url: plan.url,
      dryRun: plan.dryRun,
      changed,
      token: plan.token.use,
      revokedTokenIds: [],
      notes: plan.notes,
    };
    if (plan.dryRun) {
      if (changed) result.diff = redactTokens(lineDiff(plan.path, plan.oldText, plan.newText));
      return result;
    }
    if (changed) {
      try {
        const written = await writeFileAtomic(plan.path, plan.newText);
        if (written.backupPath) result.backupPath = written.backupPath;
      } catch (error) {
        if (plan.token.created) this.deps.tokens.revoke(plan.token.created.id);
        throw error;
      }
    }
    result.revokedTokenIds = this.revokeAll(plan.token.revokeAfter);
    if (plan.spec.id === 'cursor') result.installLink = cursorInstallLink(plan.entryName, plan.entry);
    if (plan.token.createdToken) result.newToken = plan.token.createdToken;
    this.deps.logger.info('client connected', { client: plan.spec.id, entry: plan.entryName, changed, path: plan.path, tokenReused: plan.token.use.reused });
    return result;
  }

  /** Removes exactly our entry (`patchbay` or `patchbay-TARGET`) and revokes the token it held. */
  async disconnect(client: string, raw: DisconnectClientInput = {}): Promise<ClientDisconnectResult> {
    const input = parseInput(DisconnectClientSchema, raw, 'disconnect request');
    const spec = getClient(client);
    const path = clientConfigPath(spec, input.scope, this.pathContext(input.projectDir));
    const entryName = hubEntryName(input.target);
    const oldText = await readFileIfExists(path);
    const servers = readServerMap(spec, oldText, { file: path });
    const result: ClientDisconnectResult = { client: spec.id, displayName: spec.displayName, scope: input.scope, path, entryName, dryRun: input.dryRun, changed: false, revokedTokenIds: [] };
    if (!Object.hasOwn(servers, entryName)) return result;
    const newText = removeEntry(spec, oldText, entryName, { file: path });
    result.changed = newText !== oldText;
    const revoke = this.tokensHeldBy(spec, servers, entryName);
    if (input.dryRun) {
      if (result.changed) result.diff = redactTokens(lineDiff(path, oldText, newText));
      return result;
    }
    if (result.changed) {
      const written = await writeFileAtomic(path, newText);
      if (written.backupPath) result.backupPath = written.backupPath;
    }
    result.revokedTokenIds = this.revokeAll(revoke);
    this.deps.logger.info('client disconnected', { client: spec.id, entry: entryName, path });
    return result;
  }

  /** Per client: installed, config files, and whether they point at this hub with a valid token. */
  doctor(options: { projectDir?: string } = {}): Promise<ClientStatusView[]> {
    return diagnoseClients(this, options.projectDir);
  }

  /** Reads the servers configured in a client and adds them to the hub. */
  import(client: string, raw: ImportClientInput = {}): Promise<ClientImportResult> {
    return importClient(this, client, raw);
  }

  /** Per client: a config file holding just the hub entry, with `<token>` where the token goes. */
  snippets(options: { target?: string } = {}): ClientSnippet[] {
    const entryName = hubEntryName(options.target);
    const url = endpointUrl(this.deps.hubUrl, options.target);
    const ctx = this.pathContext();
    return CLIENTS.map((spec) => {
      const entry = spec.build(this.endpoint(entryName, url, '<token>', options.target));
      const snippet: ClientSnippet = {
        client: spec.id,
        displayName: spec.displayName,
        format: spec.format,
        transport: spec.transport,
        scopes: [...spec.scopes],
        userPath: spec.paths(ctx).user,
        entryName,
        entryShape: spec.entryShape,
        snippet: upsertEntry(spec, undefined, entryName, entry),
        notes: [],
      };
      if (spec.id === 'cursor') snippet.installLink = cursorInstallLink(entryName, entry);
      if (spec.id === 'codex') snippet.notes.push(`Codex reads the token from $${TOKEN_ENV_VAR}; \`patchbay connect codex\` creates one.`);
      if (spec.transport === 'stdio') snippet.notes.push(`The command and script paths are those of this Patchbay installation.`);
      return snippet;
    });
  }

  /** The hub as the client table's entry builders want it. */
  endpoint(name: string, url: string, token: string, target?: string): HubEndpoint {
    const { launcher, env, dataHome } = this.deps;
    const hub: HubEndpoint = { name, url, token, stdio: { command: launcher.command, args: stdioBridgeArgs(launcher.binScript, target) } };
    const defaultDataHome = defaultHome({ ...env, PATCHBAY_HOME: undefined }, this.deps.platform ?? process.platform);
    if (dataHome !== defaultDataHome) hub.home = dataHome;
    const extra: Record<string, string> = { ...launcher.env };
    if (env.PATCHBAY_SECRET_STORE) extra.PATCHBAY_SECRET_STORE = env.PATCHBAY_SECRET_STORE;
    if (Object.keys(extra).length > 0) hub.env = extra;
    return hub;
  }

  /** Every client whose entry carries its token: reuse a still-valid one (idempotence), else make one. */
  private entryToken(spec: ClientSpec, existing: unknown, options: PlanConnectOptions, dryRun: boolean): TokenPlan {
    const name = hubTokenName(spec.id, options.target);
    const current = tokenOfEntry(existing);
    const valid = current === undefined ? undefined : this.deps.tokens.verify(current);
    if (current !== undefined && valid && options.newToken !== true) {
      return { token: current, use: { name: valid.name, id: valid.id, prefix: valid.prefix, reused: true }, revokeAfter: [] };
    }
    const revokeAfter = valid ? [valid.id] : [];
    if (dryRun) return { token: NEW_TOKEN, use: { name, reused: false }, revokeAfter };
    const created = this.deps.tokens.create({ name });
    return { token: created.token, use: { name, id: created.info.id, prefix: created.info.prefix, reused: false }, created: created.info, revokeAfter };
  }

  /** Codex keeps no token in its file: it shares one token (`codex`) read from $PATCHBAY_TOKEN. */
  private codexToken(spec: ClientSpec, existing: unknown, url: string, options: PlanConnectOptions, dryRun: boolean): TokenPlan {
    const name = hubTokenName(spec.id, options.target);
    const active = this.activeTokens(name);
    const current = active.at(-1);
    const sameEntry = deepEqual(existing, spec.build({ name: 'x', url, token: 'x', stdio: { command: '/', args: ['/'] } }));
    if (current && sameEntry && options.newToken !== true) {
      return { token: TOKEN_ENV_VAR, use: { name, id: current.id, prefix: current.prefix, reused: true }, revokeAfter: [] };
    }
    const revokeAfter = active.map((token) => token.id);
    if (dryRun) return { token: NEW_TOKEN, use: { name, reused: false }, revokeAfter };
    const created = this.deps.tokens.create({ name });
    return { token: created.token, use: { name, id: created.info.id, prefix: created.info.prefix, reused: false }, created: created.info, createdToken: created.token, revokeAfter };
  }

  private activeTokens(name: string): TokenInfo[] {
    const now = Date.now();
    return this.deps.tokens.list().filter((token) => token.name === name && !token.revokedAt && !(token.expiresAt && Date.parse(token.expiresAt) <= now));
  }

  /** The token ids an entry holds, to revoke when it goes. Codex's shared token goes with its last entry. */
  private tokensHeldBy(spec: ClientSpec, servers: Record<string, unknown>, entryName: string): string[] {
    if (spec.id === 'codex') {
      const others = Object.keys(servers).filter((name) => name !== entryName && isHubEntryName(name));
      return others.length > 0 ? [] : this.activeTokens(hubTokenName('codex')).map((token) => token.id);
    }
    const token = tokenOfEntry(servers[entryName]);
    const valid = token === undefined ? undefined : this.deps.tokens.verify(token);
    return valid ? [valid.id] : [];
  }

  private revokeAll(ids: string[]): string[] {
    for (const id of ids) this.deps.tokens.revoke(id);
    return ids;
  }
}
