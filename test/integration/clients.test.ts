import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { parse as parseJsonc } from 'jsonc-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientConnectResult, ClientDisconnectResult, ClientImportResult, ClientStatusView, ServerView } from '../../shared/api';
import { cli, cliJson, EVERYTHING, ROOT, serve, tempHome, waitFor } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// `patchbay connect` end to end: the real CLI writes client configs into a temporary HOME, and
// real MCP clients use exactly what was written — the Cursor / VS Code entry's URL and headers
// over Streamable HTTP, and the Claude Desktop entry's command, args and env spawned with a
// minimal PATH, as Claude Desktop would — against a real `patchbay serve` with server-everything.

const MEMORY = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-memory', 'dist', 'index.js');
const SECRET = 'sk-import-test-3f1c9a7e5b2d4c6e8a0f';

let home: TempHome;
let userHome: string;
let hub: ServeHandle;

type Entry = { url?: string; type?: string; headers?: Record<string, string>; command?: string; args?: string[]; env?: Record<string, string> };

const cursorFile = () => join(userHome, '.cursor', 'mcp.json');
const vscodeFile = () => join(userHome, '.config', 'Code', 'User', 'mcp.json');
const claudeFile = () => join(userHome, '.config', 'Claude', 'claude_desktop_config.json');

