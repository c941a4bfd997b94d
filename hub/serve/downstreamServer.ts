import { inputRequired, ProtocolError, ProtocolErrorCode, Server } from '@modelcontextprotocol/server';
import type { ServerContext } from '@modelcontextprotocol/server';
import type { AuditFace } from '../../shared/api';
import type { JsonObject, ProtocolEra, ToolResult } from '../../shared/types';
import type { AuditLog } from '../access/auditLog';
import { callerFromPrincipal } from '../access/auditLog';
import type { Aggregator } from '../aggregate/aggregator';
import type { View } from '../aggregate/views';
import { errorMessage, HubError, isHubError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { DownstreamRequester, ProgressUpdate, UpstreamCallContext, UpstreamLogMessage } from '../upstream/types';
import { LIST_CACHE_HINT, SERVER_INFO } from './modernLists';
import type { InputRequestOut, PendingCalls, PendingOutcome } from './pendingCalls';
import { callerOf } from './principal';
import type { Principal } from './principal';

// One downstream MCP server instance: what a client sees on `/mcp` or `/mcp/NAME`. A 2025-era
// client gets one instance per session; a 2026-07-28 client one per request (the SDK's
// `createMcpHandler` builds them). Either way the handlers only route into the Aggregator; the
// era matters for how an upstream's requests for input reach the client (pushed on the session,
// or as input_required round trips).

// Who is calling: principal.ts (a small module of its own, so that the playground's tool runner does
// not load the MCP SDK's server side).
export type { Principal } from './principal';
export { callerOf } from './principal';

export interface DownstreamDeps {
  aggregator: Aggregator;
  pending: PendingCalls;
  logger: Logger;
  version: string;
  /** A 2025-era session subscribed to / unsubscribed from a resource. */
  resourceSubscriptions?: { subscribe(uri: string): Promise<void>; unsubscribe(uri: string): Promise<void> };
  /** Access: every tools/call is recorded here, as `face`. */
  audit?: Pick<AuditLog, 'record' | 'begin'>;
  face?: AuditFace;
}

export interface DownstreamTarget {
  principal: Principal;
  view: View;
  era: ProtocolEra;
}

export function buildDownstreamServer(deps: DownstreamDeps, target: DownstreamTarget): Server {
  const { aggregator } = deps;
  const { view } = target;
  const server = new Server(
    { ...SERVER_INFO, version: deps.version },
    {
      capabilities: {
        tools: { listChanged: true },
        prompts: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        completions: {},
        logging: {},
      },
      instructions: 'Patchbay routes these tools, prompts and resources to the MCP servers configured in the hub.',
      // See LIST_CACHE_HINT (modernLists.ts answers the same lists on its fast path).
      cacheHints: {
        'tools/list': LIST_CACHE_HINT,
        'prompts/list': LIST_CACHE_HINT,
        'resources/list': LIST_CACHE_HINT,
        'resources/templates/list': LIST_CACHE_HINT,
      },
    },
  );

  server.setRequestHandler('tools/list', async () => ({ tools: (await aggregator.listTools(view)) as never }));
  server.setRequestHandler('prompts/list', async () => ({ prompts: (await aggregator.listPrompts(view)) as never }));
  server.setRequestHandler('resources/list', async () => ({ resources: (await aggregator.listResources(view)) as never }));
  server.setRequestHandler('resources/templates/list', async () => ({ resourceTemplates: (await aggregator.listResourceTemplates(view)) as never }));

  server.setRequestHandler('tools/call', async (request, ctx) => {
    const { name } = request.params;
    const args = request.params.arguments as JsonObject | undefined;
    const route = await guard(aggregator.routeTool(view, name));
    const call = (callCtx: UpstreamCallContext): Promise<ToolResult> => route.upstream.callTool(route.original, args, callCtx);
    const caller = (): ReturnType<typeof callerFromPrincipal> => callerFromPrincipal(target.principal, deps.face ?? 'mcp', server.getClientVersion()?.name);
    const audit = deps.audit;
    const audited = audit ? (callCtx: UpstreamCallContext) => audit.record({ caller: caller(), server: route.server, tool: route.original, args }, () => call(callCtx)) : call;
    const outcome = await withInput(deps, target, server, ctx, audited).catch((error: unknown) => {
      // Failures of the server behind the tool are tool errors the model can read, not protocol errors.
      if (isHubError(error) && ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'AUTH_REQUIRED', 'CAPABILITY_MISSING', 'CANCELLED'].includes(error.code)) {
        return { kind: 'done', value: toolError(error.message) } as PendingOutcome<ToolResult>;
      }
      throw toProtocolError(error);
    });
    if (outcome.kind === 'input') return inputRequiredResult(outcome);
    return server.projectCallToolResult(outcome.value as never, undefined) as never;
  });

  server.setRequestHandler('prompts/get', async (request, ctx) => {
    const route = await guard(aggregator.routePrompt(view, request.params.name));
    const args = request.params.arguments as Record<string, string> | undefined;
    const outcome = await withInput(deps, target, server, ctx, (callCtx) => route.upstream.getPrompt(route.original, args, callCtx)).catch(rethrow);
    if (outcome.kind === 'input') return inputRequiredResult(outcome);
    return outcome.value as never;
  });

  server.setRequestHandler('resources/read', async (request, ctx) => {
    const route = await guard(aggregator.routeResource(view, request.params.uri));
    const outcome = await withInput(deps, target, server, ctx, (callCtx) => route.upstream.readResource(request.params.uri, callCtx)).catch(rethrow);
    if (outcome.kind === 'input') return inputRequiredResult(outcome);
    return outcome.value as never;
  });

  server.setRequestHandler('completion/complete', async (request, ctx) => {
    const params = request.params as unknown as JsonObject;
    const ref = params.ref as JsonObject;
    const route = await guard(aggregator.routeCompletion(view, ref));
    const upstreamParams = ref.type === 'ref/prompt' ? { ...params, ref: { ...ref, name: route.original } } : params;
    return (await route.upstream.complete(upstreamParams, { signal: ctx.mcpReq.signal, caller: callerOf(target.principal) }).catch(rethrow)) as never;
  });

  if (target.era === 'legacy' && deps.resourceSubscriptions) {
    const subscriptions = deps.resourceSubscriptions;
    server.setRequestHandler('resources/subscribe', async (request) => {
      await subscriptions.subscribe(request.params.uri).catch(rethrow);
      return {};
    });
    server.setRequestHandler('resources/unsubscribe', async (request) => {
      await subscriptions.unsubscribe(request.params.uri).catch(rethrow);
      return {};
    });
  }
  return server;
}

