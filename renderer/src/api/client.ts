// The one way the UI talks to the hub: same-origin fetches to the admin API (`/api/...`). The
// session cookie set by `/login?token=...` authenticates every call. Errors come back as
// `{ error: { code, message } }`; their messages are written for users, so the UI shows them.
import type {
  CreatedToken,
  CreateServerInput,
  CreateTokenInput,
  HealthView,
  LogEntryView,
  ServerDetail,
  ServerView,
  StatusView,
  TokenInfo,
  UpdateServerInput,
  LogLevelName,
} from '../../../shared/api';
import type { ConnectionState, ToolResult } from '../../../shared/types';
import type { HubErrorCode } from '../../../shared/errors';

export class ApiError extends Error {
  constructor(
    readonly code: HubErrorCode | 'NETWORK' | 'BAD_RESPONSE',
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A message for any error that reached the UI. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      signal,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('NETWORK', 'Cannot reach the Patchbay hub. Check that it is still running (`patchbay serve` or the desktop app), then reload this page.', 0);
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError('BAD_RESPONSE', `The hub answered ${method} /api${path} with something that is not JSON (HTTP ${response.status}). Is another program listening on this port?`, response.status);
  }
  if (!response.ok) {
    const payload = data as { error?: { code?: HubErrorCode; message?: string } } | undefined;
    const code = payload?.error?.code ?? 'INTERNAL';
    const message = payload?.error?.message ?? `The hub answered HTTP ${response.status} to ${method} /api${path}.`;
    throw new ApiError(code, message, response.status);
  }
  return data as T;
}

export const enc = encodeURIComponent;

export const api = {
  health: (signal?: AbortSignal) => request<HealthView>('GET', '/health', undefined, signal),
  status: (signal?: AbortSignal) => request<StatusView>('GET', '/status', undefined, signal),
  servers: (signal?: AbortSignal) => request<ServerView[]>('GET', '/servers', undefined, signal),
  server: (name: string, signal?: AbortSignal) => request<ServerDetail>('GET', `/servers/${enc(name)}`, undefined, signal),
  createServer: (input: CreateServerInput) => request<ServerView>('POST', '/servers', input),
  updateServer: (name: string, input: UpdateServerInput) => request<ServerView>('PATCH', `/servers/${enc(name)}`, input),
  deleteServer: (name: string) => request<unknown>('DELETE', `/servers/${enc(name)}`),
  restartServer: (name: string) => request<{ state: ConnectionState }>('POST', `/servers/${enc(name)}/restart`),
  serverLogs: (name: string, signal?: AbortSignal) => request<{ stderr: string[] }>('GET', `/servers/${enc(name)}/logs`, undefined, signal),
  tokens: (signal?: AbortSignal) => request<TokenInfo[]>('GET', '/tokens', undefined, signal),
  createToken: (input: CreateTokenInput) => request<CreatedToken>('POST', '/tokens', input),
  revokeToken: (id: string) => request<unknown>('DELETE', `/tokens/${enc(id)}`),
  logs: (query: { level?: LogLevelName; limit?: number }, signal?: AbortSignal) => {
    const params = new URLSearchParams();
    if (query.level) params.set('level', query.level);
    if (query.limit) params.set('limit', String(query.limit));
    const qs = params.toString();
    return request<LogEntryView[]>('GET', `/logs${qs ? `?${qs}` : ''}`, undefined, signal);
  },
  callTool: (server: string, tool: string, args: Record<string, unknown>) => request<ToolResult>('POST', '/call', { server, tool, arguments: args }),
  catalog: (signal?: AbortSignal) => request<unknown>('GET', '/catalog', undefined, signal),
};
