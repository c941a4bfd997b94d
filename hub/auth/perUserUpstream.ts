// One upstream server whose credentials depend on the caller (individual API keys, OAuth sign-in
// per user, token passthrough): one connection per (server, user), created when that user first
// calls, because one shared connection would carry one user's credentials for everybody. Lists,
// capabilities and subscriptions come from one "lister" connection — the owner's when the owner
// has credentials, else the first user who has — and the server's state is that connection's.
import type { ConnectionState, JsonObject, PromptInfo, ResourceInfo, ResourceTemplateInfo, ToolInfo, ToolResult } from '../../shared/types';
import { errorMessage, HubError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Upstream, UpstreamCallContext, UpstreamCapabilities, UpstreamEvent } from '../upstream/types';

export const DEFAULT_USER = 'owner';

export interface PerUserUpstreamOptions {
  name: string;
  /** A (not yet started) connection that uses `userId`'s credentials. */
  createFor(userId: string): Upstream;
  /** Users who can be served now, the preferred lister first. */
  users(): Promise<string[]>;
  /** Resolves when `userId` can be served; else throws the AUTH_REQUIRED error that says what to do. */
  check(userId: string, caller: UpstreamCallContext['caller']): Promise<void>;
  /** The state message while nobody can be served. */
  needsAuthMessage: string;
  logger: Logger;
}

interface Entry {
  upstream: Upstream;
  off: () => void;
}

export class PerUserUpstream implements Upstream {
  readonly name: string;
  private readonly connections = new Map<string, Entry>();
  private readonly listeners = new Set<(event: UpstreamEvent) => void>();
  private lister: string | undefined;
  private idle: ConnectionState = { status: 'stopped' };
  private picking: Promise<void> | undefined;
  private wanted = false;
  private disposed = false;

  constructor(private readonly options: PerUserUpstreamOptions) {
    this.name = options.name;
  }

  get state(): ConnectionState {
    const entry = this.lister === undefined ? undefined : this.connections.get(this.lister);
    return entry ? entry.upstream.state : this.idle;
  }

  /** Users with a live connection object (diagnostics and tests). */
  connectedUsers(): string[] {
    return [...this.connections.keys()].sort();
  }

