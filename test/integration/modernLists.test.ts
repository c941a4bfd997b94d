import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../hub/serve/httpServer';
import type { HttpServerHandle } from '../../hub/serve/httpServer';
import { startTestHub } from '../fixtures/oauth/hubHarness';
import type { TestHub } from '../fixtures/oauth/hubHarness';
import { cli, cliJson, EVERYTHING, FIXTURES, serve, tempHome, waitFor } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// The 2026-07-28 list fast path (hub/serve/modernLists.ts) answers list requests without the MCP
// SDK's server side. It must answer exactly what the SDK's path answers: one hub, two HTTP faces
// on it, one with the fast path and one serving lists through the SDK only, and every request
// goes to both. Requests the fast path must not take (malformed, or asking for more) go to the
// SDK on both faces, so their answers must match too.

const V = '2026-07-28';
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': V,
  'io.modelcontextprotocol/clientInfo': { name: 'parity', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

let t: TestHub;
let sdkFace: HttpServerHandle;
let token: string;

interface Answer {
  status: number;
  type: string | null;
  body: unknown;
}

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const method = (body as { method?: string }).method ?? '';
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': V, 'Mcp-Method': method, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
}

/** The same request on both faces: the answers must be equal. */
async function both(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const [fast, sdk] = await Promise.all([post(t.http.url, path, body, headers), post(sdkFace.url, path, body, headers)]);
  expect(fast, `${path} ${JSON.stringify(body)}`).toEqual(sdk);
  return fast;
}

function list(method: string, meta: Record<string, unknown> = ENVELOPE, id: string | number = 1, extra: Record<string, unknown> = {}): unknown {
  return { jsonrpc: '2.0', id, method, params: { _meta: meta, ...extra } };
}

beforeAll(async () => {
  t = await startTestHub();
  token = t.hub.store.tokens.create({ name: 'owner' }).token;
  await t.hub.servers.create({ name: 'everything', transport: { type: 'stdio', command: process.execPath, args: [EVERYTHING] } });
  await t.hub.servers.create({ name: 'echo', transport: { type: 'stdio', command: process.execPath, args: [join(FIXTURES, 'servers', 'echo.mjs')] } });
  sdkFace = await startHttpServer(t.hub, { host: '127.0.0.1', port: 0, sdkLists: true });
  await waitFor(() => t.hub.registry.state('everything').status === 'running' && t.hub.registry.state('echo').status === 'running', 30_000, 'both servers running');
}, 60_000);

afterAll(async () => {
  await sdkFace?.close();
  await t?.close();
});

describe('2026-07-28 list fast path', () => {
  it('answers every list of /mcp exactly as the SDK does', async () => {
    const tools = await both('/mcp', list('tools/list'));
    const result = (tools.body as { result: { tools: Array<{ name: string }>; resultType: string; ttlMs: number; cacheScope: string } }).result;
    expect(tools.status).toBe(200);
    expect(result.tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['echo__echo', 'everything__echo']));
    expect(result).toMatchObject({ resultType: 'complete', ttlMs: 10_000, cacheScope: 'private' });
    for (const method of ['prompts/list', 'resources/list', 'resources/templates/list']) {
      const answer = await both('/mcp', list(method));
      expect(answer.status, method).toBe(200);
    }
    // Non-trivial lists on both: prompts and resources of both servers.
    const prompts = await both('/mcp', list('prompts/list'));
    expect(JSON.stringify(prompts.body)).toContain('echo__greet');
    const resources = await both('/mcp', list('resources/list'));
    expect(JSON.stringify(resources.body)).toContain('fixture://hello');
  });

  it('drops the tool field 2026-07-28 removed (execution), as the SDK does', async () => {
    const upstreamTools = await t.hub.aggregator.listTools(t.hub.resolveView({ id: 'owner-check', name: 'owner', userId: 'owner' }, undefined)!);
    // server-everything declares a task-based tool: the field is there before the hub encodes the list.
    expect(upstreamTools.some((tool) => 'execution' in (tool as object))).toBe(true);
    const answer = await both('/mcp', list('tools/list'));
    expect(JSON.stringify(answer.body)).not.toContain('"execution"');
  });

  it('answers /mcp/NAME (original names) the same way', async () => {
    const answer = await both('/mcp/echo', list('tools/list'));
    expect(JSON.stringify(answer.body)).toContain('"name":"echo"');
  });

  it('accepts the envelopes clients send, with string ids and optional members', async () => {
    await both('/mcp', list('tools/list', ENVELOPE, 'string-id'));
    await both('/mcp', list('tools/list', { ...ENVELOPE, progressToken: 'p1', 'example.com/trace': { any: 'thing' } }));
    await both('/mcp', list('tools/list', { 'io.modelcontextprotocol/protocolVersion': V, 'io.modelcontextprotocol/clientCapabilities': {} }));
    await both('/mcp', list('tools/list', { ...ENVELOPE, 'io.modelcontextprotocol/clientInfo': { name: 'c', version: '2', title: 'C', description: 'd', websiteUrl: 'https://example.com' } }));
    await both(
      '/mcp',
      list('tools/list', {
        ...ENVELOPE,
        'io.modelcontextprotocol/clientCapabilities': { roots: { listChanged: true }, sampling: { tools: {} }, elicitation: { form: { applyDefaults: true }, url: {} }, experimental: { x: {} }, extensions: { 'io.example/ext': {} }, tasks: {} },
      }),
    );
    await both('/mcp', list('tools/list'), { 'Content-Type': 'application/json; charset=utf-8' });
  });

  it('leaves malformed or unusual requests to the SDK, which answers them alike on both faces', async () => {
    const cases: Array<[unknown, Record<string, string>?]> = [
      [list('tools/list', { ...ENVELOPE, 'io.modelcontextprotocol/clientCapabilities': { roots: { listChanged: 'yes' } } })],
      [list('tools/list', { ...ENVELOPE, 'io.modelcontextprotocol/clientCapabilities': { sampling: null } })],
      [list('tools/list', { ...ENVELOPE, 'io.modelcontextprotocol/clientCapabilities': { experimental: { x: 1 } } })],
      [list('tools/list', { ...ENVELOPE, 'io.modelcontextprotocol/clientInfo': { name: 'no version' } })],
      [list('tools/list', { 'io.modelcontextprotocol/protocolVersion': V, 'io.modelcontextprotocol/clientInfo': ENVELOPE['io.modelcontextprotocol/clientInfo'] })],
      [list('tools/list', { ...ENVELOPE, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' }), { 'MCP-Protocol-Version': '2099-01-01' }],
      [list('tools/list', { ...ENVELOPE, 'io.modelcontextprotocol/logLevel': 'debug' })],
      [list('tools/list', { ...ENVELOPE, progressToken: { no: 'object' } })],
      [list('tools/list', ENVELOPE, 1, { cursor: 'next' })],
      [list('tools/list', ENVELOPE, 1.5)],
      [{ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: ENVELOPE }, extra: true }],
      [{ jsonrpc: '2.0', id: 1, method: 'tools/list' }],
      [list('tools/list'), { 'Mcp-Method': 'prompts/list' }],
      [list('tools/list'), { 'MCP-Protocol-Version': '2025-11-25' }],
      [list('tools/list'), { 'Content-Type': 'text/plain' }],
    ];
    for (const [body, headers] of cases) {
      const answer = await both('/mcp', body, headers);
      expect(answer.status, JSON.stringify(body)).toBeGreaterThanOrEqual(200);
    }
    // At least the plainly broken ones are errors (not silently served).
    expect((await both('/mcp', list('tools/list'), { 'Mcp-Method': 'prompts/list' })).status).toBe(400);
    expect((await both('/mcp', list('tools/list'), { 'Content-Type': 'text/plain' })).status).toBe(415);
  });
});

/** A raw POST to the hub's fast face: `pieces` are written one by one, a little apart; chunked without a Content-Length. */
function rawPost(path: string, pieces: string[], framing: 'length' | 'chunked'): Promise<{ status: number; body: string }> {
  const body = pieces.join('');
  const url = new URL(`${t.http.url}${path}`);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          'MCP-Protocol-Version': V,
          'Mcp-Method': 'tools/list',
          ...(framing === 'length' ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    void (async () => {
      for (const piece of pieces) {
        req.write(piece);
        await new Promise((r) => setTimeout(r, 20));
      }
      req.end();
    })();
  });
}

