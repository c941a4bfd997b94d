import { isUtf8 } from 'node:buffer';
import type { JsonObject } from '../../shared/types';
import type { AuditLog } from '../access/auditLog';
import { callerFromPrincipal, toolErrorText } from '../access/auditLog';
import type { CallEnd } from '../access/auditLog';
import type { Aggregator, Route } from '../aggregate/aggregator';
import type { View } from '../aggregate/views';
import { boundedMemo } from '../core/boundedMemo';
import { errorMessage } from '../core/errors';
import type { Principal } from './downstreamServer';
import { Http1Agent } from './http1Client';
import { asciiFieldValue } from './httpGrammar';
import type { Http1Handler } from './http1Client';
import type { ReplyStream, RequestHead } from './fastFront';

// The fast path for the common modern case: a 2026-07-28 client calls a tool of a 2026-07-28
// Streamable HTTP upstream. Both sides are stateless then, so the hub does not need to terminate
// the protocol: it maps the tool name back to the upstream's, relays the JSON-RPC body, and
// streams the answer (JSON or SSE) back byte for byte. Progress notifications and input_required
// results travel unchanged (the requestState comes back to the hub and is relayed to the same
// upstream), and closing the response stream — the 2026-07-28 way to cancel — closes the upstream
// request. Anything else (2025-era clients or upstreams, stdio, SSE) takes the full SDK path.
//
// This is the hub's hottest path (bench/hub.bench.mjs): no promise hop once the route is cached,
// a lean keep-alive HTTP/1.1 client for the upstream side (http1Client.ts: it honours the
// upstream's keep-alive hints, and costs a fraction of undici or node:http's ClientRequest per
// request), one write each way for JSON answers.

/** Request headers a client's call carries that the upstream needs to see. */
const FORWARDED = ['content-type', 'accept', 'mcp-protocol-version', 'mcp-method', 'traceparent', 'tracestate', 'baggage'];
/** Response headers worth relaying. */
const RELAYED = ['content-type', 'cache-control'];

export interface PassthroughOptions {
  aggregator: Pick<Aggregator, 'routeTool' | 'routeToolNow'>;
  /** The audit log: relayed calls are recorded like every other call. */
  audit?: Pick<AuditLog, 'begin'>;
}

export class Passthrough {
  private readonly client = new Http1Agent();
  /** Upstream URLs parsed once (a handful of upstreams, one call after another). */
  private readonly parsed = boundedMemo(256, (url) => new URL(url));

  constructor(private readonly options: PassthroughOptions) {}

  /**
   * Relays a 2026-07-28 `tools/call` when its upstream allows it. Returns false (having sent
   * nothing) when the request must take the full path instead; a promise only when it had to wait
   * (the tool list not built yet).
   */
  tryToolsCall(req: RequestHead, res: ReplyStream, principal: Principal, view: View, body: JsonRpcToolsCall): boolean | Promise<boolean> {
    const route = this.options.aggregator.routeToolNow(view, body.params.name);
    if (route) return this.relay(req, res, principal, body, route);
    return this.slowPath(req, res, principal, view, body);
  }

  dispose(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }

  private async slowPath(req: RequestHead, res: ReplyStream, principal: Principal, view: View, body: JsonRpcToolsCall): Promise<boolean> {
    let route;
    try {
      route = await this.options.aggregator.routeTool(view, body.params.name);
    } catch {
      return false; // the full path answers unknown tools with the proper error
    }
    return this.relay(req, res, principal, body, route);
  }

