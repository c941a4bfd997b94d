import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage, Server as NodeServer, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage, HubError } from '../core/errors';
import type { Hub } from '../hub';
import { sendApiError, sendJson } from './apiRouter';
import { buildRouter } from './routes/index';
import type { AccessTokenInfo } from '../../shared/api';
import type { View } from '../aggregate/views';
import type { Principal } from './downstreamServer';
import { bearerToken, checkHostAndOrigin, cookie, hostPolicy } from './guards';
import type { HostPolicy } from './guards';
import { installFastFront, PLAIN_MCP_PATH } from './fastFront';
import type { ReplyStream, RequestHead } from './fastFront';
import { McpEndpoint, sendJsonRpcError } from './mcpEndpoint';
import { serveStatic } from './staticFiles';

// The hub's one HTTP server (127.0.0.1:4242 by default):
//   /mcp, /mcp/NAME     MCP endpoints (bearer token)
//   /api/health         liveness, no auth
//   /api/...            admin API (bearer token or the UI session cookie)
//   /login?token=...    one-time UI login: sets an HttpOnly SameSite=Strict session cookie
//   /                   the web UI (static files)

const MAX_BODY = 4 * 1024 * 1024;
const SESSION_COOKIE = 'patchbay_session';
const UI_PRINCIPAL: Principal = { id: 'ui', name: 'Patchbay UI', userId: 'owner' };

export interface HttpServerOptions {
  host: string;
  port: number;
  /** Built UI files (dist/renderer); the UI is not served when absent. */
  uiDir?: string;
  /** Extra hostnames accepted in Host/Origin headers. */
  allowedHosts?: string[];
  /** Access: serve HTTPS with this PEM certificate and key (required off loopback, see hub/access/tls.ts). */
  tls?: { cert: string; key: string };
  /** Tests: answer 2026-07-28 list requests through the MCP SDK too, not the fast path (modernLists.ts). */
  sdkLists?: boolean;
}

export interface HttpServerHandle {
  url: string;
  port: number;
  /** A fresh single-use URL that logs a browser into the UI (valid for 10 minutes). */
  createLoginUrl(): string;
  close(): Promise<void>;
}

