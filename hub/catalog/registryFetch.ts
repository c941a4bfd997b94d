// Fetches a server.json or a registry API response over HTTP and parses it into candidates.
import { HubError } from '../core/errors';
import { parseRegistryResponse, parseRegistryServer } from './registryServer';
import type { RegistryServerList } from './registryTypes';

export type FetchLike = (input: string, init?: { signal?: AbortSignal; headers?: Record<string, string>; redirect?: 'follow' | 'error' | 'manual' }) => Promise<Response>;

export interface FetchRegistryOptions {
  /** Default 15 s. */
  timeoutMs?: number;
  /** Largest body accepted, default 5 MB. */
  maxBytes?: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * GETs `url` — a raw server.json, a registry list (`/v0.1/servers?search=...`) or a single server
 * (`/v0.1/servers/{name}/versions/latest`) — and parses whichever it is. https only, except on
 * loopback (a registry you run yourself). `fetch` is passed in (globalThis.fetch in production).
 */
export async function fetchRegistryServer(url: string, fetch: FetchLike, options: FetchRegistryOptions = {}): Promise<RegistryServerList> {
  const target = checkUrl(url);
  const shown = `${target.origin}${target.pathname}`;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  let response: Response;
  try {
    response = await fetch(target.href, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' }, redirect: 'follow' });
  } catch (cause) {
    const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
    throw timedOut
      ? new HubError('UPSTREAM_TIMEOUT', `The registry at ${shown} did not answer within ${timeoutMs} ms. Try again later or check the URL.`, { cause })
      : new HubError('UPSTREAM_UNAVAILABLE', `Could not reach the registry at ${shown}: ${(cause as Error).message}. Check the URL and your network.`, { cause });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    const hint = response.status === 404 ? 'Check the server name and version in the URL.' : 'Try again later or check the URL.';
    throw new HubError(response.status === 404 ? 'NOT_FOUND' : 'UPSTREAM_ERROR', `The registry at ${shown} answered HTTP ${response.status}. ${hint}`);
  }
  const text = await readLimited(response, maxBytes, shown);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new HubError('UPSTREAM_ERROR', `The registry at ${shown} did not return JSON. Check that the URL points to a server.json or a registry API endpoint.`, { cause });
  }
  if (typeof json === 'object' && json !== null && ('servers' in json || 'server' in json)) return parseRegistryResponse(json);
  return { servers: [parseRegistryServer(json)] };
}

function checkUrl(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch (cause) {
    throw new HubError('VALIDATION_FAILED', `"${url}" is not a valid URL. Pass the full https:// address of a server.json or registry endpoint.`, { cause });
  }
  const loopbackHttp = target.protocol === 'http:' && LOOPBACK.has(target.hostname);
  if (target.protocol !== 'https:' && !loopbackHttp) {
    throw new HubError('VALIDATION_FAILED', `Registry URLs must use https:// (plain http is only allowed on 127.0.0.1/localhost); got ${target.protocol}//${target.host}.`);
  }
  if (target.username !== '' || target.password !== '') {
    throw new HubError('VALIDATION_FAILED', 'Registry URLs must not contain a user name or password. Remove them from the URL.');
  }
  return target;
}

async function readLimited(response: Response, maxBytes: number, shown: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  const tooBig = (): HubError => new HubError('UPSTREAM_ERROR', `The registry response from ${shown} is larger than ${maxBytes} bytes. Use a narrower query (e.g. ?limit= or ?search=).`);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooBig();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooBig();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