  private relay(req: RequestHead, res: ReplyStream, principal: Principal, body: JsonRpcToolsCall, route: Route): boolean {
    const target = route.upstream.passthroughTarget?.();
    // A name that cannot travel in the Mcp-Name header as it is (the spec's Base64 form) takes the full path.
    if (!target || !plainHeaderValue(route.original)) return false;

    const payload = JSON.stringify(route.original === body.params.name ? body : { ...body, params: { ...body.params, name: route.original } });
    const headers: Record<string, string> = { ...target.headers, 'mcp-name': route.original };
    for (const name of FORWARDED) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    for (const name in req.headers) {
      const value = req.headers[name];
      if (name.startsWith('mcp-param-') && typeof value === 'string') headers[name] = value;
    }
    const url = this.parsed(target.url);

    // The audit log sees the relayed call like any other: it ends when the answer has been relayed.
    const client = body.params._meta?.['io.modelcontextprotocol/clientInfo'] as { name?: unknown } | undefined;
    const ended =
      this.options.audit?.begin({ caller: callerFromPrincipal(principal, 'mcp', typeof client?.name === 'string' ? client.name : undefined), server: route.server, tool: route.original, args: body.params.arguments as JsonObject | undefined }) ??
      (() => undefined);

    let cancelled = false;
    // The client went away (or cancelled by closing the stream): end the upstream request too.
    const onClientClose = (): void => {
      if (res.writableFinished) return;
      cancelled = true;
      // 'close' comes from a later event: `control` is set by then.
      control.abort(new Error('the client closed the request'));
      ended({ outcome: 'error', error: 'the client closed the request (cancelled)', resultBytes: 0 });
    };
    res.on('close', onClientClose);

    let status = 0;
    let streaming = false;
    let bytes = 0;
    const chunks: Buffer[] = [];
    const relayed: Record<string, string> = {};
    const handler: Http1Handler = {
      onResponseStart(statusCode, responseHeaders) {
        status = statusCode;
        for (const name of RELAYED) {
          const value = responseHeaders[name];
          if (typeof value === 'string') relayed[name] = value;
        }
        if (!relayed['content-type']?.startsWith('application/json')) {
          // SSE (progress, then the result): stream it as it comes, with backpressure.
          streaming = true;
          res.writeHead(status, relayed);
        }
      },
      onResponseData(chunk, exchange) {
        bytes += chunk.length;
        if (!streaming) {
          chunks.push(chunk);
          return;
        }
        if (!res.write(chunk)) {
          exchange.pause();
          res.once('drain', () => exchange.resume());
        }
      },
      onResponseEnd() {
        res.off('close', onClientClose);
        if (streaming) {
          res.end();
          ended(status < 400 ? { outcome: 'ok', resultBytes: bytes } : { outcome: 'error', error: `HTTP ${status} from "${route.server}"`, resultBytes: bytes });
          return;
        }
        // A plain JSON answer: one write with a length (headers and body together), not a chunked stream.
        const answer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        relayed['content-length'] = String(answer.length);
        res.writeHead(status, relayed);
        // node:http sends the head and a string body in one write (a Buffer body takes two). The
        // string goes out as UTF-8, the head with it: both must survive that unchanged.
        res.end(asciiHead(relayed) && isUtf8(answer) ? answer.toString('utf8') : answer);
        ended(jsonOutcome(status, route.server, answer));
      },
      onResponseError(error) {
        res.off('close', onClientClose);
        ended({ outcome: 'error', error: errorMessage(error), resultBytes: 0 });
        if (cancelled) return;
        if (res.headersSent) {
          res.destroy();
          return;
        }
        // Same outcome as the full path: a tool error the model can read.
        const message = `"${route.server}" is unreachable: ${errorMessage(error)}. It may be down; check \`patchbay server show ${route.server}\`.`;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', id: body.id, result: { resultType: 'complete', content: [{ type: 'text', text: message }], isError: true } }));
      },
    };
    const control = this.client.request({ url, method: 'POST', headers, body: payload }, handler);
    return true;
  }
}

/** Whether every header value is plain ASCII (the same bytes in latin1 and in UTF-8). */
function asciiHead(headers: Record<string, string>): boolean {
  for (const name in headers) if (!asciiFieldValue(headers[name]!)) return false;
  return true;
}

/**
 * Whether an HTTP field carries `value` as it is under MCP's header value rules: visible ASCII and
 * inner spaces, nothing a field parser would strip, and not the `=?base64?...?=` form itself.
 */
export const plainHeaderValue: (value: string) => boolean = boundedMemo(
  4096,
  // Remembered: it is asked about tool names, and the same few names are called again and again.
  (value) => /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value) && !(value.startsWith('=?base64?') && value.endsWith('?=')),
);

/**
 * The audit outcome of a relayed JSON answer. Most answers are plain successes; the payload is
 * parsed only when it may say otherwise (a JSON-RPC error or a tool error names "error"/"isError").
 */
export function jsonOutcome(status: number, server: string, payload: Buffer): CallEnd {
  const resultBytes = payload.length;
  if (status >= 400) return { outcome: 'error', error: `HTTP ${status} from "${server}"`, resultBytes };
  if (payload.indexOf('rror"') === -1) return { outcome: 'ok', resultBytes };
  try {
    const message = JSON.parse(payload.toString('utf8')) as { result?: { isError?: unknown }; error?: { message?: unknown } };
    if (message.error) return { outcome: 'error', error: String(message.error.message ?? 'error'), resultBytes };
    if (message.result?.isError === true) return { outcome: 'tool_error', error: toolErrorText(message.result), resultBytes };
  } catch {
    // Not JSON after all: relayed as it came; nothing more to record.
  }
  return { outcome: 'ok', resultBytes };
}

export interface JsonRpcToolsCall {
  jsonrpc: '2.0';
  id: string | number;
  method: 'tools/call';
  params: { name: string; arguments?: unknown; _meta?: Record<string, unknown> };
}

export function isToolsCall(body: unknown): body is JsonRpcToolsCall {
  if (!body || typeof body !== 'object') return false;
  const message = body as { method?: unknown; id?: unknown; params?: { name?: unknown } };
  return message.method === 'tools/call' && (typeof message.id === 'string' || typeof message.id === 'number') && typeof message.params?.name === 'string';
}
