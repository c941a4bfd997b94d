import type { ServerResponse } from 'node:http';
import type { ServerDetail, StatusView } from '../../shared/api';
import { CallToolSchema, CreateTokenSchema, LogQuerySchema } from '../../shared/api';
import type { ApiErrorBody } from '../../shared/errors';
import { HTTP_STATUS_BY_CODE } from '../../shared/errors';
import { singleServerView } from '../aggregate/views';
import { HubError, toHubError } from '../core/errors';
import { parseInput } from '../core/validate';
import type { Hub } from '../hub';
import type { Principal } from './downstreamServer';

// The admin REST API under /api/. Every input is validated with the contract's zod schemas
// (shared/api.ts); errors are `{ error: { code, message } }` with the status of their code.

export interface ApiRequest {
  method: string;
  /** Path below /api, e.g. `/servers/github`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  principal: Principal;
}

type Handler = (req: ApiRequest, params: string[]) => Promise<unknown> | unknown;

interface RouteDef {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export class AdminApi {
  private readonly routes: RouteDef[] = [];

  constructor(
    private readonly hub: Hub,
    private readonly endpoint: () => string,
  ) {
    const name = '([a-z0-9][a-z0-9-]*)';
    this.add('GET', '/status', () => this.status());
    this.add('GET', '/servers', () => Promise.all(hub.servers.list().map(async (view) => ({ ...view, toolCount: await this.toolCount(view.name) }))));
    this.add('POST', '/servers', async (req) => hub.servers.view(await hub.servers.create(req.body as never)));
    this.add('GET', `/servers/${name}`, (_req, [server]) => this.detail(server!));
    this.add('PATCH', `/servers/${name}`, async (req, [server]) => hub.servers.view(await hub.servers.update(server!, req.body as never)));
    this.add('DELETE', `/servers/${name}`, async (_req, [server]) => hub.servers.view(await hub.servers.remove(server!)));
    this.add('POST', `/servers/${name}/restart`, async (_req, [server]) => ({ state: await hub.registry.restart(server!) }));
    this.add('GET', `/servers/${name}/tools`, async (_req, [server]) => this.listOf(server!, 'tools'));
    this.add('GET', `/servers/${name}/logs`, (_req, [server]) => {
      hub.servers.get(server!);
      return { stderr: hub.registry.get(server!)?.stderrTail(500) ?? [] };
    });
    this.add('GET', '/tokens', () => hub.store.tokens.list());
    this.add('POST', '/tokens', (req) => {
      const input = parseInput(CreateTokenSchema, req.body, 'token');
      const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000).toISOString() : undefined;
      return hub.store.tokens.create({ name: input.name, expiresAt });
    });
    this.add('DELETE', '/tokens/([A-Za-z0-9_-]+)', (_req, [id]) => hub.store.tokens.revoke(id!));
    this.add('GET', '/logs', (req) => {
      const query = parseInput(LogQuerySchema, Object.fromEntries(req.query), 'log query');
      return hub.logs.list(query);
    });
    this.add('POST', '/call', async (req) => {
      const input = parseInput(CallToolSchema, req.body, 'tool call');
      return hub.callTool(input.server, input.tool, input.arguments ?? {});
    });
  }

  /** Answers the request; returns false when no route matched (the caller answers 404). */
  async handle(req: ApiRequest, res: ServerResponse): Promise<boolean> {
    for (const route of this.routes) {
      if (route.method !== req.method) continue;
      const match = route.pattern.exec(req.path);
      if (!match) continue;
      try {
        const result = await route.handler(req, match.slice(1));
        sendJson(res, req.method === 'POST' && route.pattern.source === '^/servers$' ? 201 : 200, result ?? { ok: true });
      } catch (error) {
        sendApiError(res, toHubError(error));
      }
      return true;
    }
    return false;
  }

  private add(method: string, path: string, handler: Handler): void {
    this.routes.push({ method, pattern: new RegExp(`^${path}$`), handler });
  }

  private status(): StatusView {
    const states = this.hub.servers.list().map((view) => view.state.status);
    return {
      version: this.hub.version,
      startedAt: this.hub.startedAt.toISOString(),
      endpoint: this.endpoint(),
      dataDir: this.hub.paths.home,
      secretStore: { kind: this.hub.secrets.kind, warning: this.hub.secretWarning },
      servers: {
        total: states.length,
        running: states.filter((status) => status === 'running').length,
        error: states.filter((status) => status === 'error').length,
        disabled: states.filter((status) => status === 'disabled').length,
      },
    };
  }

  /** Tool count of a running server (its list is cached by the connection). */
  private async toolCount(server: string): Promise<number | undefined> {
    const upstream = this.hub.registry.get(server);
    if (upstream?.state.status !== 'running') return undefined;
    return upstream.listTools().then((tools) => tools.length, () => undefined);
  }

  private async listOf(server: string, kind: 'tools'): Promise<unknown> {
    this.hub.servers.get(server);
    if (!this.hub.registry.get(server)) return [];
    return kind === 'tools' ? this.hub.aggregator.listTools(singleServerView(server)) : [];
  }

  private async detail(server: string): Promise<ServerDetail> {
    const config = this.hub.servers.get(server);
    const view = this.hub.servers.view(config);
    const upstream = this.hub.registry.get(server);
    const single = singleServerView(server);
    const running = upstream?.state.status === 'running';
    const [tools, prompts, resources, resourceTemplates] = running
      ? await Promise.all([
          this.hub.aggregator.listTools(single),
          this.hub.aggregator.listPrompts(single),
          this.hub.aggregator.listResources(single),
          this.hub.aggregator.listResourceTemplates(single),
        ])
      : [[], [], [], []];
    return { ...view, toolCount: running ? tools.length : undefined, tools, prompts, resources, resourceTemplates, stderr: upstream?.stderrTail(200) ?? [], endpoint: `${this.endpoint()}/${server}` };
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

export function sendApiError(res: ServerResponse, error: HubError, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const body: ApiErrorBody = { error: { code: error.code, message: error.message } };
  res.writeHead(HTTP_STATUS_BY_CODE[error.code] ?? 500, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...extraHeaders });
  res.end(JSON.stringify(body));
}

export function notFound(what: string): HubError {
  return new HubError('NOT_FOUND', `${what} does not exist. See the API routes in the README.`);
}
