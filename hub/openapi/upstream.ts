// An imported REST API as an in-process upstream: tools from the converted spec, calls through the
// HTTP executor. No process, no MCP session: it is `running` as soon as it exists.
import type { ConnectionState, JsonObject, PromptInfo, ResourceInfo, ResourceTemplateInfo, ToolInfo, ToolResult } from '../../shared/types';
import type { Clock } from '../core/clock';
import { HubError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { UpstreamCallContext, UpstreamCapabilities, UpstreamEvent, Upstream } from '../upstream/types';
import { DEFAULT_TIMEOUT_MS, executeOperation } from './execute';
import type { OpenApiAuth, OpenApiTool } from './types';

export interface OpenApiUpstreamOptions {
  name: string;
  tools: OpenApiTool[];
  /** Where requests go, e.g. the spec's first server or what the user set. */
  baseUrl: string;
  /** Resolved credentials, asked for on every call (so refreshed tokens are picked up). */
  getAuth?: () => Promise<OpenApiAuth | OpenApiAuth[] | undefined>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBodyBytes?: number;
  logger: Logger;
  clock: Clock;
  /** serverInfo shown for this upstream (defaults to the upstream name, version "openapi"). */
  serverInfo?: { name: string; version: string };
  instructions?: string;
}

export class OpenApiUpstream implements Upstream {
  readonly name: string;
  private current: ConnectionState;
  private tools = new Map<string, OpenApiTool>();
  private toolList: ToolInfo[] = [];
  private readonly listeners = new Set<(event: UpstreamEvent) => void>();
  private readonly inFlight = new Set<AbortController>();
  private disposed = false;

  constructor(private readonly opts: OpenApiUpstreamOptions) {
    this.name = opts.name;
    this.setTools(opts.tools, false);
    this.current = this.runningState();
  }

  get state(): ConnectionState {
    return this.current;
  }

  on(listener: (event: UpstreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Replaces the tools (re-import) and tells subscribers the list changed. */
  setTools(tools: OpenApiTool[], notify = true): void {
    const byName = new Map<string, OpenApiTool>();
    for (const tool of tools) {
      if (byName.has(tool.name)) throw new HubError('TOOL_NAME_COLLISION', `Two imported operations are both named "${tool.name}". Re-run the conversion, which de-duplicates names.`);
      byName.set(tool.name, tool);
    }
    this.tools = byName;
    this.toolList = tools.map((tool) => ({
      name: tool.name,
      ...(tool.title ? { title: tool.title } : {}),
      description: tool.description,
      inputSchema: tool.inputSchema,
      ...(tool.annotations ? { annotations: tool.annotations } : {}),
    }));
    if (notify) this.emit({ kind: 'tools_list_changed' });
  }

  async start(): Promise<ConnectionState> {
    if (this.disposed) return this.current;
    if (this.current.status !== 'running') this.setState(this.runningState());
    return this.current;
  }

  async stop(): Promise<void> {
    this.abortAll('stopped');
    if (this.current.status !== 'stopped') this.setState({ status: 'stopped' });
  }

  async ready(): Promise<void> {
    if (this.current.status !== 'running') {
      throw new HubError('UPSTREAM_UNAVAILABLE', `The imported API "${this.name}" is ${this.current.status}. Enable or start it, then try again.`);
    }
  }

  capabilities(): UpstreamCapabilities {
    return { tools: { listChanged: true } };
  }

  instructions(): string | undefined {
    return this.opts.instructions;
  }

  stderrTail(): string[] {
    return [];
  }

  async listTools(): Promise<ToolInfo[]> {
    return this.toolList.slice();
  }

  async listPrompts(): Promise<PromptInfo[]> {
    return [];
  }

  async listResources(): Promise<ResourceInfo[]> {
    return [];
  }

  async listResourceTemplates(): Promise<ResourceTemplateInfo[]> {
    return [];
  }

  async callTool(name: string, args: JsonObject | undefined, ctx: UpstreamCallContext = {}): Promise<ToolResult> {
    await this.ready();
    const tool = this.tools.get(name);
    if (!tool) throw new HubError('TOOL_NOT_FOUND', `The imported API "${this.name}" has no tool "${name}". List its tools and use one of those names.`);
    const controller = new AbortController();
    const signal = ctx.signal ? AbortSignal.any([ctx.signal, controller.signal]) : controller.signal;
    this.inFlight.add(controller);
    try {
      const auth = this.opts.getAuth ? await this.opts.getAuth() : undefined;
      return await executeOperation(tool, args, {
        baseUrl: this.opts.baseUrl,
        ...(auth !== undefined ? { auth } : {}),
        ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
        timeoutMs: ctx.timeoutMs ?? this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        ...(this.opts.maxBodyBytes !== undefined ? { maxBodyBytes: this.opts.maxBodyBytes } : {}),
        signal,
      });
    } catch (error) {
      if (controller.signal.aborted && !ctx.signal?.aborted) {
        throw new HubError('UPSTREAM_UNAVAILABLE', `The imported API "${this.name}" was stopped while "${name}" ran. Start it and call the tool again.`, { cause: error });
      }
      if (error instanceof HubError) this.opts.logger.warn('openapi call failed', { upstream: this.name, tool: name, code: error.code });
      throw error;
    } finally {
      this.inFlight.delete(controller);
    }
  }

  async getPrompt(name: string): Promise<JsonObject> {
    throw new HubError('NOT_FOUND', `The imported API "${this.name}" has no prompts (asked for "${name}"). It only offers tools.`);
  }

  async readResource(uri: string): Promise<JsonObject> {
    throw new HubError('NOT_FOUND', `The imported API "${this.name}" has no resources (asked for "${uri}"). It only offers tools.`);
  }

  async complete(): Promise<JsonObject> {
    return { completion: { values: [], hasMore: false } };
  }

  async subscribeResource(uri: string): Promise<void> {
    throw new HubError('CAPABILITY_MISSING', `The imported API "${this.name}" has no resources to subscribe to (asked for "${uri}").`);
  }

  async unsubscribeResource(): Promise<void> {
    // Nothing was ever subscribed.
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.stop();
    this.disposed = true;
    this.listeners.clear();
  }

  private runningState(): ConnectionState {
    return {
      status: 'running',
      era: 'modern',
      protocolVersion: '2026-07-28',
      serverInfo: this.opts.serverInfo ?? { name: this.name, version: 'openapi' },
      since: new Date(this.opts.clock.now()).toISOString(),
    };
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    this.emit({ kind: 'state', state });
  }

  private abortAll(reason: string): void {
    for (const controller of this.inFlight) controller.abort(reason);
    this.inFlight.clear();
  }

  private emit(event: UpstreamEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.opts.logger.warn('upstream event listener failed', { upstream: this.name, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}
