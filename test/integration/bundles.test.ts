import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleDetail, BundlePreview, BundleView } from '../../shared/api';
import { CLI, cli, cliJson, EVERYTHING, FIXTURES, ROOT, serve, tempHome, waitFor } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// Virtual servers end to end: bundles made with the real CLI (with and without a running hub) and
// the admin API, served by a real `patchbay serve` at /mcp/NAME to real MCP clients of both eras,
// drawing from two real upstreams (server-everything and the list-changes fixture); and
// `patchbay stdio --target BUNDLE`, relayed to the hub and in process.

let home: TempHome;
let hub: ServeHandle | undefined;
let token: string;

const toolNames = (tools: Array<{ name: string }>) => tools.map((tool) => tool.name).sort();
const text = (result: unknown) => JSON.stringify((result as { content?: unknown }).content);

async function connect(mode: 'legacy' | 'auto', path: string): Promise<{ client: Client; toolListChanges: () => number }> {
  let changes = 0;
  const client = new Client({ name: `bundles-${mode}`, version: '1.0.0' }, { versionNegotiation: { mode } });
  client.setNotificationHandler('notifications/tools/list_changed', () => {
    changes += 1;
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${hub!.url}${path}`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return { client, toolListChanges: () => changes };
}

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${hub!.url}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** `patchbay stdio --target NAME` as a real child process, spoken to with the SDK's stdio client. */
async function stdioClient(target: string): Promise<Client> {
  const client = new Client({ name: 'bundles-stdio', version: '1.0.0' }, { versionNegotiation: { mode: 'legacy' } });
  const env = Object.fromEntries(Object.entries(home.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'stdio', '--target', target], env, cwd: ROOT, stderr: 'pipe' }));
  return client;
}

beforeAll(async () => {
  home = tempHome();
  for (const args of [
    ['server', 'add', 'everything', '--', process.execPath, EVERYTHING],
    ['server', 'add', 'changes', '--', process.execPath, join(FIXTURES, 'servers', 'list-changes.mjs')],
    // Made without a hub: written to the store (the rename is checked against everything's live list).
    ['bundle', 'create', 'kit', '--description', 'A small kit'],
    ['bundle', 'add', 'kit', 'everything/echo', '--as', 'say', '--description', 'Says it back'],
    ['bundle', 'add', 'kit', 'everything/get-sum'],
    ['bundle', 'add', 'kit', 'changes/*'],
    ['bundle', 'exclude', 'kit', 'changes/touch'],
  ]) {
    const result = cli(home, args);
    expect(result.status, `patchbay ${args.join(' ')}: ${result.stderr}`).toBe(0);
  }
  token = cliJson<{ token: string }>(home, ['token', 'create', 'bundle-tests']).token;
  hub = await serve(home);
});

afterAll(async () => {
  await hub?.stop();
  home?.cleanup();
});

describe('a bundle at /mcp/NAME', () => {
  it('exposes exactly the selected tools, renamed and redescribed, and routes calls with the original names (2025 era)', async () => {
    const { client } = await connect('legacy', '/mcp/kit');
    try {
      const { tools } = await client.listTools();
      expect(toolNames(tools)).toEqual(['add_tool', 'get-sum', 'say']);
      expect(tools.find((tool) => tool.name === 'say')?.description).toBe('Says it back');
      expect(text(await client.callTool({ name: 'say', arguments: { message: 'via bundle' } }))).toContain('via bundle');
      expect(text(await client.callTool({ name: 'get-sum', arguments: { a: 2, b: 3 } }))).toContain('5');
      await expect(client.callTool({ name: 'touch', arguments: { uri: 'x' } })).rejects.toThrow(/Unknown tool/);
    } finally {
      await client.close();
    }
  });

  it('serves the same bundle to a 2026-07-28 client', async () => {
    const { client } = await connect('auto', '/mcp/kit');
    try {
      expect(client.getProtocolEra()).toBe('modern');
      expect(toolNames((await client.listTools()).tools)).toEqual(['add_tool', 'get-sum', 'say']);
      expect(text(await client.callTool({ name: 'say', arguments: { message: 'modern' } }))).toContain('modern');
    } finally {
      await client.close();
    }
  });

  it('picks up a tool a matched server adds later, and the bundle session hears list_changed', async () => {
    const { client, toolListChanges } = await connect('legacy', '/mcp/kit');
    try {
      await client.callTool({ name: 'add_tool', arguments: { name: 'late_tool' } });
      await waitFor(() => toolListChanges() > 0, 15_000, 'tools/list_changed on the bundle session');
      expect(toolNames((await client.listTools()).tools)).toContain('late_tool');
      expect(text(await client.callTool({ name: 'late_tool', arguments: {} }))).toContain('late_tool works');
    } finally {
      await client.close();
    }
  });

  it('tells its sessions when the bundle itself is edited with the CLI while the hub runs', async () => {
    const { client, toolListChanges } = await connect('legacy', '/mcp/kit');
    try {
      const before = toolListChanges();
      const added = cli(home, ['bundle', 'add', 'kit', 'everything/get-env', '--json']);
      expect(added.status, added.stderr).toBe(0);
      expect((JSON.parse(added.stdout) as BundleView).rules.map((rule) => rule.pattern)).toContain('everything/get-env');
      await waitFor(() => toolListChanges() > before, 15_000, 'tools/list_changed after the bundle edit');
      expect(toolNames((await client.listTools()).tools)).toContain('get-env');
      const removed = cli(home, ['bundle', 'remove', 'kit', 'everything/get-env']);
      expect(removed.status, removed.stderr).toBe(0);
      await waitFor(async () => !toolNames((await client.listTools()).tools).includes('get-env'), 15_000, 'get-env to leave the bundle');
    } finally {
      await client.close();
    }
  });

  it('answers 404 for a bundle that does not exist', async () => {
    const response = await fetch(`${hub!.url}/mcp/no-such-bundle`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(404);
  });
});

describe('the bundle admin API and CLI', () => {
  it('creates, shows, previews, changes and deletes bundles as data', async () => {
    const created = await api<BundleView>('POST', '/bundles', { name: 'reads', rules: [{ pattern: '*/get-*' }, { pattern: 'everything/get-sum', action: 'exclude' }] });
    expect(created.status).toBe(201);
    expect(created.body.endpoint).toBe(`${hub!.url}/mcp/reads`);
    const preview = await api<BundlePreview>('GET', '/bundles/reads/preview');
    expect(preview.body.servers).toEqual(['changes', 'everything']);
    expect(preview.body.tools.map((tool) => tool.original)).toContain('get-env');
    expect(preview.body.tools.map((tool) => tool.original)).not.toContain('get-sum');
    const collision = await api<{ error: { code: string; message: string } }>('PATCH', '/bundles/reads', { addRules: [{ pattern: 'everything/get-tiny-image', as: 'get-env' }] });
    expect(collision.status).toBe(409);
    expect(collision.body.error.code).toBe('TOOL_NAME_COLLISION');
    const invalid = await api<{ error: { code: string } }>('PATCH', '/bundles/reads', { addRules: [{ pattern: 'everything/echo', as: 'not valid!' }] });
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const unsaved = await api<BundlePreview>('POST', '/bundles/preview', { rules: [{ pattern: 'everything/echo', as: 'shout' }] });
    expect(unsaved.body.tools.map((tool) => tool.name)).toEqual(['shout']);
    const list = cliJson<BundleView[]>(home, ['bundle', 'list']);
    expect(list.map((bundle) => bundle.name).sort()).toEqual(['kit', 'reads']);
    expect((await api<BundleView>('DELETE', '/bundles/reads')).status).toBe(200);
    expect((await api<unknown>('GET', '/bundles/reads')).status).toBe(404);
  });

  it('keeps server and bundle names apart in both directions', () => {
    const server = cli(home, ['server', 'add', 'kit', '--', process.execPath, EVERYTHING]);
    expect(server.status).toBe(1);
    expect(server.stderr).toContain('name of a bundle');
    const bundle = cli(home, ['bundle', 'create', 'everything']);
    expect(bundle.status).toBe(1);
    expect(bundle.stderr).toContain('name of a server');
    expect(cli(home, ['bundle', 'add', 'kit', 'not-a-pattern']).status).toBe(1);
    expect(cli(home, ['bundle', 'add', 'kit', 'everything/echo', '--kind', 'gadget']).status).toBe(2);
  });
});

describe('patchbay stdio --target BUNDLE', () => {
  it('relays to the running hub', async () => {
    const client = await stdioClient('kit');
    try {
      expect(toolNames((await client.listTools()).tools)).toEqual(expect.arrayContaining(['add_tool', 'get-sum', 'say']));
      expect(text(await client.callTool({ name: 'say', arguments: { message: 'relayed' } }))).toContain('relayed');
    } finally {
      await client.close();
    }
  });
});

describe('when a server goes away', () => {
  it('shows the bundle\'s rules for it as missing, and its tools leave the bundle', async () => {
    const { client } = await connect('legacy', '/mcp/kit');
    try {
      const removed = cli(home, ['server', 'remove', 'changes']);
      expect(removed.status, removed.stderr).toBe(0);
      const detail = await waitFor(async () => {
        const shown = await api<BundleDetail>('GET', '/bundles/kit');
        return shown.body.missing.length > 0 ? shown.body : undefined;
      }, 15_000, 'the missing rule');
      expect(detail.missing).toEqual([expect.objectContaining({ pattern: 'changes/*', server: 'changes', reason: 'server-not-configured' })]);
      await waitFor(async () => !toolNames((await client.listTools()).tools).includes('add_tool'), 15_000, 'add_tool to leave the bundle');
      const shown = cliJson<BundleDetail>(home, ['bundle', 'show', 'kit']);
      expect(shown.missing.map((item) => item.reason)).toEqual(['server-not-configured']);
      expect(toolNames(shown.tools)).toEqual(['get-sum', 'say']);
    } finally {
      await client.close();
    }
  });

  it('also serves the bundle over stdio without a running hub (in process)', async () => {
    await hub?.stop();
    hub = undefined;
    const shown = cli(home, ['bundle', 'show', 'kit']);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('say');
    expect(shown.stdout).toContain('missing:');
    // Without a hub, a rename is checked against the live lists of the bundle's servers, too.
    const collision = cli(home, ['bundle', 'add', 'kit', 'everything/get-env', '--as', 'get-sum', '--json']);
    expect(collision.status).toBe(1);
    expect((JSON.parse(collision.stdout) as { error: { code: string } }).error.code).toBe('TOOL_NAME_COLLISION');
    const client = await stdioClient('kit');
    try {
      expect(toolNames((await client.listTools()).tools)).toEqual(['get-sum', 'say']);
      expect(text(await client.callTool({ name: 'say', arguments: { message: 'in process' } }))).toContain('in process');
    } finally {
      await client.close();
    }
  });
});
