import type { ServerResponse } from 'node:http';
import type { ApiErrorBody } from '../../shared/errors';
import { HTTP_STATUS_BY_CODE } from '../../shared/errors';
import type { HubError } from '../core/errors';
import { toHubError } from '../core/errors';
import type { Principal } from './downstreamServer';

// A small router for the admin API (`/api/...`) and the few other hub routes (e.g. the OAuth
// callback). Route modules in hub/serve/routes/ register their routes; every input is validated
// there with the contract's zod schemas (shared/api.ts). Errors become `{ error: { code, message } }`.

export interface ApiRequest {
  method: string;
  /** Path below /api (e.g. `/servers/github`), or the full path for public routes. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** The caller; undefined only on public routes. */
  principal: Principal | undefined;
  /** Raw response, for routes that answer with something other than JSON (redirects, HTML). */
  res: ServerResponse;
}

/** A route handler returns the JSON body (status 200, or `{ status, body }`), or answers `res` itself and returns `RESPONDED`. */
export type RouteHandler = (req: ApiRequest & { principal: Principal }, params: string[]) => unknown;
export type PublicRouteHandler = (req: ApiRequest, params: string[]) => unknown;

export const RESPONDED = Symbol('responded');

export class Status {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

interface RouteDef {
  method: string;
  pattern: RegExp;
  handler: PublicRouteHandler;
  public: boolean;
}

/** Path parameter patterns for route strings. */
export const NAME = '([a-z0-9][a-z0-9-]*)';
export const ID = '([A-Za-z0-9_.-]+)';

export class ApiRouter {
  private readonly routes: RouteDef[] = [];
  /** Route modules still loading (see `addLater`); every request waits for them. */
  private loading: Promise<void> | undefined;
  private load: (() => Promise<void>) | undefined;

  /**
   * Routes that `register` adds once the first request arrives: the admin API's route modules (and
   * the zod schemas they build) load on first use, not at hub start. A failed load is retried by the
   * next request.
   */
  addLater(register: () => Promise<void>): void {
    this.load = register;
  }

  /** An authenticated admin API route; `path` is below /api and may use NAME / ID groups. */
  add(method: string, path: string, handler: RouteHandler): void {
    this.routes.push({ method, pattern: new RegExp(`^${path}$`), handler: handler as PublicRouteHandler, public: false });
  }

  /** A route outside /api that needs no hub credential (it checks its own, e.g. OAuth `state`). */
  addPublic(method: string, path: string, handler: PublicRouteHandler): void {
    this.routes.push({ method, pattern: new RegExp(`^${path}$`), handler, public: true });
  }

  /** Answers the request; false when no route matched. */
  async handle(req: ApiRequest, isPublic: boolean): Promise<boolean> {
    if (this.load) await this.loadRoutes(this.load);
    for (const route of this.routes) {
      if (route.public !== isPublic || route.method !== req.method) continue;
      const match = route.pattern.exec(req.path);
      if (!match) continue;
      try {
        const result = await route.handler(req, match.slice(1));
        if (result === RESPONDED) return true;
        if (result instanceof Status) sendJson(req.res, result.status, result.body);
        else sendJson(req.res, 200, result ?? { ok: true });
      } catch (error) {
        sendApiError(req.res, toHubError(error));
      }
      return true;
    }
    return false;
  }

  private async loadRoutes(load: () => Promise<void>): Promise<void> {
    this.loading ??= load().then(
      () => {
        if (this.load === load) this.load = undefined;
      },
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    await this.loading;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function sendApiError(res: ServerResponse, error: HubError, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const body: ApiErrorBody = { error: { code: error.code, message: error.message } };
  res.writeHead(HTTP_STATUS_BY_CODE[error.code] ?? 500, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...extraHeaders });
  res.end(JSON.stringify(body));
}