export async function startHttpServer(hub: Hub, options: HttpServerOptions): Promise<HttpServerHandle> {
  const loginTokens = new Map<string, number>();
  const uiSessions = new Map<string, number>();
  const policy: HostPolicy = hostPolicy(options.host, options.allowedHosts);
  let baseUrl = '';
  const mcp = new McpEndpoint({
    deps: { aggregator: hub.aggregator, pending: hub.pending, logger: hub.logger.child({ component: 'mcp' }), version: hub.version, audit: hub.audit, face: 'mcp' },
    upstreams: hub.registry,
    aggregator: hub.aggregator,
    logger: hub.logger.child({ component: 'mcp' }),
    resolve: (principal, name) => hub.resolveView(principal, name),
    // Access: a 2025-era `/mcp` session whose caller lost a server it was opened with ends (404: start anew).
    lostAccess: (principal, opened) => !(hub.access.isOwner(principal) && !principal.servers) && hub.access.usable(principal, 'server', opened).length !== opened.length,
    ...(options.sdkLists ? { sdkListsOnly: true } : {}),
  });
  const api = buildRouter(hub, { endpoint: () => `${baseUrl}/mcp`, baseUrl: () => baseUrl });
  /** A fresh single-use link that logs a browser into the UI (valid for 10 minutes). */
  const createLoginUrl = (): string => {
    const token = randomBytes(24).toString('base64url');
    loginTokens.set(token, Date.now() + 10 * 60_000);
    return `${baseUrl}/login?token=${token}`;
  };
  // `patchbay ui`: the owner asks the running hub for a login link.
  api.add('POST', '/ui/login-url', (req) => {
    hub.access.requireOwner(req.principal, 'open the web UI');
    return { url: createLoginUrl() };
  });

  /** The caller holding a valid hub token. Verified on every request: an expired or revoked token fails its next request, in a session too. */
  const principals = new WeakMap<AccessTokenInfo, Principal>();
  const tokenPrincipal = (token: string): Principal | undefined => {
    const info = hub.store.tokens.verify(token);
    if (!info) return undefined;
    // verify() answers the same info object while its verification holds: one principal for it.
    let principal = principals.get(info);
    if (!principal) {
      principal = { id: info.id, name: info.name, userId: info.userId, tokenId: info.id, ...(info.servers ? { servers: info.servers } : {}) };
      principals.set(info, principal);
    }
    return principal;
  };

  // MCP endpoints also accept JWTs of configured external identities (token passthrough).
  // The JWT maps to the hub user named by its claim (default `sub`); the owner adds that user and
  // gives it roles like any other. No such user: 401.
  const jwtPrincipal = async (token: string): Promise<Principal | undefined> => {
    const caller = await hub.jwt.verify(token);
    const user = caller && hub.store.users.list().find((candidate) => candidate.name === caller.claim);
    if (!caller || !user) {
      if (caller) hub.logger.info('a valid identity JWT names no hub user', { identity: caller.identity.name });
      return undefined;
    }
    hub.auth.noteBearer(user.id, token);
    return { id: `jwt:${caller.userId}`, name: caller.identity.name, userId: user.id, bearer: token };
  };

  /** The admin API's caller: a hub token, or the UI's session cookie. */
  const apiPrincipal = (req: IncomingMessage): Principal | undefined => {
    const token = bearerToken(req);
    if (token) return tokenPrincipal(token);
    const session = cookie(req, SESSION_COOKIE);
    const expires = session ? uiSessions.get(session) : undefined;
    return session && expires && expires > Date.now() ? UI_PRINCIPAL : undefined;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    const refused = checkHostAndOrigin(req, policy);
    if (refused) {
      res.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: 'FORBIDDEN', message: refused } }));
      return;
    }
    const raw = req.url ?? '/';
    // Every tool call comes this way: a plain MCP path needs no URL parser (nothing to normalise).
    if (PLAIN_MCP_PATH.test(raw)) return handleMcp(req, res, raw);
    const url = new URL(raw, 'http://hub.local');
    const path = url.pathname;
    if (path === '/mcp' || path.startsWith('/mcp/')) return handleMcp(req, res, path);
    return handleOther(req, res, url, path);
  };

  /** Everything but the MCP endpoints: health, the admin API, the login link, the UI. */
  const handleOther = async (req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> => {
    if (path === '/api/health') return sendJson(res, 200, { ok: true, version: hub.version });
    if (path.startsWith('/api/')) {
      const principal = apiPrincipal(req);
      if (!principal) return sendApiError(res, new HubError('UNAUTHORIZED', 'Missing or invalid credentials. Send "Authorization: Bearer <token>" (create one with `patchbay token create NAME`) or log in to the UI with the URL `patchbay serve` printed.'), { 'WWW-Authenticate': 'Bearer realm="patchbay"' });
      // Browsers: state-changing calls must come from the hub's own pages (SameSite cookie + Origin).
      if (req.method !== 'GET' && !bearerToken(req) && !req.headers.origin) {
        return sendApiError(res, new HubError('FORBIDDEN', 'Cookie-authenticated changes need an Origin header from the Patchbay UI.'));
      }
      let body: unknown;
      if (req.method === 'POST' || req.method === 'PATCH' || req.method === 'PUT') {
        try {
          body = await readJson(req);
        } catch (error) {
          return sendApiError(res, error instanceof HubError ? error : new HubError('BAD_REQUEST', errorMessage(error)));
        }
      }
      const handled = await api.handle({ method: req.method ?? 'GET', path: path.slice('/api'.length), query: url.searchParams, body, principal, res }, false);
      if (!handled) sendApiError(res, new HubError('NOT_FOUND', `No API route ${req.method} ${path}.`));
      return;
    }
    if (path === '/login') return login(req, res, url);
    if (await api.handle({ method: req.method ?? 'GET', path, query: url.searchParams, body: undefined, principal: undefined, res }, true)) return;
    if (options.uiDir && (req.method === 'GET' || req.method === 'HEAD')) {
      if (await serveStatic(options.uiDir, path, req, res)) return;
    }
    sendApiError(res, new HubError('NOT_FOUND', `Nothing at ${path}. The MCP endpoint is /mcp, the admin API is under /api/.`));
  };

  // The MCP endpoints. The common case (a hub token, a POST) runs without a promise until the
  // relay or the full path needs one: this is every tool call's way in (bench/hub.bench.mjs).
  const handleMcp = (req: IncomingMessage, res: ServerResponse, path: string): void | Promise<void> => {
    const token = bearerToken(req);
    const principal = token === undefined ? undefined : tokenPrincipal(token);
    if (principal) return serveMcpAs(req, res, principal, path);
    return handleMcpWithoutHubToken(req, res, path, token);
  };

  /** A JWT of an external identity, or missing or bad credentials (401). */
  const handleMcpWithoutHubToken = async (req: IncomingMessage, res: ServerResponse, path: string, token: string | undefined): Promise<void> => {
    const principal = token === undefined ? undefined : await jwtPrincipal(token);
    if (!principal) {
      return sendJsonRpcError(res, 401, -32001, token !== undefined ? 'Invalid, expired or revoked token. Create a new one with `patchbay token create NAME`.' : 'Missing bearer token. Send "Authorization: Bearer <token>"; create one with `patchbay token create NAME`.', {
        'WWW-Authenticate': `Bearer realm="patchbay"${token !== undefined ? ', error="invalid_token"' : ''}`,
      });
    }
    return serveMcpAs(req, res, principal, path);
  };

  /** An authenticated MCP request: its body is read, then relayed (passthrough.ts) or served in full. */
  const serveMcpAs = (req: IncomingMessage, res: ServerResponse, principal: Principal, path: string): void | Promise<void> => {
    const target = mcpTarget(res, principal, path);
    if (!target) return;
    if (req.method !== 'POST') return serveMcp(req, res, principal, target, undefined);
    readBody(req, (error, body) => {
      if (error) return sendParseError(res, error);
      try {
        const relayed = mcp.relay(req, res, principal, target.view, body);
        if (relayed === true) return;
        (relayed === false ? serveMcp(req, res, principal, target, body) : relayed.then((done) => (done ? undefined : serveMcp(req, res, principal, target, body)))).catch((failure: unknown) =>
          mcpFailed(res, failure),
        );
      } catch (failure) {
        // Runs from a stream event: nothing above would catch it.
        mcpFailed(res, failure);
      }
    });
  };

  /** What the URL shows the caller, or undefined having answered 404. */
  const mcpTarget = (res: ServerResponse, principal: Principal, path: string): { name: string | undefined; view: View } | undefined => {
    const name = targetName(path);
    const view = hub.resolveView(principal, name);
    if (!view) {
      sendJsonRpcError(res, 404, -32001, `No server or virtual server named "${decodeURIComponent(path.slice('/mcp/'.length))}".`);
      return undefined;
    }
    return { name, view };
  };

  const serveMcp = async (req: IncomingMessage, res: ServerResponse, principal: Principal, target: { name: string | undefined; view: View }, body: unknown): Promise<void> => {
    try {
      await mcp.handle(req, res, principal, target.name, target.view, body);
    } catch (error) {
      mcpFailed(res, error);
    }
  };

  /**
   * The front's share (fastFront.ts): a POST with a hub token that a fast path answers. The same
   * steps as handle(), handleMcp(), serveMcpAs() and mcpTarget(); false wherever those would
   * answer anything else (refusals, errors, the SDK's path): node:http's path then does.
   */
  const serveFast = (head: RequestHead, reply: ReplyStream, path: string, bytes: Buffer): boolean | Promise<boolean> => {
    if (checkHostAndOrigin(head, policy) !== undefined) return false;
    const token = bearerToken(head);
    const principal = token === undefined ? undefined : tokenPrincipal(token);
    const view = principal && hub.resolveView(principal, targetName(path));
    if (!principal || !view) return false;
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      return false;
    }
    return mcp.relay(head, reply, principal, view, body);
  };

  const mcpFailed = (res: ServerResponse, error: unknown): void => {
    hub.logger.warn(`mcp request failed: ${errorMessage(error)}`);
    sendJsonRpcError(res, 500, -32603, 'Internal error in the hub; see the hub log.');
  };

  /** `/mcp` -> undefined (everything the caller may use); `/mcp/NAME` -> NAME. */
  const targetName = (path: string): string | undefined =>
    path === '/mcp' || path === '/mcp/' ? undefined : decodeURIComponent(path.slice('/mcp/'.length)).replace(/\/$/, '');

  const login = (_req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const token = url.searchParams.get('token') ?? '';
    const expires = loginTokens.get(token);
    loginTokens.delete(token);
    if (!expires || expires < Date.now()) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' }).end('This login link is invalid or was already used. Run `patchbay ui` (or restart `patchbay serve`) for a fresh one.');
      return;
    }
    const session = randomBytes(32).toString('base64url');
    uiSessions.set(session, Date.now() + 30 * 86_400_000);
    res.writeHead(302, {
      Location: '/',
      'Set-Cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${30 * 86_400}`,
      'Cache-Control': 'no-store',
    });
    res.end();
  };

  const failed = (res: ServerResponse, error: unknown): void => {
    hub.logger.error(`request failed: ${errorMessage(error)}`);
    if (!res.headersSent) sendApiError(res, new HubError('INTERNAL', 'Internal error in the hub; see the hub log.'));
    else res.end();
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      handle(req, res)?.catch((error: unknown) => failed(res, error));
    } catch (error) {
      failed(res, error);
    }
  };
  const server: NodeServer = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createServer(onRequest);
  server.keepAliveTimeout = 65_000;
  // Plain HTTP: the relay's requests are served before node:http sees them (fastFront.ts).
  const front = options.tls ? undefined : installFastFront(server, { maxBody: MAX_BODY, serve: serveFast });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new HubError('CONFLICT', `Port ${options.port} on ${options.host} is already in use. Is another hub running? Stop it, or pass --port.`, { cause: error })
          : error,
      );
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  baseUrl = `${options.tls ? 'https' : 'http'}://${hostForUrl}:${port}`;

  return {
    url: baseUrl,
    port,
    createLoginUrl,
    async close() {
      await mcp.dispose();
      front?.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads and parses a JSON body (undefined when empty). */
function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => readBody(req, (error, body) => (error ? reject(error) : resolve(body))));
}

