import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Aggregator, UpstreamDirectory } from '../aggregate/aggregator';
import type { View } from '../aggregate/views';
import type { Logger } from '../core/logger';
import type { DownstreamDeps } from './downstreamServer';
import type { ReplyStream, RequestHead } from './fastFront';
import type { Principal } from './principal';
import { answerModernList, modernListRequest, PROTOCOL_VERSION_KEY } from './modernLists';
import { isToolsCall, Passthrough } from './passthrough';
import type { JsonRpcToolsCall } from './passthrough';
import type { SdkEndpoint } from './sdkEndpoint';

export { sendJsonRpcError } from './jsonRpcReply';

// The MCP face of the hub on `/mcp` and `/mcp/NAME`, both protocol eras on one URL. The caller
// (httpServer) has already checked Host/Origin and the bearer token. Two fast paths come first, for
// the stateless 2026-07-28 requests a client sends most: a tools/call relayed to a 2026-07-28 HTTP
// upstream as it is (passthrough.ts), and the list requests, answered from the aggregated lists
// (modernLists.ts). Everything else (2025-era sessions, other 2026-07-28 requests, listen streams,
// every error answer) is the MCP SDK's (sdkEndpoint.ts), loaded with the first request that needs it.

export interface McpEndpointOptions {
  deps: Omit<DownstreamDeps, 'resourceSubscriptions'>;
  upstreams: UpstreamDirectory;
  aggregator: Aggregator;
  logger: Logger;
  /** Sessions idle longer than this (no request, no open stream) are closed. */
  sessionIdleMs?: number;
  /** What the URL target shows the caller now (undefined: gone, or not for this caller). */
  resolve: (principal: Principal, name: string | undefined) => View | undefined;
  /**
   * Access: false when the caller lost a role on a server `/mcp` showed when the session opened;
   * the session then ends (404: start anew). Servers enabled or disabled later do not end it.
   */
  lostAccess?: (principal: Principal, opened: readonly string[]) => boolean;
  /** Tests: serve list requests the SDK's way too (to compare the two). */
  sdkListsOnly?: boolean;
}

export class McpEndpoint {
  private readonly passthrough: Passthrough;
  private sdk: Promise<SdkEndpoint> | undefined;
  private disposed = false;

  constructor(private readonly options: McpEndpointOptions) {
    this.passthrough = new Passthrough({ aggregator: options.aggregator, audit: options.deps.audit });
  }

  /**
   * The fast paths, tried before handle(). True: answered; false: call handle(). A promise only
   * when a fast path had to wait (a tool list not built yet, the lists being gathered).
   */
  relay(req: RequestHead, res: ReplyStream, principal: Principal, view: View, body: unknown): boolean | Promise<boolean> {
    if (req.method !== 'POST' || req.headers['mcp-session-id'] !== undefined) return false;
    if (isToolsCall(body)) return isModernCall(req, body) && this.passthrough.tryToolsCall(req, res, principal, view, body);
    const list = this.options.sdkListsOnly ? undefined : modernListRequest(req, body);
    return list !== undefined && answerModernList(res, this.options.aggregator, view, list, this.options.deps.version);
  }

  /** Handles one HTTP request to an MCP URL (after relay() declined). `body` is the parsed JSON body of a POST. */
  async handle(req: IncomingMessage, res: ServerResponse, principal: Principal, name: string | undefined, view: View, body: unknown): Promise<void> {
    const sdk = await this.loadSdk();
    await sdk.handle(req, res, principal, name, view, body);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const sdk = await this.sdk?.catch(() => undefined);
    await sdk?.dispose();
    await this.passthrough.dispose();
  }

  private loadSdk(): Promise<SdkEndpoint> {
    if (this.sdk) return this.sdk;
    this.options.logger.debug('loading the MCP SDK server side (the first request the fast paths do not answer)');
    const loading = import('./sdkEndpoint').then(({ SdkEndpoint }) => {
      if (this.disposed) throw new Error('the hub is stopping');
      return new SdkEndpoint(this.options);
    });
    // A failed load (say a broken install) fails this request; the next one tries again.
    loading.catch(() => {
      if (this.sdk === loading) this.sdk = undefined;
    });
    this.sdk = loading;
    return loading;
  }
}

/** A request that says plainly it is 2026-07-28: the version header and the `_meta` envelope agree. */
function isModernCall(req: RequestHead, body: JsonRpcToolsCall): boolean {
  const version = req.headers['mcp-protocol-version'];
  return typeof version === 'string' && version >= '2026-07-28' && body.params._meta?.[PROTOCOL_VERSION_KEY] === version;
}
