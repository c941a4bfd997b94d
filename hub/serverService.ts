import type { CreateServerInput, InputValue, ServerView, TransportInput, TransportView, UpdateServerInput, ValueView } from '../shared/api';
import type { ServerConfig, TransportConfig, ValueRef } from '../shared/types';
import { HubError } from './core/errors';
import { parseApiInput } from './core/validate';
import type { SecretStore } from './secrets/secretStore';
import type { ServerRepo } from './store/serverRepo';
import type { UpstreamRegistry } from './upstream/upstreamRegistry';
import { authView, deleteAuthConfigSecrets, storeAuthConfig } from './auth/authConfig';
import type { AuthService } from './auth/authService';

// Adding, changing and removing servers, for the CLI and the admin API alike. Secret values go to
// the SecretStore; SQLite keeps `{ secret: KEY }` references only.

/** Headers that never carry credentials; every other header value is stored as a secret. */
const PLAIN_HEADERS = new Set(['accept', 'accept-language', 'content-type', 'user-agent', 'mcp-protocol-version', 'x-request-id']);
/** Env names that look like credentials. */
const SECRET_ENV = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|CREDENTIAL|AUTH|PRIVATE|SESSION|COOKIE)/i;

export function userSecretKey(name: string): string {
  return `user/${name}`;
}

export interface ServerServiceOptions {
  /** Endpoint names taken by something other than a server (bundles share `/mcp/NAME`): what holds it, or undefined. */
  nameTakenBy?(name: string): string | undefined;
  /** Upstream auth (hub/auth): stores auth settings' secrets, forgets tokens when they change. */
  auth?: AuthService;
}

export class ServerService {
  constructor(
    private readonly repo: ServerRepo,
    private readonly secrets: SecretStore,
    private readonly registry: UpstreamRegistry,
    private readonly options: ServerServiceOptions = {},
  ) {}

  list(): ServerView[] {
    return this.repo.list().map((config) => this.view(config));
  }

  get(name: string): ServerConfig {
    const config = this.repo.get(name);
    if (!config) throw new HubError('NOT_FOUND', `No server named "${name}". Run \`patchbay server list\` to see the configured servers.`);
    return config;
  }

  view(config: ServerConfig): ServerView {
    return {
      id: config.id,
      name: config.name,
      description: config.description,
      enabled: config.enabled,
      transport: transportView(config.transport),
      state: this.registry.state(config.name),
      auth: authView(config.auth),
      ...withStatus(this.options.auth?.cachedStatus(config, 'owner')),
      createdAt: config.createdAt,
      updatedAt: config.updatedAt,
    };
  }

  async create(raw: CreateServerInput): Promise<ServerConfig> {
    const input = await parseApiInput('CreateServerSchema', raw, 'server');
    if (this.repo.get(input.name)) {
      throw new HubError('ALREADY_EXISTS', `A server named "${input.name}" already exists. Pick another name, or remove the old one with \`patchbay server remove ${input.name}\`.`);
    }
    const holder = this.options.nameTakenBy?.(input.name);
    if (holder) {
      throw new HubError('ALREADY_EXISTS', `"${input.name}" is the name of a ${holder}; servers and ${holder}s share the endpoint names /mcp/NAME. Pick another name for the server.`);
    }
    // The id is needed for the secret keys before the row exists: create disabled, then fill in.
    const draft = this.repo.create({ name: input.name, enabled: false, description: input.description, transport: emptyTransport(input.transport), auth: { type: 'none' } });
    try {
      const transport = await this.storeTransport(draft.id, input.transport);
      const auth = await storeAuthConfig(this.secrets, draft.id, input.auth ?? { type: 'none' }, transport);
      const config = this.repo.update(input.name, { transport, enabled: input.enabled, auth });
      await this.registry.reconcile();
      return config;
    } catch (error) {
      this.repo.remove(input.name);
      await this.deleteSecrets(draft.id);
      throw error;
    }
  }

  async update(name: string, raw: UpdateServerInput): Promise<ServerConfig> {
    const input = await parseApiInput('UpdateServerSchema', raw, 'server update');
    const current = this.get(name);
    const patch: Parameters<ServerRepo['update']>[1] = {};
    if (input.description !== undefined) patch.description = input.description;
    if (input.enabled !== undefined) patch.enabled = input.enabled;
    if (input.transport) {
      patch.transport = await this.storeTransport(current.id, input.transport, current.transport);
      // Secrets of names the new transport no longer uses go; kept and re-entered ones stay.
      await this.deleteSecrets(current.id, ['env/', 'header/'], referencedSecrets(patch.transport));
    }
    if (input.auth) {
      await deleteAuthConfigSecrets(this.secrets, current.id);
      patch.auth = await storeAuthConfig(this.secrets, current.id, input.auth, patch.transport ?? current.transport);
      await this.options.auth?.forget(current.id);
    } else if (patch.transport && patch.transport.type !== 'http' && current.auth.type !== 'none') {
      patch.auth = { type: 'none' };
      await deleteAuthConfigSecrets(this.secrets, current.id);
      await this.options.auth?.forget(current.id);
    }
    const config = this.repo.update(name, patch);
    await this.registry.reconcile();
    return config;
  }

