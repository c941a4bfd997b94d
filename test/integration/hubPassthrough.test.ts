import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect as netConnect } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson, FIXTURES, serve, tempHome, waitFor } from '../helpers/hubProcess';
import { rawConnection } from '../helpers/rawHttp';
import type { RawAnswer } from '../helpers/rawHttp';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// The stateless fast path: a 2026-07-28 client calling a tool of a 2026-07-28 Streamable HTTP
// upstream is relayed without terminating the protocol in the hub. The results, progress and
// cancellation must be exactly those of the full path.

let home: TempHome;
let hub: ServeHandle;
let upstream: ChildProcess;
let upstreamStderr = '';
let token: string;

async function connect(mode: 'auto' | 'legacy'): Promise<Client> {
  const client = new Client({ name: `passthrough-${mode}`, version: '1.0.0' }, { versionNegotiation: { mode } });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${hub.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

beforeAll(async () => {
  upstream = spawn(process.execPath, [join(FIXTURES, 'servers', 'http-server.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
  upstream.stderr?.on('data', (chunk: Buffer) => {
    upstreamStderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve) => upstream.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
  home = tempHome();
  expect(cli(home, ['server', 'add', 'remote', '--url', url, '--transport', 'streamable-http']).status).toBe(0);
  token = cliJson<{ token: string }>(home, ['token', 'create', 'passthrough']).token;
  hub = await serve(home);
});

afterAll(async () => {
  await hub?.stop();
  upstream?.kill();
  home?.cleanup();
});

describe('stateless passthrough', () => {
  it('relays a 2026-07-28 tools/call to a 2026-07-28 HTTP upstream, name mapped back', async () => {
    const client = await connect('auto');
    try {
      await waitFor(async () => (await client.listTools()).tools.some((tool) => tool.name === 'remote__echo'), 20_000, 'remote__echo');
      const result = await client.callTool({ name: 'remote__echo', arguments: { text: 'relayed' } });
      expect(JSON.stringify(result.content)).toContain('relayed');
      // The answer came straight from the upstream: it carries the upstream's own identity.
      expect(JSON.stringify(result._meta ?? {})).toContain('http-fixture');
    } finally {
      await client.close();
    }
  });

  it('gives a 2025-era client the same answer through the full path', async () => {
    const client = await connect('legacy');
    try {
      const result = await client.callTool({ name: 'remote__echo', arguments: { text: 'full path' } });
      expect(JSON.stringify(result.content)).toContain('full path');
    } finally {
      await client.close();
    }
  });

  it('streams progress back', async () => {
    const client = await connect('auto');
    try {
      const progress: number[] = [];
      const result = await client.callTool({ name: 'remote__progress', arguments: { steps: 3 } }, { onprogress: (update) => progress.push(update.progress) });
      expect(JSON.stringify(result.content)).toContain('3');
      expect(progress).toHaveLength(3);
    } finally {
      await client.close();
    }
  });

  it('cancels the upstream request when the client cancels', async () => {
    const client = await connect('auto');
    try {
      const started = (upstreamStderr.match(/hang started/g) ?? []).length;
      const controller = new AbortController();
      const call = client.callTool({ name: 'remote__hang', arguments: {} }, { signal: controller.signal });
      await waitFor(() => (upstreamStderr.match(/hang started/g) ?? []).length > started, 15_000, 'the call to reach the upstream');
      const cancelled = (upstreamStderr.match(/http-fixture: cancelled/g) ?? []).length;
      controller.abort();
      await expect(call).rejects.toThrow();
      await waitFor(() => (upstreamStderr.match(/http-fixture: cancelled/g) ?? []).length > cancelled, 15_000, 'the upstream to see the cancellation');
    } finally {
      await client.close();
    }
  });

  it('records relayed calls in the audit log, cancelled ones as errors', async () => {
    type Row = { face: string; server: string; tool: string; outcome: string; tokenName?: string; client?: string; resultBytes: number };
    const rows = (): Row[] => cliJson<Row[]>(home, ['logs', '--limit', '1000']).filter((row) => row.server === 'remote');
    const relayed = rows().filter((row) => row.tool === 'echo' && row.face === 'mcp' && row.client === 'passthrough-auto');
    expect(relayed.length).toBeGreaterThan(0);
    expect(relayed[0]).toMatchObject({ outcome: 'ok', tokenName: 'passthrough' });
    expect(relayed[0]?.resultBytes).toBeGreaterThan(0);
    // Progress came as an SSE stream: recorded when the stream ended.
    expect(rows().some((row) => row.tool === 'progress' && row.outcome === 'ok')).toBe(true);
    expect(rows().some((row) => row.tool === 'hang' && row.outcome === 'error')).toBe(true);
  });

  it('answers an unknown tool with the full path error', async () => {
    const client = await connect('auto');
    try {
      await expect(client.callTool({ name: 'remote__missing', arguments: {} })).rejects.toThrow(/Unknown tool/);
    } finally {
      await client.close();
    }
  });

  it('a tool name a header cannot carry as it is takes the full path, which encodes it', async () => {
    const client = await connect('auto');
    try {
      await client.callTool({ name: 'remote__add_tool', arguments: { name: 'café工具' } });
      let exposed: string | undefined;
      await waitFor(async () => (exposed = (await client.listTools()).tools.find((tool) => tool.name.startsWith('remote__caf'))?.name) !== undefined, 20_000, 'the new tool');
      const result = await client.callTool({ name: exposed!, arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify(result.content)).toContain('café工具 works');
    } finally {
      await client.close();
    }
  });

  it('reads a body that comes in pieces, or chunked, before relaying it', async () => {
    const call = JSON.stringify({
      jsonrpc: '2.0',
      id: 5,
      method: 'tools/call',
      params: { name: 'remote__echo', arguments: { text: 'pieces' }, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} } },
    });
    const { host, port } = new URL(hub.url);
    const head = (framing: string): string =>
      `POST /mcp HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: remote__echo\r\nConnection: close\r\n${framing}\r\n`;
    const exchange = async (pieces: string[]): Promise<string> => {
      const socket = netConnect(Number(port), '127.0.0.1');
      await once(socket, 'connect');
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
      const closed = once(socket, 'close');
      for (const piece of pieces) {
        socket.write(piece);
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      await closed;
      return answer;
    };
    const half = Math.floor(call.length / 2);
    const split = await exchange([head(`Content-Length: ${Buffer.byteLength(call)}\r\n`) + call.slice(0, half), call.slice(half)]);
    expect(split).toMatch(/^HTTP\/1\.1 200/);
    expect(split).toContain('echo: pieces');
    const chunk = (text: string): string => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
    const chunked = await exchange([head('Transfer-Encoding: chunked\r\n') + chunk(call.slice(0, half)), chunk(call.slice(half)) + '0\r\n\r\n']);
    expect(chunked).toMatch(/^HTTP\/1\.1 200/);
    expect(chunked).toContain('echo: pieces');
  });

  it('answers relayed calls and every other request on one keep-alive connection, in order', async () => {
    const { host, port } = new URL(hub.url);
    const call = (id: number, text: string, bearer = token, hostHeader = host): string => {
      const body = JSON.stringify({
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: 'remote__echo', arguments: { text }, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} } },
      });
      return `POST /mcp HTTP/1.1\r\nHost: ${hostHeader}\r\nAuthorization: Bearer ${bearer}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: remote__echo\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };
    const text = (answer: RawAnswer | undefined): string => (JSON.parse(answer!.body) as { result: { content: { text: string }[] } }).result.content[0]!.text;
    // Pipelined calls, relayed one after the other (the front of fastFront.ts).
    const connection = await rawConnection(Number(port));
    await connection.send([call(1, 'one') + call(2, 'two')]);
    const relayed = await connection.answers(2);
    expect(relayed.map((answer) => [answer.status, text(answer)])).toEqual([
      [200, 'echo: one'],
      [200, 'echo: two'],
    ]);
    // Then a refusal, the admin API and another call: node:http's path answers them, as always.
    await connection.send([call(3, 'three', 'not-a-token') + `GET /api/health HTTP/1.1\r\nHost: ${host}\r\n\r\n` + call(4, 'four') + call(5, 'five', token, 'evil.example:80')]);
    const [, , refused, health, fourth, foreign] = await connection.answers(6);
    expect(refused!.status).toBe(401);
    expect(refused!.headers['www-authenticate']).toContain('invalid_token');
    expect(JSON.parse(health!.body)).toMatchObject({ ok: true });
    expect(text(fourth)).toBe('echo: four');
    expect(foreign!.status).toBe(403);
    connection.close();

    // A refusal first, on a fresh connection: the same answers.
    const refusedFirst = await rawConnection(Number(port));
    await refusedFirst.send([call(6, 'six', token, 'evil.example') + call(7, 'seven')]);
    const [foreignFirst, seventh] = await refusedFirst.answers(2);
    expect(foreignFirst!.status).toBe(403);
    expect(text(seventh)).toBe('echo: seven');
    refusedFirst.close();

    // Smuggling: a call framed both ways is node:http's, which refuses it and closes the connection.
    const body = call(8, 'smuggled').split('\r\n\r\n')[1]!;
    const smuggler = await rawConnection(Number(port));
    await smuggler.send([`POST /mcp HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nTransfer-Encoding: chunked\r\n\r\n${body}`]);
    expect((await smuggler.answers(1))[0]!.status).toBe(400);
    await smuggler.closed;
  });

  it('answers a readable tool error when the upstream is gone, and stays up', async () => {
    const client = await connect('auto');
    try {
      upstream.kill();
      await new Promise((resolve) => upstream.once('exit', resolve));
      // Relayed before the hub noticed: a tool error naming the server; after: the tool is gone
      // from the lists, and the error says why. Either way the caller learns what happened.
      const outcome = await client.callTool({ name: 'remote__echo', arguments: { text: 'anyone?' } }).then(
        (result) => `${String(result.isError)} ${JSON.stringify(result.content)}`,
        (error: unknown) => String(error),
      );
      expect(outcome).toMatch(/true .*"remote" is unreachable|Unknown tool "remote__echo".*stopped/);
      const health = await fetch(`${hub.url}/api/health`);
      expect(health.status).toBe(200);
    } finally {
      await client.close();
    }
  });
});
