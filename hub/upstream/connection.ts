// Opening one SDK connection to one upstream: the transport (stdio | Streamable HTTP | legacy SSE |
// in-memory), the era negotiation (`versionNegotiation: 'auto'`, or a cached verdict), and the
// Streamable-HTTP-to-SSE fallback. Restart policy and everything after connect live in mcpUpstream.ts.
import type { ChildProcess } from 'node:child_process';
import type { AuthProvider, Client, DiscoverResult, PriorDiscovery, Transport } from '@modelcontextprotocol/client';
import { SSEClientTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import type { HttpTransportMode, JsonObject } from '../../shared/types';
import { AdoptedStdioTransport } from './adoptedStdioTransport';
import { httpStatusOf } from './errors';
import type { PriorVerdict } from './eraVerdict';
import type { AdoptChild, SpawnSpec } from './prespawn';
import type { StderrRing } from './stderrRing';

/**
 * Bearer credentials for an HTTP upstream, asked for before every request (hub/auth implements it:
 * OAuth tokens refreshed on demand, a caller's passthrough JWT). After a 401 `onUnauthorized` runs
 * once and the request is retried once. Errors thrown here should be HubErrors (AUTH_REQUIRED when
 * the user must act); they end the connect or the request with that message.
 */
export interface UpstreamAuthProvider {
  token(): Promise<string | undefined>;
  /** `rejectedToken` is the bearer the refused request carried (to tell a stale token from a fresh one). */
  onUnauthorized?(challenge: { wwwAuthenticate?: string; rejectedToken?: string }): Promise<void>;
}

/** A transport with its secrets already resolved by the caller. */
export type ResolvedTransport =
  | { type: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd?: string }
  | { type: 'http'; url: string; headers: Record<string, string>; mode: HttpTransportMode; auth?: UpstreamAuthProvider }
  /** An SDK transport linked to a server in this process (tests, in-process servers). A fresh one per connect. */
  | { type: 'in-memory'; transport: Transport };

export type ConnectionKind = 'stdio' | 'http' | 'sse' | 'in-memory';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface OpenedConnection {
  client: Client;
  kind: ConnectionKind;
  /** The child's pid (stdio only). */
  pid: number | undefined;
  /** Closes the client and its transport; for stdio, resolves once the child is gone. */
  close(): Promise<void>;
}

export interface OpenOptions {
  resolved: ResolvedTransport;
  /** A fresh, handler-equipped Client per attempt. */
  createClient: () => Client;
  prior: PriorDiscovery | undefined;
  timeoutMs: number;
  /** Aborting closes the transport (and kills a child) of a connect still in progress. */
  signal: AbortSignal;
  stderr: StderrRing;
  onExit: (exit: ChildExit) => void;
  /**
   * A stdio child already running for this server (prespawn.ts), taken only if it was spawned with
   * exactly what this connect would spawn. Only offered with a `prior` verdict (no era probe).
   */
  adopt?: AdoptChild;
}

export function toPriorDiscovery(verdict: PriorVerdict): PriorDiscovery {
  return verdict.kind === 'modern' ? { kind: 'modern', discover: verdict.discover as DiscoverResult } : { kind: 'legacy' };
}

/** The verdict a fresh (probing) connect found, to store for the next connect. */
export function verdictOf(client: Client, now: number): PriorVerdict {
  const discover = client.getDiscoverResult();
  return discover ? { kind: 'modern', discover: JSON.parse(JSON.stringify(discover)) as JsonObject, storedAt: now } : { kind: 'legacy', storedAt: now };
}

export async function openConnection(options: OpenOptions): Promise<OpenedConnection> {
  const { resolved } = options;
  if (resolved.type === 'stdio') return openStdio(resolved, options);
  if (resolved.type === 'in-memory') return openWith(options, resolved.transport, 'in-memory', options.prior);
  const url = new URL(resolved.url);
  const requestInit: RequestInit = { headers: resolved.headers };
  const authProvider = resolved.auth ? toSdkAuthProvider(resolved.auth) : undefined;
  const httpOptions = { requestInit, ...(authProvider && { authProvider, fetch: rememberRejectedBearer }) };
  // Legacy SSE is a 2025-era transport: no probe.
  if (resolved.mode === 'sse') return openWith(options, new SSEClientTransport(url, httpOptions), 'sse', { kind: 'legacy' });
  try {
    return await openWith(options, new StreamableHTTPClientTransport(url, httpOptions), 'http', options.prior);
  } catch (error) {
    const status = httpStatusOf(error);
    // Only a server that does not know the POST (404/405) is an SSE-only server; network errors and
    // auth walls are reported as they are.
    if (resolved.mode !== 'auto' || (status !== 404 && status !== 405) || options.signal.aborted) throw error;
    return openWith(options, new SSEClientTransport(url, httpOptions), 'sse', { kind: 'legacy' });
  }
}

/** The bearer each 401 response was an answer to (the SDK hands the response, not the request, to onUnauthorized). */
const rejectedBearers = new WeakMap<Response, string>();

async function rememberRejectedBearer(url: string | URL, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (response.status === 401) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(new Headers(init?.headers).get('authorization') ?? '')?.[1];
    if (bearer) rejectedBearers.set(response, bearer);
  }
  return response;
}

