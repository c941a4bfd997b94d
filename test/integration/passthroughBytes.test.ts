import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Route } from '../../hub/aggregate/aggregator';
import { singleServerView } from '../../hub/aggregate/views';
import { Passthrough } from '../../hub/serve/passthrough';
import type { Upstream } from '../../hub/upstream/types';

// The relay (hub/serve/passthrough.ts) between two real node:http servers on 127.0.0.1: whatever
// the upstream answers reaches the client byte for byte, whichever way the relay writes it (one
// string write for UTF-8 JSON under an ASCII head; the Buffer as it came otherwise). The route is
// given directly; test/integration/hubPassthrough.test.ts runs the relay inside the hub.

const servers: Server[] = [];
let relay: Passthrough | undefined;
afterEach(async () => {
  await relay?.dispose();
  relay = undefined;
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

/** An upstream that answers every POST with `body` (bytes) and `headers`; a hub-like front that relays to it. */
async function relayTo(body: Buffer, headers: Record<string, string>): Promise<string> {
  const upstreamUrl = await listen((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { ...headers, 'content-length': String(body.length) }).end(body));
  });
  const upstream = { passthroughTarget: () => ({ url: upstreamUrl, headers: {} }) } as unknown as Upstream;
  const route: Route = { upstream, server: 'raw', original: 'echo' };
  const passthrough = new Passthrough({ aggregator: { routeToolNow: () => route, routeTool: () => Promise.resolve(route) } });
  relay = passthrough;
  return listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const call = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const principal = { id: 'owner-token', name: 'owner', userId: 'owner' };
      expect(passthrough.tryToolsCall(req, res, principal, singleServerView('raw'), call)).toBe(true);
    });
  });
}

function call(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: Buffer }> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x' } } });
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'echo' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the relay keeps the answer as it came', () => {
  it('UTF-8 JSON under a plain head', async () => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: 'héllo ✓ 工具 😀' }] } }));
    const answer = await call(await relayTo(body, { 'content-type': 'application/json', 'cache-control': 'max-age=5' }));
    expect(answer.status).toBe(200);
    expect(answer.bytes.equals(body)).toBe(true);
    expect(answer.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'max-age=5', 'content-length': String(body.length) });
  });

  it('bytes that are not UTF-8', async () => {
    const body = Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}]}}')]);
    const answer = await call(await relayTo(body, { 'content-type': 'application/json' }));
    expect(answer.bytes.equals(body)).toBe(true);
  });

  it('a head with a latin1 value', async () => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: 'ünïcode' }] } }));
    const answer = await call(await relayTo(body, { 'content-type': 'application/json; note=caf\u00e9' }));
    expect(answer.bytes.equals(body)).toBe(true);
    // node:http reads header bytes as latin1: the value arrives as the upstream sent it.
    expect(answer.headers['content-type']).toBe('application/json; note=caf\u00e9');
  });
});