function servers(path: string, key: string): Record<string, Entry> {
  return ((parseJsonc(readFileSync(path, 'utf8')) as Record<string, unknown>)[key] ?? {}) as Record<string, Entry>;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

async function httpToolNames(entry: Entry | undefined): Promise<string[]> {
  const client = new Client({ name: 'clients-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(entry?.url ?? ''), { requestInit: { headers: entry?.headers ?? {} } }));
  try {
    return (await client.listTools()).tools.map((tool) => tool.name);
  } finally {
    await client.close();
  }
}

/** Starts the entry as Claude Desktop does: its command, args and env, with a minimal PATH. */
async function stdioToolNames(entry: Entry | undefined): Promise<{ tools: string[]; echo: string }> {
  const transport = new StdioClientTransport({
    command: entry?.command ?? '',
    args: entry?.args ?? [],
    env: { ...entry?.env, PATH: '/usr/bin:/bin', HOME: userHome },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'claude-desktop-like', version: '1.0.0' });
  await client.connect(transport);
  try {
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    const result = await client.callTool({ name: 'echo', arguments: { message: 'from claude desktop' } });
    return { tools, echo: JSON.stringify(result.content) };
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  home = tempHome();
  userHome = mkdtempSync(join(tmpdir(), 'patchbay-user-'));
  home.env.HOME = userHome;
  home.env.XDG_CONFIG_HOME = join(userHome, '.config');
  delete home.env.CODEX_HOME;
  const added = cli(home, ['server', 'add', 'everything', '--', process.execPath, EVERYTHING]);
  expect(added.status, added.stderr).toBe(0);
  hub = await serve(home);
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  home?.cleanup();
  if (userHome) rmSync(userHome, { recursive: true, force: true });
});

describe('patchbay connect', () => {
  it('Cursor: the written entry lists the hub tools in a real MCP client; a second connect changes nothing', async () => {
    const result = cliJson<ClientConnectResult>(home, ['connect', 'cursor']);
    expect(result).toMatchObject({ changed: true, path: cursorFile(), url: `${hub.url}/mcp`, token: { name: 'cursor', reused: false } });
    const before = readFileSync(cursorFile(), 'utf8');
    const entry = servers(cursorFile(), 'mcpServers').patchbay;
    expect(await httpToolNames(entry)).toContain('everything__echo');

    const again = cliJson<ClientConnectResult>(home, ['connect', 'cursor']);
    expect(again).toMatchObject({ changed: false, token: { reused: true, id: result.token.id } });
    expect(readFileSync(cursorFile(), 'utf8')).toBe(before);
  });

  it('VS Code: adds a target entry to a commented file, keeping comments and other servers; the entry works', async () => {
    write(vscodeFile(), '{\n  // my own servers\n  "servers": {\n    "mine": { "type": "stdio", "command": "mine" } // keep\n  }\n}\n');
    const result = cliJson<ClientConnectResult>(home, ['connect', 'vscode', '--target', 'everything']);
    expect(result).toMatchObject({ changed: true, entryName: 'patchbay-everything', url: `${hub.url}/mcp/everything` });
    const text = readFileSync(vscodeFile(), 'utf8');
    expect(text).toContain('// my own servers');
    expect(text).toContain('"mine": { "type": "stdio", "command": "mine" } // keep');
    const entry = servers(vscodeFile(), 'servers')['patchbay-everything'];
    expect(entry?.type).toBe('http');
    expect(await httpToolNames(entry)).toContain('echo');
  });

  it('Claude Desktop: the entry, spawned with a minimal PATH, serves the hub tools over stdio (relay to the running hub)', async () => {
    const result = cliJson<ClientConnectResult>(home, ['connect', 'claude-desktop', '--target', 'everything']);
    expect(result.changed).toBe(true);
    const entry = servers(claudeFile(), 'mcpServers')['patchbay-everything'];
    expect(entry?.command).toBe(process.execPath);
    expect(entry?.args).toEqual([join(ROOT, 'bin', 'patchbay.mjs'), 'stdio', '--target', 'everything']);
    expect(entry?.env?.PATCHBAY_HOME).toBe(home.home);
    const { tools, echo } = await stdioToolNames(entry);
    expect(tools).toContain('echo');
    expect(echo).toContain('from claude desktop');
  });

  it('clients: reports connected clients, a revoked token and a stale port', async () => {
    const ok = cliJson<ClientStatusView[]>(home, ['clients']);
    for (const client of ['cursor', 'vscode', 'claude-desktop']) {
      expect(ok.find((s) => s.client === client), client).toMatchObject({ installed: true, connected: true, problems: [] });
    }
    const cursorToken = cliJson<ClientConnectResult>(home, ['connect', 'cursor']).token.id!;
    expect(cli(home, ['token', 'revoke', cursorToken]).status).toBe(0);
    const token = cliJson<{ token: string }>(home, ['token', 'create', 'windsurf-by-hand']).token;
    write(join(userHome, '.codeium', 'windsurf', 'mcp_config.json'), JSON.stringify({ mcpServers: { patchbay: { serverUrl: 'http://127.0.0.1:1/mcp', headers: { Authorization: `Bearer ${token}` } } } }));

    const statuses = cliJson<ClientStatusView[]>(home, ['clients']);
    const cursor = statuses.find((s) => s.client === 'cursor');
    expect(cursor?.connected).toBe(false);
    expect(cursor?.problems.map((p) => p.code)).toEqual(['token-revoked']);
    const windsurf = statuses.find((s) => s.client === 'windsurf');
    expect(windsurf?.problems.map((p) => p.code)).toEqual(['stale-url']);
    expect(windsurf?.problems[0]?.message).toContain(hub.url);

    // Connecting again repairs both.
    cliJson<ClientConnectResult>(home, ['connect', 'cursor']);
    cliJson<ClientConnectResult>(home, ['connect', 'windsurf']);
    const fixed = cliJson<ClientStatusView[]>(home, ['clients']);
    expect(fixed.filter((s) => s.client === 'cursor' || s.client === 'windsurf').map((s) => s.connected)).toEqual([true, true]);
    expect(await httpToolNames(servers(cursorFile(), 'mcpServers').patchbay)).toContain('everything__echo');
  });

  it('disconnect removes exactly our entry and revokes its token', async () => {
    const entry = servers(vscodeFile(), 'servers')['patchbay-everything'];
    const result = cliJson<ClientDisconnectResult>(home, ['disconnect', 'vscode', '--target', 'everything']);
    expect(result).toMatchObject({ changed: true, backupPath: `${vscodeFile()}.patchbay-backup` });
    expect(result.revokedTokenIds).toHaveLength(1);
    expect(readFileSync(vscodeFile(), 'utf8')).toBe('{\n  // my own servers\n  "servers": {\n    "mine": { "type": "stdio", "command": "mine" } // keep\n  }\n}\n');
    await expect(httpToolNames(entry)).rejects.toThrow();
  });

  it('import: a Claude Desktop stdio server with a secret env var becomes a hub server; the secret stays out of SQLite', async () => {
    const config = JSON.parse(readFileSync(claudeFile(), 'utf8')) as { mcpServers: Record<string, unknown> };
    config.mcpServers['Memory Server'] = { command: process.execPath, args: [MEMORY], env: { API_KEY: SECRET } };
    write(claudeFile(), JSON.stringify(config, null, 2));

    const result = cliJson<ClientImportResult>(home, ['import', 'claude-desktop']);
    expect(result.imported).toEqual([{ from: 'Memory Server', as: 'memory-server', kind: 'stdio', enabled: true, secrets: ['API_KEY'] }]);
    expect(result.skipped).toEqual([{ from: 'patchbay-everything', reason: 'it is a Patchbay entry' }]);
    const shown = cliJson<ServerView>(home, ['server', 'show', 'memory-server']);
    expect(shown.transport).toMatchObject({ type: 'stdio', command: process.execPath, args: [MEMORY], env: { API_KEY: { secret: true } } });
    for (const file of ['patchbay.db', 'patchbay.db-wal', 'secrets.enc.json']) {
      const path = join(home.home, file);
      if (existsSync(path)) expect(readFileSync(path).toString('latin1'), file).not.toContain(SECRET);
    }
    // The running hub picks the new server up from the store.
    await waitFor(() => cliJson<ServerView[]>(home, ['server', 'list']).find((s) => s.name === 'memory-server')?.state.status === 'running', 30_000, 'memory-server running');
    // Importing again adds nothing.
    expect(cliJson<ClientImportResult>(home, ['import', 'claude-desktop']).imported).toEqual([]);
  });

  it('admin API: doctor, snippets, connect and disconnect for the UI, in the hub process HOME', async () => {
    const token = cliJson<{ token: string }>(home, ['token', 'create', 'ui-test']).token;
    const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
      const response = await fetch(`${hub.url}/api${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: response.status, json: await response.json() };
    };
    const doctor = await api('GET', '/clients');
    expect(doctor.status).toBe(200);
    expect((doctor.json as ClientStatusView[]).find((s) => s.client === 'cursor')).toMatchObject({ connected: true });

    const snippets = (await api('GET', '/clients/snippets?target=everything')).json as Array<{ client: string; snippet: string; installLink?: string }>;
    expect(snippets.find((s) => s.client === 'cursor')?.installLink).toMatch(/^cursor:\/\//);
    expect(snippets.find((s) => s.client === 'vscode')?.snippet).toContain(`"url": "${hub.url}/mcp/everything"`);

    const connected = await api('POST', '/clients/gemini/connect', {});
    expect(connected.status).toBe(200);
    const result = connected.json as ClientConnectResult;
    expect(result).toMatchObject({ changed: true, path: join(userHome, '.gemini', 'settings.json'), token: { name: 'gemini' } });
    const entry = servers(result.path, 'mcpServers').patchbay as Entry & { httpUrl?: string };
    expect(await httpToolNames({ url: entry.httpUrl, headers: entry.headers })).toContain('everything__echo');

    const removed = await api('POST', '/clients/gemini/disconnect', {});
    expect(removed.json).toMatchObject({ changed: true, revokedTokenIds: [result.token.id] });
    expect(servers(result.path, 'mcpServers')).toEqual({});

    expect(await api('POST', '/clients/notepad/connect', {})).toMatchObject({ status: 400, json: { error: { code: 'BAD_REQUEST' } } });
    expect(await api('POST', '/clients/cursor/connect', { scope: 'galaxy' })).toMatchObject({ status: 400, json: { error: { code: 'VALIDATION_FAILED' } } });
  });

  it('Claude Desktop: with the hub stopped, the same entry serves the tools from a hub of its own', async () => {
    await hub.stop();
    const entry = servers(claudeFile(), 'mcpServers')['patchbay-everything'];
    const { tools, echo } = await stdioToolNames(entry);
    expect(tools).toContain('echo');
    expect(echo).toContain('from claude desktop');
  });
});
