import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson, EVERYTHING, ROOT, serve, tempHome, waitFor } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// The hub end to end: `patchbay serve` as a real process, servers added with the real CLI,
// server-everything as a real stdio upstream, and real MCP clients of both protocol eras.

let home: TempHome;
let hub: ServeHandle;
let token: string;

async function connect(mode: 'legacy' | 'auto', path = '/mcp'): Promise<Client> {
  const client = new Client({ name: `test-${mode}`, version: '1.0.0' }, { versionNegotiation: { mode } });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${hub.url}${path}`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

beforeAll(async () => {
  home = tempHome();
  const added = cli(home, ['server', 'add', 'everything', '--', process.execPath, EVERYTHING]);
  expect(added.status, added.stderr).toBe(0);
  token = cliJson<{ token: string }>(home, ['token', 'create', 'tests']).token;
  hub = await serve(home);
});

afterAll(async () => {
  await hub?.stop();
  home?.cleanup();
});

describe('patchbay serve', () => {
  it('serves the aggregate endpoint to a 2026-07-28 client with prefixed names', async () => {
    const client = await connect('auto');
    try {
      expect(client.getProtocolEra()).toBe('modern');
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('everything__echo');
      const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'hello modern' } });
      expect(JSON.stringify(result.content)).toContain('hello modern');
    } finally {
      await client.close();
    }
  });

  it('puts private cache hints on 2026-07-28 lists', async () => {
    const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };
    const response = await fetch(`${hub.url}/mcp`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': 'tools/list' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list', params: { _meta: meta } }),
    });
    const body = (await response.json()) as { result: { ttlMs?: number; cacheScope?: string; tools: unknown[] } };
    expect(body.result.tools.length).toBeGreaterThan(0);
    expect(body.result.ttlMs).toBe(10_000);
    expect(body.result.cacheScope).toBe('private');
  });

  it('serves the same endpoint to a 2025-era client in a session', async () => {
    const client = await connect('legacy');
    try {
      expect(client.getProtocolEra()).toBe('legacy');
      const result = await client.callTool({ name: 'everything__get-sum', arguments: { a: 2, b: 3 } });
      expect(JSON.stringify(result.content)).toContain('5');
    } finally {
      await client.close();
    }
  });

  it('serves a v1 SDK client (2025 era)', async () => {
    const client = new V1Client({ name: 'v1', version: '1.0.0' });
    await client.connect(new V1Transport(new URL(`${hub.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThan(5);
      const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'v1' } });
      expect(JSON.stringify(result.content)).toContain('v1');
    } finally {
      await client.close();
    }
  });

  it('serves one server with its original names on /mcp/NAME', async () => {
    const client = await connect('auto', '/mcp/everything');
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('echo');
      expect(tools.some((tool) => tool.name.includes('__'))).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('answers 404 for an unknown server endpoint and for an unknown session', async () => {
    const unknown = await fetch(`${hub.url}/mcp/nope`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(unknown.status).toBe(404);
    const session = await fetch(`${hub.url}/mcp`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'Mcp-Session-Id': 'not-a-session' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(session.status).toBe(404);
  });

  it('requires a valid bearer token, with WWW-Authenticate', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } });
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
    const missing = await fetch(`${hub.url}/mcp`, { method: 'POST', headers, body });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(`${hub.url}/mcp`, { method: 'POST', headers: { ...headers, Authorization: 'Bearer pb_nothing_nothing' }, body });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('rejects foreign Host and Origin headers (DNS rebinding)', async () => {
    const port = Number(new URL(hub.url).port);
    expect(await statusOf(port, { Host: 'evil.example:80' })).toBe(403);
    expect(await statusOf(port, { Origin: 'http://evil.example' })).toBe(403);
    expect(await statusOf(port, { Host: `evil.example:${port}`, Authorization: `Bearer ${token}` }, '/mcp')).toBe(403);
    expect(await statusOf(port, { Origin: `http://localhost:${port}` })).toBe(200);
  });

  it('picks up servers the CLI adds while it runs, and shows their live state', async () => {
    const client = await connect('auto');
    try {
      const added = cli(home, ['server', 'add', 'second', '--', process.execPath, EVERYTHING]);
      expect(added.status, added.stderr).toBe(0);
      await waitFor(async () => (await client.listTools({}, { cacheMode: 'refresh' })).tools.some((tool) => tool.name === 'second__echo'), 20_000, 'second__echo to appear');
      const list = cliJson<Array<{ name: string; state: { status: string } }>>(home, ['server', 'list']);
      expect(list.find((server) => server.name === 'second')?.state.status).toBe('running');
      const disabled = cli(home, ['server', 'disable', 'second']);
      expect(disabled.status, disabled.stderr).toBe(0);
      await waitFor(async () => !(await client.listTools({}, { cacheMode: 'refresh' })).tools.some((tool) => tool.name === 'second__echo'), 20_000, 'second__echo to disappear');
    } finally {
      await client.close();
    }
  });

  it('gives the owner a fresh one-time UI login link with `patchbay ui`', async () => {
    const { url } = cliJson<{ url: string }>(home, ['ui', '--no-browser']);
    expect(url).toMatch(/\/login\?token=/);
    const first = await fetch(url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(401); // single use
  });

  it('shows a 2025-era session the servers added after it opened, with list_changed', async () => {
    const client = await connect('legacy');
    let changed = 0;
    client.setNotificationHandler('notifications/tools/list_changed', () => {
      changed += 1;
    });
    try {
      expect(cli(home, ['server', 'add', 'later', '--', process.execPath, EVERYTHING]).status).toBe(0);
      await waitFor(() => changed > 0, 20_000, 'tools/list_changed for the new server');
      await waitFor(async () => (await client.listTools()).tools.some((tool) => tool.name === 'later__echo'), 20_000, 'later__echo in the open session');
      expect(cli(home, ['server', 'remove', 'later']).status).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('routes `patchbay call` through the running hub', () => {
    const result = cliJson<{ content: Array<{ text?: string }> }>(home, ['call', 'everything/echo', '--args', '{"message":"via cli"}']);
    expect(result.content[0]?.text).toContain('via cli');
  });

  it('says why a call cannot run when its server keeps crashing (never a silent exit)', () => {
    expect(cli(home, ['server', 'add', 'crashy', '--', process.execPath, '-e', 'process.stderr.write("boom"); process.exit(3)']).status).toBe(0);
    const result = cli(home, ['call', 'crashy/anything']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('exited with code 3');
    expect(cli(home, ['server', 'remove', 'crashy']).status).toBe(0);
  });

  it('lists and calls tools for the MCP Inspector CLI (a third-party client)', () => {
    const inspector = join(ROOT, 'node_modules', '.bin', 'mcp-inspector');
    const list = spawnSync(inspector, ['--cli', `${hub.url}/mcp`, '--transport', 'http', '--header', `Authorization: Bearer ${token}`, '--method', 'tools/list'], { encoding: 'utf8', timeout: 60_000 });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain('everything__echo');
    const call = spawnSync(inspector, ['--cli', `${hub.url}/mcp`, '--transport', 'http', '--header', `Authorization: Bearer ${token}`, '--method', 'tools/call', '--tool-name', 'everything__echo', '--tool-arg', 'message=inspected'], { encoding: 'utf8', timeout: 60_000 });
    expect(call.status, call.stderr).toBe(0);
    expect(call.stdout).toContain('inspected');
  });

  it('keeps secrets out of the SQLite file', () => {
    const added = cli(home, ['server', 'add', 'remote', '--url', 'http://127.0.0.1:9/mcp', '--header', 'X-Api-Key: sk-very-secret-value-123', '--disabled']);
    expect(added.status, added.stderr).toBe(0);
    for (const file of ['patchbay.db', 'patchbay.db-wal']) {
      let bytes: string;
      try {
        bytes = readFileSync(join(home.home, file)).toString('latin1');
      } catch {
        continue;
      }
      expect(bytes).not.toContain('sk-very-secret-value-123');
      // The secret part of `pb_<id>_<secret>` (base64url: it may itself contain `_`).
      expect(bytes).not.toContain(token.slice('pb_'.length + 9));
    }
  });
});

/** A raw GET with headers fetch() would not let us set (Host). */
function statusOf(port: number, headers: Record<string, string>, path = '/api/health'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
