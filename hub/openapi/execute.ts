// The HTTP executor behind imported tools: arguments -> request -> MCP tool result.
import type { JsonObject, ToolResult } from '../../shared/types';
import { errorMessage, HubError } from '../core/errors';
import { ArgumentError, buildRequest } from './request';
import type { BuiltRequest } from './request';
import { errorResult, readBody, scrub, toToolResult } from './response';
import type { ExecuteOptions, OpenApiAuth, OpenApiTool } from './types';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/**
 * Calls the operation behind `tool`. Bad arguments and non-2xx answers come back as `isError`
 * results (the model can correct itself); an unreachable API, a timeout or a cancellation throw
 * a HubError. Auth values never appear in the result or the error.
 */
export async function executeOperation(tool: OpenApiTool, args: JsonObject | undefined, opts: ExecuteOptions): Promise<ToolResult> {
  const auth: OpenApiAuth[] = opts.auth === undefined ? [] : Array.isArray(opts.auth) ? opts.auth : [opts.auth];
  const secrets = auth.flatMap(authSecrets).sort((a, b) => b.length - a.length);
  let request;
  try {
    request = buildRequest(tool, args ?? {}, opts.baseUrl, auth);
  } catch (error) {
    if (error instanceof HubError) throw error;
    const detail = error instanceof ArgumentError ? error.message : errorMessage(error);
    return errorResult(`Invalid arguments for tool "${tool.name}": ${detail}. Fix the arguments (see the tool's inputSchema) and call it again.`, secrets);
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const target = `${request.method} ${tool.operation.path}`;
  const doFetch = opts.fetch ?? fetch;
  try {
    const response = await fetchFollowing(doFetch, request, signal);
    const body = await readBody(response, maxBytes);
    const length = Number(response.headers.get('content-length'));
    return toToolResult(
      {
        status: response.status,
        statusText: response.statusText,
        contentType: response.headers.get('content-type') ?? '',
        ...(Number.isFinite(length) && response.headers.has('content-length') ? { contentLength: length } : {}),
        body,
        maxBytes,
      },
      request.secrets,
    );
  } catch (error) {
    if (opts.signal?.aborted) throw new HubError('CANCELLED', `The call to ${target} was cancelled.`, { cause: error });
    if (timeout.aborted) {
      throw new HubError('UPSTREAM_TIMEOUT', `${target} did not answer within ${timeoutMs} ms. Try again, or raise the timeout for this API.`);
    }
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const reason = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : errorMessage(error);
    throw new HubError('UPSTREAM_UNAVAILABLE', scrub(`${target} failed before an answer arrived (${reason}). Check that the API's base URL is right and reachable, then try again.`, request.secrets));
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * Follows redirects itself: credentials (API key headers, cookies, Authorization) go only to the
 * origin they were configured for; a redirect elsewhere (a download URL, say) gets a bare request.
 */
async function fetchFollowing(doFetch: typeof fetch, request: BuiltRequest, signal: AbortSignal): Promise<Response> {
  let url = request.url;
  let method = request.method;
  let headers = request.headers;
  let body = request.body;
  for (let hop = 0; ; hop += 1) {
    const response = await doFetch(url, { method, headers, ...(body !== undefined ? { body } : {}), signal, redirect: 'manual' });
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || !location || hop >= MAX_REDIRECTS) return response;
    await response.body?.cancel().catch(() => undefined);
    const next = new URL(location, url);
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method !== 'GET' && method !== 'HEAD')) {
      method = method === 'HEAD' ? 'HEAD' : 'GET';
      body = undefined;
      headers = new Headers(headers);
      headers.delete('content-type');
    }
    if (next.origin !== new URL(url).origin) {
      const accept = headers.get('accept');
      headers = new Headers(accept ? { accept } : {});
    }
    url = next.href;
  }
}

function authSecrets(auth: OpenApiAuth): string[] {
  switch (auth.type) {
    case 'apiKey':
      return [auth.value];
    case 'bearer':
      return [auth.token];
    case 'basic':
      return [auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString('base64')];
    default:
      return [];
  }
}
