import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeStreamableHTTPServerTransport, toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, isInitializeRequest, isLegacyRequest } from '@modelcontextprotocol/server';
import type { AuthInfo, McpHttpHandler, Server } from '@modelcontextprotocol/server';
import { liveView } from '../aggregate/views';
import type { View } from '../aggregate/views';
import { errorMessage } from '../core/errors';
import { buildDownstreamServer } from './downstreamServer';
import type { Principal } from './downstreamServer';
import { sendJsonRpcError } from './jsonRpcReply';
import type { McpEndpointOptions } from './mcpEndpoint';
import { ResourceSubscriptions } from './resourceSubscriptions';

// The MCP SDK's side of the hub's MCP face (`/mcp`, `/mcp/NAME`), speaking both protocol eras on
// one URL. mcpEndpoint.ts loads it with the first request its fast paths do not answer, so that a
// hub whose clients only list and call (and a hub starting up) never loads the SDK's server side,
// hono's Node adapter or undici:
//   - 2025-era clients (initialize handshake) get a session: one transport + one server instance
//     per Mcp-Session-Id; an unknown session id answers 404, per that spec.
//   - 2026-07-28 clients are served statelessly by the SDK's createMcpHandler, which builds a
//     server instance per request; `subscriptions/listen` streams carry list_changed and resource
//     updates.
// The caller (httpServer) has already checked Host/Origin and the bearer token.

interface LegacySession {
  id: string;
  transport: NodeStreamableHTTPServerTransport;
  server: Server;
  principal: Principal;
  /** The target of the URL: undefined for `/mcp`, else the server or virtual server name. */
  name: string | undefined;
  /** What the target shows the caller, resolved again at each request and list change. */
  current: View | undefined;
  /** Live: reads `current` (servers enabled or granted later show up). */
  view: View;
  /** The servers `/mcp` showed when the session opened (for the access check). */
  opened: readonly string[];
  subscriptions: Set<string>;
  lastSeen: number;
}

interface ModernRequestInfo {
  principal: Principal;
  view: View;
}

export class SdkEndpoint {
  private readonly sessions = new Map<string, LegacySession>();
  private readonly modern: McpHttpHandler;
  private readonly modernNode: ReturnType<typeof toNodeHandler>;
  private readonly resources: ResourceSubscriptions;
  private readonly unsubscribeLists: () => void;
  private readonly sweeper: NodeJS.Timeout;
  private readonly sessionIdleMs: number;

  constructor(private readonly options: McpEndpointOptions) {
    this.sessionIdleMs = options.sessionIdleMs ?? 60 * 60_000;
    this.resources = new ResourceSubscriptions({
      upstreams: options.upstreams,
      aggregator: options.aggregator,
      logger: options.logger,
      onUpdated: (uri, subscribers) => this.deliverResourceUpdate(uri, subscribers),
    });
    this.modern = createMcpHandler(
      (ctx) => {
        const info = ctx.authInfo?.extra?.patchbay as ModernRequestInfo | undefined;
        if (!info) throw new Error('internal: modern MCP request without a caller');
        return buildDownstreamServer(options.deps, { principal: info.principal, view: info.view, era: 'modern' });
      },
      {
        legacy: 'reject',
        onerror: (error) => options.logger.debug(`mcp (2026-07-28): ${errorMessage(error)}`),
      },
    );
    this.modernNode = toNodeHandler(this.modern, { onerror: (error) => options.logger.warn(`mcp: ${errorMessage(error)}`) });
    this.unsubscribeLists = options.aggregator.onListChanged((server, kind) => this.broadcastListChanged(server, kind));
    this.sweeper = setInterval(() => this.sweepSessions(), Math.min(this.sessionIdleMs, 60_000));
    this.sweeper.unref();
  }

  /** Handles one HTTP request to an MCP URL (after the fast paths declined). `body` is the parsed JSON body of a POST. */
  async handle(req: IncomingMessage, res: ServerResponse, principal: Principal, name: string | undefined, view: View, body: unknown): Promise<void> {
    const sessionId = header(req, 'mcp-session-id');
    if (sessionId) return this.handleSession(req, res, sessionId, principal, body);

    if (req.method === 'POST') {
      if (isInitializeRequest(body) || (await this.isLegacy(req, body))) {
        if (isInitializeRequest(body)) return this.openSession(req, res, principal, name, view, body);
        return sendJsonRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required. Send initialize first to start a session.');
      }
      this.trackListenStream(res, principal, view, body);
      (req as IncomingMessage & { auth?: AuthInfo }).auth = {
        token: principal.id,
        clientId: principal.name,
        scopes: [],
        extra: { patchbay: { principal, view } satisfies ModernRequestInfo },
      };
      return this.modernNode(req as never, res as never, body);
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      return sendJsonRpcError(res, 400, -32000, 'Bad Request: this method needs an Mcp-Session-Id header (2025-era sessions only).');
    }
    res.writeHead(405, { Allow: 'GET, POST, DELETE' }).end();
  }

  async dispose(): Promise<void> {
    clearInterval(this.sweeper);
    this.unsubscribeLists();
    for (const session of [...this.sessions.values()]) await this.closeSession(session);
    await this.modern.close();
    await this.resources.dispose();
  }

