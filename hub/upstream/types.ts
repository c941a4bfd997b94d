// The contract between one upstream MCP server and the rest of the hub. hub/aggregate and
// hub/serve see only this interface, never the MCP SDK, so an SDK major version is a local change.
// Implementations: `McpUpstream` (stdio / Streamable HTTP / SSE, in this folder) and, later,
// OpenAPI-backed servers that run in process.
import type {
  ConnectionState,
  JsonObject,
  PromptInfo,
  ResourceInfo,
  ResourceTemplateInfo,
  ToolInfo,
  ToolResult,
} from '../../shared/types';

/** What the upstream can do, as it declared it (a small subset of MCP's ServerCapabilities). */
export interface UpstreamCapabilities {
  tools?: { listChanged?: boolean };
  prompts?: { listChanged?: boolean };
  resources?: { subscribe?: boolean; listChanged?: boolean };
  completions?: JsonObject;
  logging?: JsonObject;
}

/**
 * Server-to-client requests an upstream makes while a call runs (elicitation, sampling, roots).
 * The downstream side implements this for the client whose call caused them: a 2025-era client
 * gets a pushed request on its session, a 2026-07-28 client an input-required round trip.
 * Each method rejects with HubError('CAPABILITY_MISSING') when that client lacks the capability.
 */
export interface DownstreamRequester {
  /** The downstream client's declared capabilities (what the hub declares upstream for it). */
  readonly clientCapabilities: JsonObject;
  /** `elicitation/create` params in, ElicitResult out. */
  elicit(params: JsonObject, signal?: AbortSignal): Promise<JsonObject>;
  /** `sampling/createMessage` params in, CreateMessageResult out. */
  createMessage(params: JsonObject, signal?: AbortSignal): Promise<JsonObject>;
  /** `roots/list` result. */
  listRoots(signal?: AbortSignal): Promise<JsonObject>;
}

export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

/** Everything about one forwarded request that is not its params. */
export interface UpstreamCallContext {
  /** Aborting cancels the upstream request (MCP cancellation). */
  signal?: AbortSignal;
  /** Called for each progress notification the upstream sends for this request. */
  onProgress?: (update: ProgressUpdate) => void;
  /** Called for log messages the upstream sends while this request runs. */
  onLog?: (message: UpstreamLogMessage) => void;
  /** Where the upstream's elicitation / sampling / roots requests for this call go. */
  requester?: DownstreamRequester;
  /** Extra `_meta` to pass through to the upstream (never the reserved envelope keys). */
  meta?: JsonObject;
  /** Per-request timeout; default 60 s, reset by progress. */
  timeoutMs?: number;
  /**
   * Who made the request (hub/auth): per-user credentials (individual API keys, OAuth tokens per
   * user, token passthrough) depend on it. `bearer` is the caller's own JWT, only for principals
   * authenticated by an external identity (passthrough forwards it). Absent means the owner.
   */
  caller?: { userId: string; bearer?: string };
}

export interface UpstreamLogMessage {
  level: 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';
  logger?: string;
  data: unknown;
}

/** Notifications an upstream sends that are not tied to one request. */
export type UpstreamEvent =
  | { kind: 'tools_list_changed' }
  | { kind: 'prompts_list_changed' }
  | { kind: 'resources_list_changed' }
  | { kind: 'resource_updated'; uri: string }
  | { kind: 'log'; message: UpstreamLogMessage }
  | { kind: 'state'; state: ConnectionState };

/** The lists an upstream serves, by kind (the names its list cache and the store use). */
export interface UpstreamLists {
  tools: ToolInfo;
  prompts: PromptInfo;
  resources: ResourceInfo;
  resourceTemplates: ResourceTemplateInfo;
}

export interface Upstream {
  /** The server's name in the hub. */
  readonly name: string;
  readonly state: ConnectionState;
  /** Subscribe to events; returns the unsubscribe function. */
  on(listener: (event: UpstreamEvent) => void): () => void;

  /** Connects (or reconnects). Never throws: the returned state says how it went. */
  start(): Promise<ConnectionState>;
  /** Disconnects and stops any restart; in-flight calls fail with UPSTREAM_UNAVAILABLE. */
  stop(): Promise<void>;
  /** Resolves once the state is `running`, or rejects with a HubError describing why not. */
  ready(timeoutMs?: number): Promise<void>;

  capabilities(): UpstreamCapabilities | undefined;
  instructions(): string | undefined;
  /** The last lines the server wrote to stderr (stdio only; empty otherwise). */
  stderrTail(lines?: number): string[];

  /** Lists are cached and invalidated by the upstream's list_changed notifications. */
  listTools(): Promise<ToolInfo[]>;
  listPrompts(): Promise<PromptInfo[]>;
  listResources(): Promise<ResourceInfo[]>;
  listResourceTemplates(): Promise<ResourceTemplateInfo[]>;
  /**
   * What the server listed when it last ran, in an earlier run of the hub: offered only while this
   * run's first connect to it is under way (undefined otherwise, and when nothing is remembered).
   * Lists may show it instead of waiting, until the server's next state (running or not). Optional.
   */
  rememberedList?<K extends keyof UpstreamLists>(kind: K): Array<UpstreamLists[K]> | undefined;

  callTool(name: string, args: JsonObject | undefined, ctx?: UpstreamCallContext): Promise<ToolResult>;
  getPrompt(name: string, args: Record<string, string> | undefined, ctx?: UpstreamCallContext): Promise<JsonObject>;
  readResource(uri: string, ctx?: UpstreamCallContext): Promise<JsonObject>;
  /** `completion/complete` params in (ref + argument + context), CompleteResult out. */
  complete(params: JsonObject, ctx?: UpstreamCallContext): Promise<JsonObject>;
  subscribeResource(uri: string): Promise<void>;
  unsubscribeResource(uri: string): Promise<void>;

  /**
   * Where a stateless 2026-07-28 request may be forwarded as is: present only while the upstream
   * runs on a 2026-07-28 Streamable HTTP connection (both sides then speak the same stateless
   * protocol, so the hub can relay the JSON-RPC body and stream the answer back). Optional.
   */
  passthroughTarget?(): PassthroughTarget | undefined;

  /** Stops everything and frees every resource (process, sockets, timers). */
  dispose(): Promise<void>;
}

export interface PassthroughTarget {
  url: string;
  /** Static headers (credentials included) to send with every request. */
  headers: Record<string, string>;
}
