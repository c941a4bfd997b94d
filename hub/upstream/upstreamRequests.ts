// The requests McpUpstream sends on a live connection, and the handlers it installs on each SDK
// Client (server-to-client requests, change notifications, log messages).
import type {
  CallToolRequest,
  CallToolResult,
  CompleteRequest,
  CreateMessageResult,
  ElicitResult,
  GetPromptRequest,
  ListRootsResult,
  McpSubscription,
  ReadResourceRequest,
  RequestOptions,
  Tool,
} from '@modelcontextprotocol/client';
import { CLIENT_CAPABILITIES_META_KEY, Client, LOG_LEVEL_META_KEY, ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';
import type { JsonObject, ProtocolEra, PromptInfo, ResourceInfo, ResourceTemplateInfo, ToolInfo, ToolResult } from '../../shared/types';
import type { HubError } from '../core/errors';
import type { OpenedConnection, ResolvedTransport } from './connection';
import { RESERVED_META_KEYS, isJsonObject, toJsonResult, toPromptInfo, toResourceInfo, toResourceTemplateInfo, toToolInfo, toToolResult } from './mapping';
import type { InFlightRegistry } from './inflight';
import type { ServerRequestMethod } from './serverRequests';
import { describeRequesterFailure, dispatchToRequester, noRequesterMessage, runWithInputRequired } from './serverRequests';
import type { UpstreamCallContext, UpstreamEvent, UpstreamLists, UpstreamLogMessage } from './types';

export type ListKind = keyof UpstreamLists;

/** One established connection, as McpUpstream tracks it. */
export interface Live {
  conn: OpenedConnection;
  era: ProtocolEra;
  /** Clock.now() when it became live. */
  since: number;
  /** Set once the connection is going away (crash, loss, stop); no new requests use it. */
  closing: boolean;
  /** Why it went away; set one macrotask after `closing` (when the exit code and stderr are in). */
  lost?: HubError;
  /** Aborted when the connection is lost: cancels every request still running on it. */
  lostController: AbortController;
  /** Rejecters of the calls running on it, failed at once when it is lost. */
  waiters: Set<(error: HubError) => void>;
  subscription?: McpSubscription;
  server: string;
  requestTimeoutMs: number;
  /** The transport this connection was opened with (for stateless passthrough). */
  resolved?: ResolvedTransport;
}

const LOG_LEVELS: ReadonlySet<string> = new Set(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']);

/** `_meta` for a forwarded request: the caller's keys (never reserved ones) plus, on a 2026-era
 * connection, the downstream client's capabilities (empty without a requester: nobody can answer). */
function requestMeta(live: Live, ctx: UpstreamCallContext | undefined, carriesClient: boolean): JsonObject | undefined {
  const meta: JsonObject = {};
  for (const [key, value] of Object.entries(ctx?.meta ?? {})) {
    if (!RESERVED_META_KEYS.includes(key) && key !== 'progressToken') meta[key] = value;
  }
  if (live.era === 'modern' && carriesClient) {
    meta[CLIENT_CAPABILITIES_META_KEY] = ctx?.requester?.clientCapabilities ?? {};
    if (ctx?.onLog) meta[LOG_LEVEL_META_KEY] = 'debug';
  }
  return Object.keys(meta).length > 0 ? meta : undefined;
}

function hasCapability(live: Live, kind: 'tools' | 'prompts' | 'resources'): boolean {
  return Boolean(live.conn.client.getServerCapabilities()?.[kind]);
}

type Retry = { inputResponses?: JsonObject; requestState?: string } | undefined;

export const requests = {
  async listTools(live: Live, options: RequestOptions): Promise<ToolInfo[]> {
    if (!hasCapability(live, 'tools')) return [];
    const result = await live.conn.client.listTools(undefined, { ...options, cacheMode: 'refresh' });
    return result.tools.map(toToolInfo);
  },

  async listPrompts(live: Live, options: RequestOptions): Promise<PromptInfo[]> {
    if (!hasCapability(live, 'prompts')) return [];
    const result = await live.conn.client.listPrompts(undefined, { ...options, cacheMode: 'refresh' });
    return result.prompts.map(toPromptInfo);
  },

  async listResources(live: Live, options: RequestOptions): Promise<ResourceInfo[]> {
    if (!hasCapability(live, 'resources')) return [];
    const result = await live.conn.client.listResources(undefined, { ...options, cacheMode: 'refresh' });
    return result.resources.map(toResourceInfo);
  },

  async listResourceTemplates(live: Live, options: RequestOptions): Promise<ResourceTemplateInfo[]> {
    if (!hasCapability(live, 'resources')) return [];
    const result = await live.conn.client.listResourceTemplates(undefined, { ...options, cacheMode: 'refresh' });
    return result.resourceTemplates.map(toResourceTemplateInfo);
  },

  async callTool(
    live: Live,
    options: RequestOptions,
    ctx: UpstreamCallContext | undefined,
    call: { name: string; args: JsonObject | undefined; definition: ToolInfo | undefined },
  ): Promise<ToolResult> {
    const meta = requestMeta(live, ctx, true);
    // The hub passes results through: the downstream client validates structured content against the
    // output schema, so the definition handed to the SDK (for SEP-2243 header mirroring) has none.
    const toolDefinition = call.definition ? ({ ...call.definition, outputSchema: undefined } as Tool) : undefined;
    const result = await runWithInputRequired({
      server: live.server,
      method: `tools/call ${call.name}`,
      requester: ctx?.requester,
      signal: options.signal,
      send: (retry: Retry) =>
        live.conn.client.callTool(
          { name: call.name, ...(call.args && { arguments: call.args }), ...(meta && { _meta: meta }), ...retry } as CallToolRequest['params'],
          { ...options, allowInputRequired: true, ...(toolDefinition && { toolDefinition }) },
        ),
    });
    return toToolResult(result as CallToolResult);
  },

  async getPrompt(
    live: Live,
    options: RequestOptions,
    ctx: UpstreamCallContext | undefined,
    name: string,
    args: Record<string, string> | undefined,
  ): Promise<JsonObject> {
    const meta = requestMeta(live, ctx, true);
    const result = await runWithInputRequired({
      server: live.server,
      method: `prompts/get ${name}`,
      requester: ctx?.requester,
      signal: options.signal,
      send: (retry: Retry) =>
        live.conn.client.getPrompt({ name, ...(args && { arguments: args }), ...(meta && { _meta: meta }), ...retry } as GetPromptRequest['params'], {
          ...options,
          allowInputRequired: true,
        }),
    });
    return toJsonResult(result as object);
  },

  async readResource(live: Live, options: RequestOptions, ctx: UpstreamCallContext | undefined, uri: string): Promise<JsonObject> {
    const meta = requestMeta(live, ctx, true);
    const result = await runWithInputRequired({
      server: live.server,
      method: `resources/read ${uri}`,
      requester: ctx?.requester,
      signal: options.signal,
      send: (retry: Retry) =>
        live.conn.client.readResource({ uri, ...(meta && { _meta: meta }), ...retry } as ReadResourceRequest['params'], {
          ...options,
          allowInputRequired: true,
          cacheMode: 'bypass',
        }),
    });
    return toJsonResult(result as object);
  },

  async complete(live: Live, options: RequestOptions, params: JsonObject): Promise<JsonObject> {
    const result = await live.conn.client.complete(params as CompleteRequest['params'], options);
    return toJsonResult(result);
  },
};

export interface HandlerHost {
  server: string;
  inflight: InFlightRegistry;
  emit(event: UpstreamEvent): void;
  invalidate(kinds: ListKind[]): void;
  onClose(client: Client): void;
  onError(client: Client, error: Error): void;
}

const CLIENT_INFO = { name: 'patchbay', version: '0.1.0' };

/** A fresh SDK Client for one connection attempt: both eras, the hub's client capabilities, manual
 * input_required rounds, and every handler installed. */
export function createUpstreamClient(host: HandlerHost): Client {
  const client = new Client(CLIENT_INFO, {
    versionNegotiation: { mode: 'auto', probe: { timeoutMs: 15_000 } },
    capabilities: { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } },
    inputRequired: { autoFulfill: false },
  });
  installHandlers(client, host);
  client.onclose = () => host.onClose(client);
  client.onerror = (error: Error) => host.onError(client, error);
  return client;
}

/** Registers the server-to-client request handlers and notification handlers on a fresh Client. */
function installHandlers(client: Client, host: HandlerHost): void {
  const forward = async (method: ServerRequestMethod, params: unknown, signal: AbortSignal): Promise<JsonObject> => {
    const call = host.inflight.latestWithRequester();
    if (!call?.requester) throw new ProtocolError(ProtocolErrorCode.InternalError, noRequesterMessage(host.server, method));
    try {
      return await dispatchToRequester(call.requester, method, isJsonObject(params) ? params : undefined, signal);
    } catch (error) {
      throw new ProtocolError(ProtocolErrorCode.InternalError, describeRequesterFailure(host.server, method, error));
    }
  };
  client.setRequestHandler('elicitation/create', async (request, ctx) => (await forward('elicitation/create', request.params, ctx.mcpReq.signal)) as unknown as ElicitResult);
  client.setRequestHandler('sampling/createMessage', async (request, ctx) =>
    (await forward('sampling/createMessage', request.params, ctx.mcpReq.signal)) as unknown as CreateMessageResult,
  );
  client.setRequestHandler('roots/list', async (_request, ctx) => (await forward('roots/list', undefined, ctx.mcpReq.signal)) as unknown as ListRootsResult);

  const changed = (kinds: ListKind[], event: UpstreamEvent): void => {
    host.invalidate(kinds);
    host.emit(event);
  };
  client.setNotificationHandler('notifications/tools/list_changed', () => changed(['tools'], { kind: 'tools_list_changed' }));
  client.setNotificationHandler('notifications/prompts/list_changed', () => changed(['prompts'], { kind: 'prompts_list_changed' }));
  client.setNotificationHandler('notifications/resources/list_changed', () =>
    changed(['resources', 'resourceTemplates'], { kind: 'resources_list_changed' }),
  );
  client.setNotificationHandler('notifications/resources/updated', (notification) => host.emit({ kind: 'resource_updated', uri: notification.params.uri }));
  client.setNotificationHandler('notifications/message', (notification) => {
    const { level, logger, data } = notification.params;
    const message: UpstreamLogMessage = {
      level: LOG_LEVELS.has(level) ? (level as UpstreamLogMessage['level']) : 'info',
      ...(logger !== undefined && { logger }),
      data,
    };
    host.emit({ kind: 'log', message });
    host.inflight.log(message);
  });
}
