// McpUpstream: one connection to one upstream MCP server (stdio | Streamable HTTP | legacy SSE), of
// either protocol era. Owns the state machine (stopped -> starting -> running | error, restart with
// backoff), the cached lists, change notifications and the routing of server-to-client requests.
// The requests themselves are built in upstreamRequests.ts; connecting lives in connection.ts. Both
// need the MCP SDK and come with wire.ts, which the first connect loads (wireLoader.ts): until then
// an upstream is its state and the lists it remembers, and nothing here may use `wire()`.
import type { Client } from '@modelcontextprotocol/client';
import type { ConnectionState, JsonObject, PromptInfo, ResourceInfo, ResourceTemplateInfo, ToolInfo, ToolResult } from '../../shared/types';
import type { Clock } from '../core/clock';
import { HubError, errorMessage, formatMs } from '../core/errors';
import type { Logger } from '../core/logger';
import type { BackoffPolicy } from './backoff';
import { DEFAULT_BACKOFF, HEALTHY_AFTER_MS, backoffDelay } from './backoff';
import type { ChildExit, ConnectionKind, OpenedConnection, ResolvedTransport } from './connection';
import type { VerdictStore } from './eraVerdict';
import { isFreshVerdict } from './eraVerdict';
import type { AdoptChild } from './prespawn';
import { CallRunner } from './callRunner';
import type { ListKind, Live } from './upstreamRequests';
import { RememberedLists } from './rememberedLists';
import type { ListMemory } from './rememberedLists';
import { StderrRing } from './stderrRing';
import type { PassthroughTarget, Upstream, UpstreamCallContext, UpstreamCapabilities, UpstreamEvent, UpstreamLists } from './types';
import { loadWire, wire, wireNeeded } from './wireLoader';

export interface McpUpstreamOptions {
  /** The server's name in the hub (used in every message). */
  name: string;
  /** Resolves the transport with its secrets; called again on every (re)connect. */
  transport: () => Promise<ResolvedTransport>;
  logger: Logger;
  clock: Clock;
  /** Caches the protocol-era verdict so later connects skip the probe (re-probed after 24 h). */
  verdicts?: VerdictStore;
  /** A stdio child `serve` spawned before the hub loaded (prespawn.ts); taken on the first connect that can use it. */
  adopt?: AdoptChild;
  /** Keeps the server's lists between runs of the hub, served while its first connect is under way. */
  memory?: ListMemory;
  /** Default per-request timeout, reset by progress. Default 60 s. */
  requestTimeoutMs?: number;
  /** Bound on connecting (probe + handshake). Default 30 s. */
  connectTimeoutMs?: number;
  /** How long a call made while the upstream is (re)connecting waits for it. Default 10 s. */
  readyTimeoutMs?: number;
  /** Restart backoff. Default 500 ms doubling to 30 s (reset after 60 s of healthy running). */
  backoff?: BackoffPolicy;
}

const STDERR_LINES = 500;

export class McpUpstream implements Upstream {
  readonly name: string;
  private _state: ConnectionState = { status: 'stopped' };
  private readonly listeners = new Set<(event: UpstreamEvent) => void>();
  private readonly stderr = new StderrRing(STDERR_LINES);
  private readonly calls: CallRunner;
  private readonly subscribed = new Set<string>();
  private readonly requestTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly readyTimeoutMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly log: Logger;
  private live: Live | undefined;
  private connecting: Promise<ConnectionState> | undefined;
  private connectAbort: AbortController | undefined;
  private retryTimer: { cancel(): void } | undefined;
  private generation = 0;
  private failures = 0;
  private wanted = false;
  private disposed = false;
  private lastExit: ChildExit | undefined;
  private relistening: Promise<void> = Promise.resolve();
  private readonly remembered: RememberedLists | undefined;

  constructor(private readonly options: McpUpstreamOptions) {
    this.name = options.name;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
    this.readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.log = options.logger.child({ upstream: options.name });
    const remembered = options.memory && new RememberedLists(options.memory, this.log);
    this.remembered = remembered;
    this.calls = new CallRunner({
      server: options.name,
      requestTimeoutMs: this.requestTimeoutMs,
      liveConnection: (signal) => this.liveConnection(signal),
      ...(remembered && { listed: (kind: ListKind, items: unknown[]) => remembered.listed(kind, items) }),
    });
  }