  on(listener: (event: UpstreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<ConnectionState> {
    if (this.disposed) return this.state;
    this.wanted = true;
    await this.pickLister();
    return this.state;
  }

  async stop(): Promise<void> {
    this.wanted = false;
    this.lister = undefined;
    await Promise.all([...this.connections.keys()].map((user) => this.drop(user)));
    this.setIdle({ status: 'stopped' });
  }

  async ready(timeoutMs?: number): Promise<void> {
    return (await this.listerUpstream()).ready(timeoutMs);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.stop();
    this.listeners.clear();
  }

  capabilities(): UpstreamCapabilities | undefined {
    return this.listerEntry()?.upstream.capabilities();
  }

  instructions(): string | undefined {
    return this.listerEntry()?.upstream.instructions();
  }

  stderrTail(lines?: number): string[] {
    return this.listerEntry()?.upstream.stderrTail(lines) ?? [];
  }

  async listTools(): Promise<ToolInfo[]> {
    return (await this.listerUpstream()).listTools();
  }

  async listPrompts(): Promise<PromptInfo[]> {
    return (await this.listerUpstream()).listPrompts();
  }

  async listResources(): Promise<ResourceInfo[]> {
    return (await this.listerUpstream()).listResources();
  }

  async listResourceTemplates(): Promise<ResourceTemplateInfo[]> {
    return (await this.listerUpstream()).listResourceTemplates();
  }

  async callTool(name: string, args: JsonObject | undefined, ctx?: UpstreamCallContext): Promise<ToolResult> {
    return this.asCaller(ctx, (upstream) => upstream.callTool(name, args, ctx));
  }

  async getPrompt(name: string, args: Record<string, string> | undefined, ctx?: UpstreamCallContext): Promise<JsonObject> {
    return this.asCaller(ctx, (upstream) => upstream.getPrompt(name, args, ctx));
  }

  async readResource(uri: string, ctx?: UpstreamCallContext): Promise<JsonObject> {
    return this.asCaller(ctx, (upstream) => upstream.readResource(uri, ctx));
  }

  async complete(params: JsonObject, ctx?: UpstreamCallContext): Promise<JsonObject> {
    return this.asCaller(ctx, (upstream) => upstream.complete(params, ctx));
  }

  async subscribeResource(uri: string): Promise<void> {
    return (await this.listerUpstream()).subscribeResource(uri);
  }

  async unsubscribeResource(uri: string): Promise<void> {
    await this.listerEntry()?.upstream.unsubscribeResource(uri);
  }

  /** `userId`'s credentials changed (connected, revoked, override set or removed): reconnect with the new ones. */
  async credentialsChanged(userId: string): Promise<void> {
    if (this.disposed) return;
    if (this.connections.has(userId)) await this.drop(userId);
    if (userId === this.lister) this.lister = undefined;
    if (this.wanted && this.lister === undefined) await this.pickLister();
  }

  // ---- internals ---------------------------------------------------------------------------------

  /**
   * Runs a request on the caller's connection. When it fails because that connection went away, the
   * caller's credentials are checked again: a refused token renewal (which drops the connection)
   * reports "sign in again", not "the server was stopped".
   */
  private async asCaller<T>(ctx: UpstreamCallContext | undefined, run: (upstream: Upstream) => Promise<T>): Promise<T> {
    const upstream = await this.forCaller(ctx);
    try {
      return await run(upstream);
    } catch (error) {
      if (error instanceof HubError && error.code === 'UPSTREAM_UNAVAILABLE') await this.options.check(ctx?.caller?.userId ?? DEFAULT_USER, ctx?.caller);
      throw error;
    }
  }

  private async forCaller(ctx: UpstreamCallContext | undefined): Promise<Upstream> {
    const userId = ctx?.caller?.userId ?? DEFAULT_USER;
    await this.options.check(userId, ctx?.caller);
    if (this.disposed || !this.wanted) throw new HubError('UPSTREAM_UNAVAILABLE', `"${this.name}" is stopped; start it first.`);
    if (this.lister === undefined) void this.pickLister();
    return this.ensure(userId);
  }

  private listerEntry(): Entry | undefined {
    return this.lister === undefined ? undefined : this.connections.get(this.lister);
  }

  private async listerUpstream(): Promise<Upstream> {
    if (this.lister === undefined && this.wanted) await this.pickLister();
    const entry = this.listerEntry();
    if (!entry) {
      if (!this.wanted || this.disposed) throw new HubError('UPSTREAM_UNAVAILABLE', `"${this.name}" is stopped; start it first.`);
      throw new HubError('AUTH_REQUIRED', `"${this.name}" needs authorization: ${this.options.needsAuthMessage}`);
    }
    return entry.upstream;
  }

  private ensure(userId: string): Upstream {
    const existing = this.connections.get(userId);
    if (existing) return existing.upstream;
    const upstream = this.options.createFor(userId);
    const off = upstream.on((event) => {
      if (this.lister === userId) this.emit(event);
    });
    this.connections.set(userId, { upstream, off });
    // start() never throws; calls wait for the connection to be ready.
    void upstream.start();
    return upstream;
  }

  private pickLister(): Promise<void> {
    this.picking ??= (async () => {
      try {
        const users = await this.options.users();
        if (this.disposed || !this.wanted) return;
        const chosen = users[0];
        if (chosen === undefined) {
          this.lister = undefined;
          this.setIdle({ status: 'needs-auth', message: this.options.needsAuthMessage });
          return;
        }
        this.lister = chosen;
        const upstream = this.ensure(chosen);
        this.emit({ kind: 'state', state: upstream.state });
        await upstream.start();
      } catch (error) {
        this.options.logger.warn('choosing the connection that lists tools failed', { server: this.name, error: errorMessage(error) });
        this.setIdle({ status: 'error', message: `Could not check the credentials of "${this.name}": ${errorMessage(error)}`, attempt: 1 });
      }
    })().finally(() => {
      this.picking = undefined;
    });
    return this.picking;
  }

  private async drop(userId: string): Promise<void> {
    const entry = this.connections.get(userId);
    if (!entry) return;
    this.connections.delete(userId);
    entry.off();
    await entry.upstream.dispose().catch((error: unknown) => this.options.logger.warn('closing a per-user connection failed', { server: this.name, error: errorMessage(error) }));
  }

  private setIdle(state: ConnectionState): void {
    this.idle = state;
    this.emit({ kind: 'state', state });
  }

  private emit(event: UpstreamEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.options.logger.error('upstream event listener failed', { error: errorMessage(error) });
      }
    }
  }
}