/** Our provider in the SDK's shape: the 401 response becomes its challenge and the bearer it refused. */
function toSdkAuthProvider(provider: UpstreamAuthProvider): AuthProvider {
  const onUnauthorized = provider.onUnauthorized?.bind(provider);
  return {
    token: () => provider.token(),
    ...(onUnauthorized && {
      onUnauthorized: (ctx: Parameters<NonNullable<AuthProvider['onUnauthorized']>>[0]) => {
        const rejectedToken = rejectedBearers.get(ctx.response);
        return onUnauthorized({ wwwAuthenticate: ctx.response.headers.get('www-authenticate') ?? undefined, ...(rejectedToken && { rejectedToken }) });
      },
    }),
  };
}

async function openWith(options: OpenOptions, transport: Transport, kind: ConnectionKind, prior: PriorDiscovery | undefined): Promise<OpenedConnection> {
  const client = options.createClient();
  const abort = (): void => void transport.close().catch(() => undefined);
  options.signal.addEventListener('abort', abort, { once: true });
  try {
    if (options.signal.aborted) throw new Error('connect aborted');
    await client.connect(transport, { timeout: options.timeoutMs, signal: options.signal, ...(prior && { prior }) });
  } catch (error) {
    await client.close().catch(() => undefined);
    await transport.close().catch(() => undefined);
    throw error;
  } finally {
    options.signal.removeEventListener('abort', abort);
  }
  deferResponses(transport);
  return { client, kind, pid: undefined, close: () => closeQuietly(client, transport) };
}

/**
 * The SDK dispatches notifications one microtask late but settles responses at once, so progress and
 * log notifications that arrive in the same chunk as their request's result would be dropped (the
 * progress handler is gone by then). Delivering responses one microtask late keeps wire order.
 */
function deferResponses(transport: Transport): void {
  const deliver = transport.onmessage;
  if (!deliver) return;
  transport.onmessage = (message, extra) => {
    if ('id' in message && !('method' in message)) {
      void Promise.resolve().then(() => deliver(message, extra));
      return;
    }
    deliver(message, extra);
  };
}

async function openStdio(resolved: Extract<ResolvedTransport, { type: 'stdio' }>, options: OpenOptions): Promise<OpenedConnection> {
  const adopted = options.prior ? options.adopt?.(spawnSpec(resolved)) : undefined;
  if (adopted) {
    for (const chunk of adopted.earlyStderr) options.stderr.push(chunk);
    adopted.child.stderr?.on('data', (chunk: Buffer | string) => options.stderr.push(chunk));
    adopted.child.once('exit', (code, signal) => options.onExit({ code, signal }));
    const transport = new AdoptedStdioTransport(adopted.child);
    const opened = await openWith(options, transport, 'stdio', options.prior);
    return { ...opened, pid: transport.pid, close: () => closeStdio(opened, adopted.child) };
  }
  const transport = new StdioClientTransport({
    command: resolved.command,
    args: resolved.args,
    env: resolved.env,
    ...(resolved.cwd !== undefined && { cwd: resolved.cwd }),
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer | string) => options.stderr.push(chunk));
  // The SDK keeps the exit code to itself: watch the child it spawns for this connection. (Wrapping
  // start on the instance keeps the class exactly StdioClientTransport, so the era probe still runs
  // on a disposable sibling process instead of spending this one.)
  let child: ChildProcess | undefined;
  const start = transport.start.bind(transport);
  transport.start = async () => {
    await start();
    child = childOf(transport);
    child?.once('exit', (code, signal) => options.onExit({ code, signal }));
  };
  const opened = await openWith(options, transport, 'stdio', options.prior);
  return { ...opened, pid: transport.pid ?? undefined, close: () => closeStdio(opened, child) };
}

/** What StdioClientTransport spawns for `resolved`: the SDK's inherited variables under the server's own. */
function spawnSpec(resolved: Extract<ResolvedTransport, { type: 'stdio' }>): SpawnSpec {
  return { command: resolved.command, args: resolved.args, env: { ...getDefaultEnvironment(), ...resolved.env }, ...(resolved.cwd !== undefined && { cwd: resolved.cwd }) };
}

async function closeStdio(opened: OpenedConnection, child: ChildProcess | undefined): Promise<void> {
  await opened.close();
  await waitForExit(child);
}

async function closeQuietly(client: Client, transport: Transport): Promise<void> {
  await client.close().catch(() => undefined);
  await transport.close().catch(() => undefined);
}

/** Structural read of the child the SDK's stdio transport spawned (not part of its public API). */
function childOf(transport: StdioClientTransport): ChildProcess | undefined {
  const candidate: unknown = Reflect.get(transport, '_process');
  return typeof candidate === 'object' && candidate !== null && 'once' in candidate && 'pid' in candidate ? (candidate as ChildProcess) : undefined;
}

/** Resolves once the child has exited; SIGKILLs it if it ignores the SDK's close sequence. */
async function waitForExit(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, 5000);
    timer.unref();
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.exitCode !== null || child.signalCode !== null) {
      clearTimeout(timer);
      resolve();
    }
  });
}