  // ---- 2025-era sessions ------------------------------------------------------------------------

  private async openSession(req: IncomingMessage, res: ServerResponse, principal: Principal, name: string | undefined, opened: View, body: unknown): Promise<void> {
    const subscriptions = new Set<string>();
    // `session` is declared below: the view reads its latest resolution, refreshed per request.
    const view = liveView(() => session.current);
    // `session` is declared below; these callbacks only run after it exists.
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        session.id = id;
        this.sessions.set(id, session);
      },
    });
    const server = buildDownstreamServer(
      {
        ...this.options.deps,
        resourceSubscriptions: {
          subscribe: async (uri) => {
            if (subscriptions.has(uri)) return;
            await this.resources.add(uri, view, session.id);
            subscriptions.add(uri);
          },
          unsubscribe: async (uri) => {
            if (!subscriptions.delete(uri)) return;
            await this.resources.remove(uri, session.id);
          },
        },
      },
      { principal, view, era: 'legacy' },
    );
    const session: LegacySession = { id: '', transport, server, principal, name, current: opened, view, opened: name === undefined ? [...opened.servers] : [], subscriptions, lastSeen: Date.now() };
    transport.onclose = () => {
      if (this.sessions.get(session.id) === session) {
        this.sessions.delete(session.id);
        void this.resources.removeSubscriber(session.id);
      }
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  private async handleSession(req: IncomingMessage, res: ServerResponse, sessionId: string, principal: Principal, body: unknown): Promise<void> {
    const session = this.sessions.get(sessionId);
    // A session of another credential is treated as unknown: ids never leak across tokens.
    if (!session || session.principal.id !== principal.id) {
      return sendJsonRpcError(res, 404, -32001, 'Session not found. Start a new session with initialize.');
    }
    // Resolved once per request: the session's live view uses this for the whole request.
    session.current = this.options.resolve(principal, session.name);
    if (session.current === undefined || (session.name === undefined && this.options.lostAccess?.(principal, session.opened))) {
      await this.closeSession(session);
      return sendJsonRpcError(res, 404, -32001, 'Session not found: your access changed. Start a new session with initialize.');
    }
    session.lastSeen = Date.now();
    await session.transport.handleRequest(req, res, body);
  }

  private async closeSession(session: LegacySession): Promise<void> {
    this.sessions.delete(session.id);
    await this.resources.removeSubscriber(session.id);
    await session.transport.close().catch(() => undefined);
    await session.server.close().catch(() => undefined);
  }

  private sweepSessions(): void {
    const cutoff = Date.now() - this.sessionIdleMs;
    for (const session of this.sessions.values()) {
      if (session.lastSeen < cutoff) void this.closeSession(session);
    }
  }

  /** list_changed from an upstream: every session whose view includes it, and every listen stream. */
  private broadcastListChanged(server: string, kind: 'tools' | 'prompts' | 'resources' | 'templates'): void {
    for (const session of this.sessions.values()) {
      // A server enabled (or granted) since the session's last request belongs to it now.
      session.current = this.options.resolve(session.principal, session.name);
      if (!session.view.servers.includes(server)) continue;
      const send =
        kind === 'tools' ? session.server.sendToolListChanged() : kind === 'prompts' ? session.server.sendPromptListChanged() : session.server.sendResourceListChanged();
      send.catch(() => undefined);
    }
    if (kind === 'tools') this.modern.notify.toolsChanged();
    else if (kind === 'prompts') this.modern.notify.promptsChanged();
    else this.modern.notify.resourcesChanged();
  }

  private deliverResourceUpdate(uri: string, subscribers: Iterable<string>): void {
    for (const id of subscribers) {
      const session = this.sessions.get(id);
      if (session) session.server.sendResourceUpdated({ uri }).catch(() => undefined);
    }
    this.modern.notify.resourceUpdated(uri);
  }

  // ---- 2026-07-28 listen streams ----------------------------------------------------------------

  /** A listen stream that asks for resource updates: subscribe upstream while it is open. */
  private trackListenStream(res: ServerResponse, _principal: Principal, view: View, body: unknown): void {
    const uris = listenResourceUris(body);
    if (uris.length === 0) return;
    const subscriber = `listen:${randomUUID()}`;
    for (const uri of uris) {
      this.resources.add(uri, view, subscriber).catch((error: unknown) => this.options.logger.debug(`listen: cannot subscribe ${uri}: ${errorMessage(error)}`));
    }
    res.on('close', () => void this.resources.removeSubscriber(subscriber));
  }

  private async isLegacy(req: IncomingMessage, body: unknown): Promise<boolean> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    return isLegacyRequest(new Request('http://hub.local/mcp', { method: 'POST', headers }), body);
  }
}

function listenResourceUris(body: unknown): string[] {
  if (!body || typeof body !== 'object' || (body as { method?: unknown }).method !== 'subscriptions/listen') return [];
  const params = (body as { params?: { notifications?: { resourceSubscriptions?: unknown } } }).params;
  const list = params?.notifications?.resourceSubscriptions;
  return Array.isArray(list) ? list.filter((uri): uri is string => typeof uri === 'string') : [];
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