  get state(): ConnectionState {
    return this._state;
  }

  on(listener: (event: UpstreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  async start(): Promise<ConnectionState> {
    if (this.disposed) return this._state;
    this.wanted = true;
    if (this.live && !this.live.closing) return this._state;
    if (this.connecting) return this.connecting;
    this.cancelRetry();
    return this.connect();
  }

  async stop(): Promise<void> {
    this.wanted = false;
    this.failures = 0;
    this.cancelRetry();
    this.generation++;
    this.connectAbort?.abort();
    const connecting = this.connecting;
    const live = this.live;
    this.live = undefined;
    this.calls.lists.clear();
    if (live && !live.closing) {
      live.closing = true;
      live.lost = new HubError('UPSTREAM_UNAVAILABLE', `"${this.name}" was stopped while the request was running; start it again and retry.`);
      live.lostController.abort(live.lost);
      for (const failCall of live.waiters) failCall(live.lost);
    }
    if (this._state.status !== 'stopped') this.setState({ status: 'stopped' });
    // The subscription's cancel goes out first (close() sends it at once); closing the connection
    // ends the subscription anyway, so stopping never waits on it.
    void live?.subscription?.close().catch(() => undefined);
    await Promise.allSettled([connecting, live?.conn.close()]);
  }

  async ready(timeoutMs: number = this.readyTimeoutMs): Promise<void> {
    const now = this.readiness();
    if (now === 'ok') return;
    if (now instanceof HubError) throw now;
    // Someone waits for the connection: its SDK side loads now, whatever `serve` held it for.
    wireNeeded();
    await new Promise<void>((resolve, reject) => {
      const timer = this.options.clock.setTimeout(() => {
        off();
        reject(this.notReadyError(`did not become ready within ${formatMs(timeoutMs)}`));
      }, timeoutMs);
      const off = this.on((event) => {
        if (event.kind !== 'state') return;
        const readiness = this.readiness();
        if (readiness === 'wait') return;
        timer.cancel();
        off();
        if (readiness === 'ok') resolve();
        else reject(readiness);
      });
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.remembered?.dispose();
    await this.stop();
    this.listeners.clear();
  }

  capabilities(): UpstreamCapabilities | undefined {
    const live = this.live;
    return live ? wire().toCapabilities(live.conn.client.getServerCapabilities()) : undefined;
  }

  instructions(): string | undefined {
    return this.live?.conn.client.getInstructions();
  }

  stderrTail(lines?: number): string[] {
    return this.stderr.tail(lines);
  }

  /** The pid of the running stdio child, if any (diagnostics and tests). */
  pid(): number | undefined {
    return this.live?.conn.pid;
  }

  /** How the running connection is carried (`http` = Streamable HTTP, `sse` = legacy SSE). */
  transportKind(): ConnectionKind | undefined {
    return this.live?.conn.kind;
  }

  /** The stateless forwarding target, while running on a 2026-07-28 Streamable HTTP connection. */
  passthroughTarget(): PassthroughTarget | undefined {
    const live = this.live;
    if (!live || live.closing || live.era !== 'modern' || live.conn.kind !== 'http' || live.resolved?.type !== 'http') return undefined;
    // Credentials from an auth provider (OAuth: refreshed on demand, retried after a 401) need the full path.
    if (live.resolved.auth) return undefined;
    return { url: live.resolved.url, headers: live.resolved.headers };
  }

  /** What the server listed when it last ran, while this run's first connect to it is under way. */
  rememberedList<K extends keyof UpstreamLists>(kind: K): Array<UpstreamLists[K]> | undefined {
    if (this._state.status !== 'starting' || this.failures > 0) return undefined;
    return this.remembered?.recall(kind) as Array<UpstreamLists[K]> | undefined;
  }

  // ---- requests ---------------------------------------------------------------------------------

  listTools(): Promise<ToolInfo[]> {
    return this.calls.cachedList('tools', (live, options) => wire().requests.listTools(live, options));
  }

  listPrompts(): Promise<PromptInfo[]> {
    return this.calls.cachedList('prompts', (live, options) => wire().requests.listPrompts(live, options));
  }

  listResources(): Promise<ResourceInfo[]> {
    return this.calls.cachedList('resources', (live, options) => wire().requests.listResources(live, options));
  }

  listResourceTemplates(): Promise<ResourceTemplateInfo[]> {
    return this.calls.cachedList('resourceTemplates', (live, options) => wire().requests.listResourceTemplates(live, options));
  }

  async callTool(name: string, args: JsonObject | undefined, ctx?: UpstreamCallContext): Promise<ToolResult> {
    const known = await this.calls.lists.get('tools')?.catch(() => undefined);
    const definition = (known as ToolInfo[] | undefined)?.find((tool) => tool.name === name);
    return this.calls.run('tools/call', ctx, (live, options) => wire().requests.callTool(live, options, ctx, { name, args, definition }));
  }

  getPrompt(name: string, args: Record<string, string> | undefined, ctx?: UpstreamCallContext): Promise<JsonObject> {
    return this.calls.run('prompts/get', ctx, (live, options) => wire().requests.getPrompt(live, options, ctx, name, args));
  }

  readResource(uri: string, ctx?: UpstreamCallContext): Promise<JsonObject> {
    return this.calls.run('resources/read', ctx, (live, options) => wire().requests.readResource(live, options, ctx, uri));
  }

  complete(params: JsonObject, ctx?: UpstreamCallContext): Promise<JsonObject> {
    return this.calls.run('completion/complete', ctx, (live, options) => wire().requests.complete(live, options, params));
  }

  async subscribeResource(uri: string): Promise<void> {
    const live = await this.liveConnection(undefined);
    if (!live.conn.client.getServerCapabilities()?.resources?.subscribe) {
      throw new HubError('CAPABILITY_MISSING', `"${this.name}" does not support resource subscriptions; poll the resource instead.`);
    }
    this.subscribed.add(uri);
    try {
      if (live.era === 'legacy') await this.calls.run('resources/subscribe', undefined, (l, options) => l.conn.client.subscribeResource({ uri }, options));
      else await this.relisten(live);
    } catch (error) {
      this.subscribed.delete(uri);
      throw wire().toUpstreamError(error, { server: this.name, method: 'subscriptions/listen', timeoutMs: this.connectTimeoutMs });
    }
  }

  async unsubscribeResource(uri: string): Promise<void> {
    if (!this.subscribed.delete(uri)) return;
    const live = this.live;
    if (!live || live.closing) return;
    if (live.era === 'legacy') await this.calls.run('resources/unsubscribe', undefined, (l, options) => l.conn.client.unsubscribeResource({ uri }, options));
    else await this.relisten(live);
  }

  // ---- internals: connecting --------------------------------------------------------------------

  private connect(): Promise<ConnectionState> {
    const generation = ++this.generation;
    const abort = new AbortController();
    this.connectAbort = abort;
    this.setState({ status: 'starting', attempt: this.failures + 1 });
    const promise = this.establish(generation, abort.signal).finally(() => {
      if (this.connecting === promise) this.connecting = undefined;
    });
    this.connecting = promise;
    return promise;
  }

  private async establish(generation: number, signal: AbortSignal): Promise<ConnectionState> {
    this.lastExit = undefined;
    try {
      // The SDK side loads while the transport's secrets are read (once per process).
      const [resolved] = await Promise.all([this.options.transport(), loadWire()]);
      const verdict = resolved.type === 'in-memory' ? undefined : this.freshVerdict();
      let conn: OpenedConnection;
      try {
        conn = await this.open(resolved, generation, signal, verdict !== undefined);
      } catch (error) {
        if (!verdict || signal.aborted || wire().isAuthFailure(error)) throw error;
        // A stale verdict (the server changed era): forget it and probe.
        this.log.info('cached protocol-era verdict did not work; probing again', { error: errorMessage(error) });
        conn = await this.open(resolved, generation, signal, false);
      }
      if (generation !== this.generation) {
        await conn.close();
        return this._state;
      }
      return this._state;
    } catch (error) {
      if (generation !== this.generation) return this._state;
      // Let the child's last stderr lines arrive before describing its exit.
      await new Promise<void>((resolve) => setImmediate(resolve));
      // The transport can fail before the SDK side has loaded; it is loaded to describe the failure.
      const loaded = await loadWire().catch(() => undefined);
      if (!loaded) return this.fail(`Could not connect "${this.name}": ${errorMessage(error)}`, false);
      return this.fail(loaded.describeConnectFailure(this.name, error, this.lastExit, this.stderr.tail(5)), loaded.isAuthFailure(error));
    }
  }

  /** Opens one connection and makes it live (listen stream, subscriptions). */
  private async open(resolved: ResolvedTransport, generation: number, signal: AbortSignal, usePrior: boolean): Promise<OpenedConnection> {
    const verdict = usePrior ? this.freshVerdict() : undefined;
    const { openConnection, toPriorDiscovery, verdictOf } = wire();
    const conn = await openConnection({
      resolved,
      createClient: () => this.createClient(),
      prior: verdict ? toPriorDiscovery(verdict) : undefined,
      timeoutMs: this.connectTimeoutMs,
      signal,
      stderr: this.stderr,
      ...(this.options.adopt && { adopt: this.options.adopt }),
      onExit: (exit) => {
        if (generation === this.generation) this.lastExit = exit;
      },
    });
    if (generation !== this.generation) return conn;
    try {
      // A modern verdict connects with zero round trips: confirm it in-band (cheap, and unlike the
      // probe it needs no sibling process). The confirmation and the subscription stream go out
      // together, one round trip instead of two: a remote server answers both within one network
      // round trip, and a stdio server still booting (a pre-spawned one) answers both as soon as it
      // is up. A server that changed era fails here (both requests do) and is re-probed.
      const confirming = verdict?.kind === 'modern' ? conn.client.discover({ timeout: this.connectTimeoutMs, signal }) : undefined;
      const live = this.adopt(conn);
      live.resolved = resolved;
      const [confirmed, listening] = await Promise.allSettled([confirming, this.afterConnect(live)]);
      if (confirmed.status === 'rejected') throw confirmed.reason;
      if (listening.status === 'rejected') throw listening.reason;
      if (live.closing) throw live.lost ?? new HubError('UPSTREAM_UNAVAILABLE', `"${this.name}" closed the connection right after connecting.`);
      if (!verdict && conn.kind !== 'sse' && conn.kind !== 'in-memory') this.options.verdicts?.save(verdictOf(conn.client, this.options.clock.now()));
      this.setState({
        status: 'running',
        era: live.era,
        protocolVersion: conn.client.getNegotiatedProtocolVersion() ?? 'unknown',
        serverInfo: conn.client.getServerVersion() ?? { name: this.name, version: 'unknown' },
        since: new Date(live.since).toISOString(),
      });
      this.log.info('upstream connected', { era: live.era, transport: conn.kind });
      return conn;
    } catch (error) {
      if (this.live?.conn === conn) this.live = undefined;
      await conn.close();
      throw error;
    }
  }

  private adopt(conn: OpenedConnection): Live {
    const live: Live = {
      conn,
      era: conn.client.getProtocolEra() ?? 'legacy',
      since: this.options.clock.now(),
      closing: false,
      lostController: new AbortController(),
      waiters: new Set(),
      server: this.name,
      requestTimeoutMs: this.requestTimeoutMs,
    };
    this.calls.lists.clear();
    this.live = live;
    if (conn.client.transport === undefined) this.connectionLost(live, 'the connection closed while connecting');
    return live;
  }

  private async afterConnect(live: Live): Promise<void> {
    if (live.era === 'modern') {
      await this.relisten(live);
      return;
    }
    await wire().resubscribeLegacy(live, this.subscribed, this.requestTimeoutMs, (uri, error) =>
      this.log.warn('could not re-subscribe to a resource', { uri, error: errorMessage(error) }),
    );
  }

  /** (Re)opens the 2026-era subscriptions/listen stream with the current filter, one at a time. */
  private relisten(live: Live): Promise<void> {
    const next = this.relistening.then(() =>
      wire().openListenStream(live, this.subscribed, this.connectTimeoutMs, (reason) => {
        if (reason === 'remote') this.connectionLost(live, 'its subscription stream dropped');
        else this.log.warn('upstream ended its subscription stream; change notifications stop until it reconnects');
      }),
    );
    this.relistening = next.catch(() => undefined);
    return next;
  }

  private createClient(): Client {
    return wire().createUpstreamClient({
      server: this.name,
      inflight: this.calls.inflight,
      emit: (event) => this.emit(event),
      invalidate: (kinds) => {
        for (const kind of kinds) this.calls.lists.delete(kind);
      },
      onClose: (client) => {
        const live = this.live;
        if (live?.conn.client === client) this.connectionLost(live, 'closed');
      },
      onError: (client, error) => {
        const live = this.live;
        if (live?.conn.client !== client) return;
        if ((live.conn.kind === 'http' || live.conn.kind === 'sse') && wire().isConnectionLoss(error)) this.connectionLost(live, errorMessage(error));
        else this.log.debug('upstream transport error', { error: errorMessage(error) });
      },
    });
  }

  /** The connection died under us (process exit, lost HTTP connection): fail its calls, restart. */
  private connectionLost(live: Live, reason: string): void {
    if (live.closing) return;
    live.closing = true;
    if (this.live === live) this.live = undefined;
    this.calls.lists.clear();
    // One macrotask, so the child's exit code and last stderr lines are in.
    setImmediate(() => {
      const message =
        live.conn.kind === 'stdio'
          ? wire().describeExit(this.name, this.lastExit, this.stderr.tail(5))
          : `Lost the connection to "${this.name}": ${reason}.`;
      live.lost = new HubError('UPSTREAM_UNAVAILABLE', `${message} The request did not complete; the hub reconnects automatically, retry shortly.`);
      live.lostController.abort(live.lost);
      for (const failCall of live.waiters) failCall(live.lost);
      void live.subscription?.close().catch(() => undefined);
      void live.conn.close();
      if (!this.wanted || this.disposed || this.live) return;
      this.log.warn('upstream connection lost', { reason: message });
      if (this.options.clock.now() - live.since >= HEALTHY_AFTER_MS) this.failures = 0;
      this.fail(message, false);
    });
  }

  private fail(message: string, authFailure: boolean): ConnectionState {
    this.failures += 1;
    if (authFailure) {
      this.setState({ status: 'needs-auth', message });
      return this._state;
    }
    const delay = backoffDelay(this.backoff, this.failures);
    const retryAt = new Date(this.options.clock.now() + delay).toISOString();
    this.setState({ status: 'error', message, attempt: this.failures, retryAt });
    this.cancelRetry();
    this.retryTimer = this.options.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.wanted && !this.disposed && !this.live && !this.connecting) void this.connect();
    }, delay);
    return this._state;
  }

  private cancelRetry(): void {
    this.retryTimer?.cancel();
    this.retryTimer = undefined;
  }

  private freshVerdict(): ReturnType<VerdictStore['load']> {
    const verdict = this.options.verdicts?.load();
    return isFreshVerdict(verdict, this.options.clock.now()) ? verdict : undefined;
  }

  // ---- internals: requests ----------------------------------------------------------------------

  private readiness(): 'ok' | 'wait' | HubError {
    if (this.live && !this.live.closing && this._state.status === 'running') return 'ok';
    if (this.disposed || !this.wanted) return this.notReadyError('is stopped; start it first');
    if (this._state.status === 'needs-auth') return new HubError('AUTH_REQUIRED', `"${this.name}" needs authorization: ${this._state.message}`);
    return 'wait';
  }

  private notReadyError(why: string): HubError {
    const last = this._state.status === 'error' ? ` Last error: ${this._state.message}` : '';
    return new HubError('UPSTREAM_UNAVAILABLE', `"${this.name}" ${why}.${last}`);
  }

  private async liveConnection(signal: AbortSignal | undefined): Promise<Live> {
    if (!(this.live && !this.live.closing)) await this.ready();
    if (signal?.aborted) throw new HubError('CANCELLED', `The request to "${this.name}" was cancelled.`);
    const live = this.live;
    if (!live || live.closing) throw this.notReadyError('is not connected');
    return live;
  }

  private setState(state: ConnectionState): void {
    this._state = state;
    if (state.status === 'running') this.remembered?.markConnected();
    if (state.status === 'error') this.log.warn('upstream error', { message: state.message, attempt: state.attempt, retryAt: state.retryAt });
    this.emit({ kind: 'state', state });
  }

  private emit(event: UpstreamEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.log.error('upstream event listener failed', { error: errorMessage(error) });
      }
    }
  }
}