  setEnabled(name: string, enabled: boolean): Promise<ServerConfig> {
    return this.update(name, { enabled });
  }

  async remove(name: string): Promise<ServerConfig> {
    const removed = this.repo.remove(name);
    await this.deleteSecrets(removed.id);
    await this.options.auth?.forget(removed.id, { everything: true });
    await this.registry.reconcile();
    return removed;
  }

  /** `current`: the transport being edited, for `{ keep: true }` values. */
  private async storeTransport(serverId: string, transport: TransportInput, current?: TransportConfig): Promise<TransportConfig> {
    if (transport.type === 'stdio') {
      const kept = current?.type === 'stdio' ? current.env : {};
      const env: Record<string, ValueRef> = {};
      for (const [name, value] of Object.entries(transport.env)) {
        env[name] = isKeep(value) ? keptValue(kept, name, 'env') : await this.storeValue(`server/${serverId}/env/${name}`, value, SECRET_ENV.test(name));
      }
      return { type: 'stdio', command: transport.command, args: transport.args, env, cwd: transport.cwd };
    }
    const kept = current?.type === 'http' ? current.headers : {};
    const headers: Record<string, ValueRef> = {};
    for (const [name, value] of Object.entries(transport.headers)) {
      headers[name] = isKeep(value) ? keptValue(kept, name, 'header') : await this.storeValue(`server/${serverId}/header/${name}`, value, !PLAIN_HEADERS.has(name.toLowerCase()));
    }
    return { type: 'http', url: transport.url, headers, mode: transport.mode };
  }

  private async storeValue(key: string, value: Exclude<InputValue, { keep: true }>, secretByDefault: boolean): Promise<ValueRef> {
    if (typeof value === 'object' && 'secretRef' in value) return this.userSecretRef(value.secretRef);
    if (typeof value === 'string' && value.startsWith('secret:')) return this.userSecretRef(value.slice('secret:'.length));
    const plain = typeof value === 'string' ? value : value.value;
    const secret = typeof value === 'string' ? secretByDefault : (value.secret ?? secretByDefault);
    if (!secret) return { value: plain };
    await this.secrets.set(key, plain);
    return { secret: key };
  }

  private async userSecretRef(name: string): Promise<ValueRef> {
    const key = userSecretKey(name);
    if ((await this.secrets.get(key)) === undefined) {
      throw new HubError('SECRET_NOT_FOUND', `No secret named "${name}". Create it first with \`patchbay secret set ${name}\`.`);
    }
    return { secret: key };
  }

  /** The server's stored secrets, or only those under the given sub-prefixes (e.g. its transport's), except `keep`. */
  private async deleteSecrets(serverId: string, only?: string[], keep: ReadonlySet<string> = new Set()): Promise<void> {
    const prefix = `server/${serverId}/`;
    for (const key of await this.secrets.list(prefix)) {
      if (keep.has(key)) continue;
      if (!only || only.some((sub) => key.startsWith(prefix + sub))) await this.secrets.delete(key);
    }
  }
}

function withStatus(status: ServerView['authStatus']): Pick<ServerView, 'authStatus'> {
  return status ? { authStatus: status } : {};
}

function isKeep(value: InputValue): value is { keep: true } {
  return typeof value === 'object' && 'keep' in value;
}

/** `{ keep: true }`: what the server being edited holds for `name`. */
function keptValue(current: Record<string, ValueRef>, name: string, what: 'env' | 'header'): ValueRef {
  const ref = current[name];
  if (!ref) {
    throw new HubError('VALIDATION_FAILED', `The ${what} "${name}" has no stored value to keep (keep only works when editing an existing value). Give it a value.`);
  }
  return ref;
}

/** The secret keys a transport refers to. */
function referencedSecrets(transport: TransportConfig): Set<string> {
  const values = transport.type === 'stdio' ? transport.env : transport.type === 'http' ? transport.headers : {};
  return new Set(Object.values(values).flatMap((ref) => ('secret' in ref ? [ref.secret] : [])));
}

function emptyTransport(transport: TransportInput): TransportConfig {
  return transport.type === 'stdio'
    ? { type: 'stdio', command: transport.command, args: [], env: {} }
    : { type: 'http', url: transport.url, headers: {}, mode: transport.mode };
}

export function valueView(ref: ValueRef): ValueView {
  if ('value' in ref) return { value: ref.value };
  return ref.secret.startsWith('user/') ? { secret: true, ref: ref.secret.slice('user/'.length) } : { secret: true };
}

export function transportView(transport: TransportConfig): TransportView {
  const map = (values: Record<string, ValueRef>) => Object.fromEntries(Object.entries(values).map(([key, ref]) => [key, valueView(ref)]));
  if (transport.type === 'openapi') return { type: 'openapi', source: transport.source, baseUrl: transport.baseUrl };
  return transport.type === 'stdio'
    ? { type: 'stdio', command: transport.command, args: transport.args, env: map(transport.env), cwd: transport.cwd }
    : { type: 'http', url: transport.url, headers: map(transport.headers), mode: transport.mode };
}