describe('request bodies on the fast face', () => {
  const request = JSON.stringify(list('tools/list'));
  const halves = [request.slice(0, 40), request.slice(40)];

  it('reads a body that arrives in pieces, with a Content-Length or chunked', async () => {
    for (const framing of ['length', 'chunked'] as const) {
      const answer = await rawPost('/mcp/echo', halves, framing);
      expect(answer.status, `${framing}: ${answer.body}`).toBe(200);
      expect((JSON.parse(answer.body) as { result: { tools: Array<{ name: string }> } }).result.tools.map((tool) => tool.name), framing).toContain('echo');
    }
  });

  it('answers an empty body and a body that is not JSON with an error, never leaving them hanging', async () => {
    const empty = await rawPost('/mcp/echo', [], 'length');
    expect(empty.status).toBeGreaterThanOrEqual(400);
    expect(empty.status).toBeLessThan(500);
    const emptyChunked = await rawPost('/mcp/echo', [], 'chunked');
    expect(emptyChunked.status).toBe(empty.status);
    const broken = await rawPost('/mcp/echo', ['{"jsonrpc": "2.0", ', '"id": 1,'], 'length');
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({ error: { code: -32700, message: expect.stringContaining('not valid JSON') } });
  });
});

describe('patchbay serve without the SDK server side', () => {
  let home: TempHome;
  let hub: ServeHandle;
  const LOADED = 'loading the MCP SDK server side';

  beforeAll(async () => {
    home = tempHome();
    home.env.PATCHBAY_LOG_LEVEL = 'debug';
    expect(cli(home, ['server', 'add', 'echo', '--', process.execPath, join(FIXTURES, 'servers', 'echo.mjs')]).status).toBe(0);
    token = cliJson<{ token: string }>(home, ['token', 'create', 'lists']).token;
    hub = await serve(home);
  }, 60_000);

  afterAll(async () => {
    await hub?.stop();
    home?.cleanup();
  });

  it('answers 2026-07-28 lists before any request needs the SDK, and loads it for the first that does', async () => {
    const tools = await waitFor(async () => {
      const answer = await post(hub.url, '/mcp', list('tools/list'));
      return JSON.stringify(answer.body).includes('echo__echo') ? answer : undefined;
    }, 20_000, 'echo__echo listed');
    expect(tools.status).toBe(200);
    expect((await post(hub.url, '/mcp', list('prompts/list'))).status).toBe(200);
    expect(hub.stderr()).not.toContain(LOADED);

    // A 2025-era client needs a session: the SDK's side loads now, and serves it.
    const client = new Client({ name: 'legacy', version: '1.0.0' }, { versionNegotiation: { mode: 'legacy' } });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${hub.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('echo__echo');
    } finally {
      await client.close();
    }
    expect(hub.stderr()).toContain(LOADED);
  });
});