/**
 * readJson with a callback: plain events, no promise (every tool call comes this way). A body
 * with a Content-Length is complete with its last byte: it is parsed then, without waiting for
 * the stream's 'end' (a turn of the event loop later, on the tool call's critical path).
 */
function readBody(req: IncomingMessage, done: (error: HubError | undefined, body?: unknown) => void): void {
  const chunks: Buffer[] = [];
  const declared = req.headers['content-length'] === undefined ? -1 : Number(req.headers['content-length']);
  let size = 0;
  let settled = false;
  const finish = (): void => {
    settled = true;
    if (size === 0) return done(undefined, undefined);
    let body: unknown;
    try {
      body = JSON.parse((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8'));
    } catch (error) {
      return done(new HubError('BAD_REQUEST', `The request body is not valid JSON: ${errorMessage(error)}`));
    }
    done(undefined, body);
  };
  const onData = (chunk: Buffer): void => {
    if (settled) return;
    size += chunk.length;
    if (size > MAX_BODY) {
      settled = true;
      req.off('data', onData);
      req.resume();
      done(new HubError('BAD_REQUEST', `Request body too large (over ${MAX_BODY} bytes).`));
      return;
    }
    chunks.push(chunk);
    // The parser passes on exactly Content-Length bytes: with the last of them the body is whole.
    if (size === declared) finish();
  };
  req.on('data', onData);
  req.on('error', (error) => {
    if (settled) return;
    settled = true;
    done(new HubError('BAD_REQUEST', `Reading the request failed: ${errorMessage(error)}`));
  });
  // With a Content-Length the last 'data' finishes it (or 'error'); 'end' matters for an empty or chunked body.
  if (!(declared > 0)) {
    req.on('end', () => {
      if (!settled) finish();
    });
  }
}

function sendParseError(res: ServerResponse, error: unknown): void {
  sendJsonRpcError(res, error instanceof HubError && error.message.includes('large') ? 413 : 400, -32700, `Parse error: ${errorMessage(error)}`);
}