/** Runs one forwarded request with progress, logs and input requests wired to the calling client. */
async function withInput<T>(
  deps: DownstreamDeps,
  target: DownstreamTarget,
  server: Server,
  ctx: ServerContext,
  run: (callCtx: UpstreamCallContext) => Promise<T>,
): Promise<PendingOutcome<T>> {
  // Progress and log messages go to the exchange that is open now: for a 2026-07-28 call that
  // needed input, that is the latest retry, not the first request.
  const relay: LegRelay = { current: legSink(ctx) };
  const base: UpstreamCallContext = {
    signal: ctx.mcpReq.signal,
    caller: callerOf(target.principal),
    onProgress: (update) => relay.current.progress?.(update),
    onLog: (message) => relay.current.log(message),
  };
  const capabilities = (server.getClientCapabilities() ?? {}) as JsonObject;

  if (target.era === 'legacy') {
    const requester = legacyRequester(ctx, capabilities);
    return { kind: 'done', value: await run({ ...base, requester }) };
  }

  // 2026-07-28: input requests become input_required round trips (see pendingCalls.ts).
  const state = ctx.mcpReq.requestState<string>();
  if (typeof state === 'string') {
    const onAbort = (): void => deps.pending.cancel(state, new HubError('CANCELLED', 'The client cancelled the request.'));
    ctx.mcpReq.signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await deps.pending.resume<T>(state, target.principal.id, ctx.mcpReq.inputResponses, (context) => {
        (context as LegRelay).current = legSink(ctx);
      });
    } finally {
      ctx.mcpReq.signal.removeEventListener('abort', onAbort);
    }
  }
  let legOpen = true;
  const outcome = await deps.pending.start<T>(
    target.principal.id,
    capabilities,
    (requester, signal) => run({ ...base, signal: linkSignals(signal, ctx.mcpReq.signal, () => legOpen), requester }),
    relay,
  );
  // Once input_required went out, this exchange is over; the client cancels through a retry leg.
  legOpen = false;
  return outcome;
}

