import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/server';
import type { JSONRPCMessage, Server } from '@modelcontextprotocol/server';
import { serveStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type { View } from '../aggregate/views';
import { errorMessage } from '../core/errors';
import type { Hub } from '../hub';
import { buildDownstreamServer } from './downstreamServer';
import type { Principal } from './downstreamServer';

// `patchbay stdio`: what a stdio-only client (Claude Desktop) runs. Two modes:
//  - relay: a hub is running for this data directory, so stdin/stdout are relayed to its
//    Streamable HTTP endpoint, message for message (both eras; the HTTP transport keeps the
//    2025-era session and its notification stream);
//  - in-process: no hub is running, so this process serves the same downstream server over
//    stdio from its own hub (same data directory, same configuration).

export interface RelayOptions {
  url: string;
  token: string;
  onError: (message: string) => void;
}

/** Relays stdio <-> the running hub. Resolves when either side closes. */
export async function relayStdio(options: RelayOptions): Promise<void> {
  const down = new StdioServerTransport();
  const up = new StreamableHTTPClientTransport(new URL(options.url), { requestInit: { headers: { Authorization: `Bearer ${options.token}` } } });
  let closed = false;
  const finished = new Promise<void>((resolve) => {
    const close = (): void => {
      if (closed) return;
      closed = true;
      void up.close().catch(() => undefined);
      void down.close().catch(() => undefined);
      resolve();
    };
    down.onclose = close;
    up.onclose = close;
  });

  down.onmessage = (message: JSONRPCMessage) => {
    // 2026-07-28 requests carry their revision in the `_meta` envelope; the HTTP header must match.
    const params = (message as { params?: { _meta?: Record<string, unknown> } }).params;
    const version = params?._meta?.[PROTOCOL_VERSION_META_KEY];
    if (typeof version === 'string') up.setProtocolVersion(version);
    up.send(message).catch((error: unknown) => {
      const id = (message as { id?: string | number }).id;
      if (id === undefined) return options.onError(`could not forward a notification: ${errorMessage(error)}`);
      void down.send({ jsonrpc: '2.0', id, error: { code: -32603, message: `Patchbay hub unreachable: ${errorMessage(error)}` } } as JSONRPCMessage);
    });
  };
  up.onmessage = (message: JSONRPCMessage) => {
    // A 2025-era initialize result fixes the protocol version for the rest of the session.
    const result = (message as { result?: { protocolVersion?: unknown; serverInfo?: unknown } }).result;
    if (result && typeof result.protocolVersion === 'string' && result.serverInfo) up.setProtocolVersion(result.protocolVersion);
    void down.send(message);
  };
  up.onerror = (error) => options.onError(errorMessage(error));
  down.onerror = (error) => options.onError(errorMessage(error));
  await up.start();
  await down.start();
  return finished;
}

/** Serves `view` of an in-process hub over stdio, as `principal` (default: the local owner). Resolves when stdin closes. */
export async function serveHubOverStdio(hub: Hub, view: View, principal: Principal = { id: 'stdio', name: 'stdio', userId: 'owner' }): Promise<void> {
  const legacyServers = new Set<Server>();
  const deps = { aggregator: hub.aggregator, pending: hub.pending, logger: hub.logger.child({ component: 'stdio' }), version: hub.version, audit: hub.audit, face: 'stdio' as const };
  const unsubscribe = hub.aggregator.onListChanged((server, kind) => {
    if (!view.servers.includes(server)) return;
    for (const instance of legacyServers) {
      const send = kind === 'tools' ? instance.sendToolListChanged() : kind === 'prompts' ? instance.sendPromptListChanged() : instance.sendResourceListChanged();
      send.catch(() => undefined);
    }
  });
  const transport = new StdioServerTransport();
  const finished = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
  });
  const handle = serveStdio(
    (ctx) => {
      const server = buildDownstreamServer(deps, { principal, view, era: ctx.era });
      if (ctx.era === 'legacy') legacyServers.add(server);
      return server;
    },
    { legacy: 'serve', transport, onerror: (error) => hub.logger.debug(`stdio: ${errorMessage(error)}`) },
  );
  await finished;
  unsubscribe();
  await handle.close().catch(() => undefined);
}
