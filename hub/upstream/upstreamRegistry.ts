import type { ConnectionState, ServerConfig, TransportConfig, ValueRef } from '../../shared/types';
import { errorMessage, HubError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Redactor } from '../core/redact';
import type { SecretStore } from '../secrets/secretStore';
import type { ResolvedTransport } from './connection';
import type { Upstream, UpstreamEvent } from './types';

export type { ResolvedTransport };

/** Builds the connection object for one server; `transport()` resolves secrets on each (re)connect. */
export type UpstreamFactory = (config: ServerConfig, transport: () => Promise<ResolvedTransport>, options?: UpstreamFactoryOptions) => Upstream;

export interface UpstreamFactoryOptions {
  /** One of the server's connections per user (per-user credentials): its lists are one user's, not the server's. */
  perUser?: boolean;
}

export interface UpstreamRegistryOptions {
  /** Current server configs (from the store). */
  loadServers: () => ServerConfig[];
  secrets: SecretStore;
  redactor: Redactor;
  logger: Logger;
  createUpstream: UpstreamFactory;
}

interface Live {
  config: ServerConfig;
  upstream: Upstream;
  unsubscribe: () => void;
}

/**
 * The live connections, one per enabled server. `reconcile()` makes them match the stored configs:
 * new or re-enabled servers start, removed or disabled ones stop, changed ones restart. The hub
 * calls it at start-up, after its own changes, and when another process (the CLI) changed the
 * store. One server failing never affects the others.
 */
export class UpstreamRegistry {
  private readonly live = new Map<string, Live>();
  private current = new Map<string, ServerConfig>();
  private readonly listeners = new Set<(server: string, event: UpstreamEvent) => void>();
  private reconciling: Promise<void> = Promise.resolve();

  constructor(private readonly options: UpstreamRegistryOptions) {}

  get(name: string): Upstream | undefined {
    return this.live.get(name)?.upstream;
  }

  onEvent(listener: (server: string, event: UpstreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Names of the servers that are enabled (running or not). */
  enabledNames(): string[] {
    return [...this.current.values()].filter((config) => config.enabled).map((config) => config.name).sort();
  }

  /** The current config of `name` (kept in memory; refreshed by every reconcile). */
  configOf(name: string): ServerConfig | undefined {
    return this.current.get(name);
  }

  configs(): ServerConfig[] {
    return [...this.current.values()];
  }

  state(name: string): ConnectionState {
    const config = this.current.get(name);
    if (!config) return { status: 'stopped' };
    if (!config.enabled) return { status: 'disabled' };
    return this.live.get(name)?.upstream.state ?? { status: 'stopped' };
  }

  /** Serialised: concurrent calls run one after the other. */
  reconcile(): Promise<void> {
    this.reconciling = this.reconciling.then(() => this.doReconcile()).catch((error: unknown) => {
      this.options.logger.error(`reconcile failed: ${errorMessage(error)}`);
    });
    return this.reconciling;
  }

  async restart(name: string): Promise<ConnectionState> {
    const live = this.live.get(name);
    if (!live) throw new HubError('NOT_FOUND', `Server "${name}" is not running: it is disabled or does not exist. Run \`patchbay server list\`.`);
    await live.upstream.stop();
    return live.upstream.start();
  }

  async dispose(): Promise<void> {
    await this.reconciling;
    await Promise.all([...this.live.keys()].map((name) => this.drop(name)));
    this.listeners.clear();
  }

  private async doReconcile(): Promise<void> {
    const wanted = new Map(this.options.loadServers().map((config) => [config.name, config] as const));
    const previous = this.current;
    this.current = wanted;
    const stops: Promise<void>[] = [];
    for (const [name, live] of this.live) {
      const next = wanted.get(name);
      if (!next || !next.enabled || next.id !== live.config.id || next.updatedAt !== live.config.updatedAt) stops.push(this.drop(name));
    }
    await Promise.all(stops);
    for (const [name, config] of wanted) {
      if (!config.enabled) {
        if (previous.get(name)?.enabled) this.emit(name, { kind: 'state', state: { status: 'disabled' } });
        continue;
      }
      if (this.live.has(name)) continue;
      this.add(config);
    }
    for (const name of previous.keys()) {
      if (!wanted.has(name)) this.emit(name, { kind: 'state', state: { status: 'stopped' } });
    }
  }

  private add(config: ServerConfig): void {
    const upstream = this.options.createUpstream(config, () => this.resolveTransport(config.transport));
    const unsubscribe = upstream.on((event) => this.emit(config.name, event));
    this.live.set(config.name, { config, upstream, unsubscribe });
    // start() never throws; its state says how it went.
    void upstream.start();
  }

  private async drop(name: string): Promise<void> {
    const live = this.live.get(name);
    if (!live) return;
    this.live.delete(name);
    live.unsubscribe();
    await live.upstream.dispose().catch((error: unknown) => this.options.logger.warn(`stopping ${name}: ${errorMessage(error)}`));
    this.emit(name, { kind: 'state', state: { status: 'stopped' } });
  }

  private emit(server: string, event: UpstreamEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(server, event);
      } catch (error) {
        this.options.logger.warn(`upstream event listener failed: ${errorMessage(error)}`);
      }
    }
  }

  /** Header and env values with their secrets loaded from the SecretStore. */
  async resolveTransport(transport: TransportConfig): Promise<ResolvedTransport> {
    if (transport.type === 'stdio') {
      return { type: 'stdio', command: transport.command, args: transport.args, env: await this.resolveAll(transport.env), cwd: transport.cwd };
    }
    if (transport.type === 'openapi') {
      throw new HubError('INTERNAL', 'Imported OpenAPI servers run in the hub and have no transport to resolve; the hub\'s upstream factory must create them.');
    }
    return { type: 'http', url: transport.url, headers: await this.resolveAll(transport.headers), mode: transport.mode };
  }

  private async resolveAll(values: Record<string, ValueRef>): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [name, ref] of Object.entries(values)) out[name] = await this.resolveValue(name, ref);
    return out;
  }

  private async resolveValue(name: string, ref: ValueRef): Promise<string> {
    if ('value' in ref) return ref.value;
    const value = await this.options.secrets.get(ref.secret);
    if (value === undefined) {
      throw new HubError('SECRET_NOT_FOUND', `The secret for "${name}" (${ref.secret}) is missing from the secret store. Set it again with \`patchbay secret set\` or re-add the server.`);
    }
    this.options.redactor.add(value);
    return value;
  }
}