interface LegSink {
  progress?: (update: ProgressUpdate) => void;
  log: (message: UpstreamLogMessage) => void;
}

interface LegRelay {
  current: LegSink;
}

/** Where one exchange's progress (if the client asked for it) and log messages go. */
function legSink(ctx: ServerContext): LegSink {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  return {
    progress:
      progressToken === undefined
        ? undefined
        : (update) => {
            ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, ...update } }).catch(() => undefined);
          },
    log: (message) => {
      ctx.mcpReq.log(message.level, message.data, message.logger).catch(() => undefined);
    },
  };
}

function legacyRequester(ctx: ServerContext, clientCapabilities: JsonObject): DownstreamRequester {
  const need = (name: string): void => {
    if (!clientCapabilities[name]) {
      throw new HubError('CAPABILITY_MISSING', `The connected client does not support ${name}, which this server asked for. Use a client that declares the "${name}" capability.`);
    }
  };
  return {
    clientCapabilities,
    elicit: async (params) => {
      need('elicitation');
      return (await ctx.mcpReq.elicitInput(params as never, { timeout: 10 * 60_000 })) as unknown as JsonObject;
    },
    createMessage: async (params) => {
      need('sampling');
      return (await ctx.mcpReq.requestSampling(params as never, { timeout: 10 * 60_000 })) as unknown as JsonObject;
    },
    listRoots: async () => {
      need('roots');
      return (await ctx.mcpReq.send({ method: 'roots/list' })) as unknown as JsonObject;
    },
  };
}

/**
 * The signal of a modern call: aborted when the PendingCall is cancelled, or when the client aborts
 * the first exchange while it is still open (after `input_required` went out, its end is normal).
 */
function linkSignals(call: AbortSignal, leg: AbortSignal, legOpen: () => boolean): AbortSignal {
  const controller = new AbortController();
  if (call.aborted) controller.abort(call.reason);
  call.addEventListener('abort', () => controller.abort(call.reason), { once: true });
  leg.addEventListener('abort', () => {
    if (legOpen()) controller.abort(leg.reason);
  }, { once: true });
  return controller.signal;
}

function inputRequiredResult(outcome: { requests: Record<string, InputRequestOut>; state: string }): never {
  return inputRequired({ inputRequests: outcome.requests as never, requestState: outcome.state }) as never;
}

function toolError(message: string): ToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

async function guard<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw toProtocolError(error);
  }
}

function rethrow(error: unknown): never {
  throw toProtocolError(error);
}

/** HubError -> JSON-RPC error. Upstream protocol errors pass through with their own code. */
export function toProtocolError(error: unknown): ProtocolError {
  if (error instanceof ProtocolError) return error;
  if (isHubError(error)) {
    if (error.code === 'UPSTREAM_ERROR') {
      const details = error.details as { code?: unknown; data?: unknown } | undefined;
      const code = typeof details?.code === 'number' ? details.code : ProtocolErrorCode.InternalError;
      return new ProtocolError(code, error.message, details?.data);
    }
    const code =
      error.code === 'TOOL_NOT_FOUND' || error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST' || error.code === 'VALIDATION_FAILED'
        ? ProtocolErrorCode.InvalidParams
        : error.code === 'CAPABILITY_MISSING'
          ? ProtocolErrorCode.MissingRequiredClientCapability
          : ProtocolErrorCode.InternalError;
    return new ProtocolError(code, error.message, { code: error.code });
  }
  return new ProtocolError(ProtocolErrorCode.InternalError, errorMessage(error));
}
