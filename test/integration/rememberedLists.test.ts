import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { Aggregator } from '../../hub/aggregate/aggregator';
import type { UpstreamDirectory } from '../../hub/aggregate/aggregator';
import { singleServerView } from '../../hub/aggregate/views';
import { silentLogger } from '../../hub/core/logger';
import { Redactor } from '../../hub/core/redact';
import { openDatabase } from '../../hub/store/db';
import { RememberedListRepo } from '../../hub/store/rememberedListRepo';
import { ServerRepo } from '../../hub/store/serverRepo';
import { SettingsRepo } from '../../hub/store/settingsRepo';
import type { ResolvedTransport } from '../../hub/upstream/connection';
import { createMcpUpstreamFactory } from '../../hub/upstream/mcpUpstreamFactory';
import type { McpUpstream } from '../../hub/upstream/mcpUpstream';
import type { ListMemory } from '../../hub/upstream/rememberedLists';
import type { ListKind } from '../../hub/upstream/upstreamRequests';
import { Harness, REPO, fixturePath, httpFixture, stdioFixture, waitFor as waitUntil } from '../fixtures/servers/upstreamHarness';
import { recordingLogger } from '../unit/store/helpers';
import { cli, cliJson, serve, serverStatus, tempHome, waitFor } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// A restarted hub serves each server's lists as it answered them last time while the server is
// still starting (hub/upstream/rememberedLists.ts), then its live lists. The real CLI and hub, and
// the echo fixture behind a gate: the server does not start until the test opens it.

const V = '2026-07-28';

let home: TempHome | undefined;
let hub: ServeHandle | undefined;
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
  home?.cleanup();
  home = undefined;
});

/** A `node -e` script that starts the echo fixture once the file `gate` exists. */
function gatedEchoBoot(gate: string): string {
  const echo = `file://${fixturePath('echo')}`;
  return `const fs = require('node:fs'); const go = () => (fs.existsSync(${JSON.stringify(gate)}) ? import(${JSON.stringify(echo)}) : setTimeout(go, 20)); go();`;
}

/** Adds the echo fixture as server `name`, which waits for the file `gate` before it starts. */
function addGatedEcho(target: TempHome, name: string, gate: string): void {
  const added = cli(target, ['server', 'add', name, '--', process.execPath, '-e', gatedEchoBoot(gate)]);
  expect(added.status, added.stderr).toBe(0);
}

async function post(base: string, token: string, method: string, params: Record<string, unknown> = {}): Promise<{ status: number; body: { result?: Record<string, unknown>; error?: unknown } }> {
  const envelope = { 'io.modelcontextprotocol/protocolVersion': V, 'io.modelcontextprotocol/clientInfo': { name: 'remembered', version: '1.0.0' }, 'io.modelcontextprotocol/clientCapabilities': {} };
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': V, 'Mcp-Method': method };
  if (typeof params.name === 'string') headers['Mcp-Name'] = params.name;
  const response = await fetch(`${base}/mcp`, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: envelope } }) });
  const text = await response.text();
  // A call may answer as an SSE stream: its last data line holds the result.
  const json = response.headers.get('content-type')?.includes('text/event-stream') ? text.split('\n').filter((line) => line.startsWith('data: ')).pop()?.slice(6) ?? '{}' : text;
  return { status: response.status, body: JSON.parse(json) as { result?: Record<string, unknown> } };
}

const names = (body: { result?: Record<string, unknown> }, key: string, field = 'name'): string[] => ((body.result?.[key] ?? []) as Array<Record<string, string>>).map((item) => item[field] ?? '');

function rememberedKinds(target: TempHome): string[] {
  const db = new BetterSqlite3(join(target.home, 'patchbay.db'), { readonly: true });
  try {
    return (db.prepare('SELECT kind FROM remembered_lists ORDER BY kind').all() as Array<{ kind: string }>).map((row) => row.kind);
  } finally {
    db.close();
  }
}

describe('remembered lists across hub restarts', () => {
  it('serves what a starting server listed last time, then its live lists, and holds calls until it runs', async () => {
    home = tempHome();
    const gate = join(home.home, 'gate');
    addGatedEcho(home, 'echo', gate);
    const token = cliJson<{ token: string }>(home, ['token', 'create', 'remembered']).token;

    // A first run: nothing remembered, so nothing is listed until the server runs.
    hub = await serve(home);
    expect(serverStatus(home, 'echo')).toBe('starting');
    expect(names((await post(hub.url, token, 'tools/list')).body, 'tools')).toEqual([]);
    writeFileSync(gate, '');
    await waitFor(async () => names((await post(hub!.url, token, 'tools/list')).body, 'tools').includes('echo__echo'), 20_000, 'echo listed live');
    await post(hub.url, token, 'prompts/list');
    await post(hub.url, token, 'resources/list');
    await post(hub.url, token, 'resources/templates/list');
    await waitFor(() => rememberedKinds(home!).length === 4, 10_000, 'the four lists remembered');
    await hub.stop();

    // The next run, with the server held back: the lists are there at once.
    rmSync(gate);
    hub = await serve(home);
    const tools = await post(hub.url, token, 'tools/list');
    expect(tools.status).toBe(200);
    expect(names(tools.body, 'tools')).toEqual(['echo__echo', 'echo__era', 'echo__progress', 'echo__env']);
    expect(names((await post(hub.url, token, 'prompts/list')).body, 'prompts')).toEqual(['echo__greet']);
    expect(names((await post(hub.url, token, 'resources/list')).body, 'resources', 'uri')).toEqual(['fixture://hello']);
    expect(serverStatus(home, 'echo')).toBe('starting');

    // A 2025-era session lists them too, and hears list_changed when the server comes up.
    const client = new Client({ name: 'legacy', version: '1.0.0' }, { versionNegotiation: { mode: 'legacy' } });
    let changes = 0;
    client.setNotificationHandler('notifications/tools/list_changed', () => {
      changes += 1;
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${hub.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('echo__echo');
      // A call made now waits for the server instead of failing.
      const call = post(hub.url, token, 'tools/call', { name: 'echo__echo', arguments: { text: 'early' } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(serverStatus(home, 'echo')).toBe('starting');
      writeFileSync(gate, '');
      const answered = await call;
      expect(JSON.stringify(answered.body.result)).toContain('echo: early');
      await waitFor(() => changes > 0, 15_000, 'tools/list_changed once the server runs');
      expect(serverStatus(home, 'echo')).toBe('running');
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('echo__echo');
    } finally {
      await client.close();
    }
  }, 90_000);

  it('forgets the lists of a removed server: one added again under its name starts afresh', async () => {
    home = tempHome();
    const gate = join(home.home, 'gate');
    writeFileSync(gate, '');
    addGatedEcho(home, 'echo', gate);
    const token = cliJson<{ token: string }>(home, ['token', 'create', 'remembered']).token;
    hub = await serve(home);
    await waitFor(async () => names((await post(hub!.url, token, 'tools/list')).body, 'tools').includes('echo__echo'), 20_000, 'echo listed live');
    await waitFor(() => rememberedKinds(home!).includes('tools'), 10_000, 'the tool list remembered');
    await hub.stop();
    hub = undefined;

    // Removed and added again (a new configuration, held back): nothing from the old one is served.
    expect(cli(home, ['server', 'remove', 'echo']).status).toBe(0);
    expect(rememberedKinds(home)).toEqual([]);
    rmSync(gate);
    addGatedEcho(home, 'echo', gate);
    hub = await serve(home);
    expect(names((await post(hub.url, token, 'tools/list')).body, 'tools')).toEqual([]);
    expect(existsSync(gate)).toBe(false);
  }, 90_000);
});

// The same behaviour one level down: McpUpstream with its memory, read by the real Aggregator.

/** A ListMemory over a Map, counting writes. */
function mapMemory(initial: Partial<Record<ListKind, string>> = {}): ListMemory & { texts: Map<ListKind, string>; writes: number } {
  const memory = {
    texts: new Map<ListKind, string>(Object.entries(initial) as Array<[ListKind, string]>),
    writes: 0,
    load: (kind: ListKind) => memory.texts.get(kind),
    save: (kind: ListKind, items: string) => {
      memory.writes += 1;
      memory.texts.set(kind, items);
    },
  };
  return memory;
}

function directoryOf(upstream: McpUpstream): UpstreamDirectory {
  return { get: (name) => (name === upstream.name ? upstream : undefined), onEvent: (listener) => upstream.on((event) => listener(upstream.name, event)) };
}

/** The echo fixture over stdio, held back until the file `gate` exists. */
function gatedEcho(gate: string): ResolvedTransport {
  return { type: 'stdio', command: process.execPath, args: ['-e', gatedEchoBoot(gate)], env: {}, cwd: REPO };
}

const OLD_TOOLS = JSON.stringify([{ name: 'old', description: 'listed last time', inputSchema: { type: 'object' } }]);

describe('McpUpstream remembered lists, through the Aggregator', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  it('serves the remembered list during the first connect, then the live one, and remembers that', async () => {
    const gate = join(h.tempDir(), 'gate');
    const memory = mapMemory({ tools: OLD_TOOLS });
    const upstream = h.upstream(gatedEcho(gate), { name: 'echo', memory });
    const aggregator = new Aggregator({ upstreams: directoryOf(upstream), logger: silentLogger });
    h.onCleanup(() => aggregator.dispose());
    const changed: string[] = [];
    aggregator.onListChanged((server, kind) => changed.push(`${server}:${kind}`));
    const view = singleServerView('echo');

    void upstream.start();
    expect(upstream.state.status).toBe('starting');
    expect((await aggregator.listTools(view)).map((tool) => tool.name)).toEqual(['old']);
    expect((await aggregator.routeTool(view, 'old')).original).toBe('old');

    writeFileSync(gate, '');
    await upstream.ready(20_000);
    expect(changed).toContain('echo:tools');
    expect(upstream.rememberedList('tools')).toBeUndefined();
    const live = (await aggregator.listTools(view)).map((tool) => tool.name);
    expect(live).toEqual(['echo', 'era', 'progress', 'env']);
    await waitUntil(() => memory.writes === 1, 'the live list remembered');
    expect((JSON.parse(memory.texts.get('tools')!) as Array<{ name: string }>).map((tool) => tool.name)).toEqual(live);

    // Stopped and started again in the same run (disabled, enabled): live lists only.
    await upstream.stop();
    void upstream.start();
    expect(upstream.state.status).toBe('starting');
    expect(upstream.rememberedList('tools')).toBeUndefined();
    await upstream.ready(20_000);

    // The next run's upstream finds the same list: nothing is written again.
    await upstream.dispose();
    const again = h.upstream(gatedEcho(gate), { name: 'echo', memory });
    await again.start();
    expect((await again.listTools()).map((tool) => tool.name)).toEqual(live);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(memory.writes).toBe(1);
  });

  it('drops the remembered list of a server whose first start fails, also while it retries', async () => {
    const memory = mapMemory({ tools: OLD_TOOLS });
    const failing: ResolvedTransport = { type: 'stdio', command: process.execPath, args: ['-e', 'process.exit(3)'], env: {}, cwd: REPO };
    const upstream = h.upstream(failing, { name: 'broken', memory });
    const aggregator = new Aggregator({ upstreams: directoryOf(upstream), logger: silentLogger, listTimeoutMs: 300 });
    h.onCleanup(() => aggregator.dispose());
    const view = singleServerView('broken');
    const onRetry: Array<unknown> = [];
    upstream.on((event) => {
      if (event.kind === 'state' && event.state.status === 'starting' && event.state.attempt > 1) onRetry.push(upstream.rememberedList('tools'));
    });

    void upstream.start();
    expect((await aggregator.listTools(view)).map((tool) => tool.name)).toEqual(['old']);
    await waitUntil(() => upstream.state.status === 'error', 'the first start to fail');
    expect(await aggregator.listTools(view)).toEqual([]);
    await waitUntil(() => onRetry.length >= 1, 'a retry');
    expect(onRetry).toEqual(onRetry.map(() => undefined));
  });

  it('drops the remembered list of a server that turns out to need credentials', async () => {
    const server = await httpFixture({ REQUIRE_HEADER: 'x-api-key=right-key' });
    h.onCleanup(() => server.kill());
    const memory = mapMemory({ tools: OLD_TOOLS });
    const upstream = h.upstream({ type: 'http', url: server.url, headers: { 'x-api-key': 'revoked-key' }, mode: 'streamable-http' }, { name: 'keyed', memory });
    const aggregator = new Aggregator({ upstreams: directoryOf(upstream), logger: silentLogger });
    h.onCleanup(() => aggregator.dispose());
    const changed: string[] = [];
    aggregator.onListChanged((name, kind) => changed.push(`${name}:${kind}`));
    const view = singleServerView('keyed');

    const started = upstream.start();
    expect((await aggregator.listTools(view)).map((tool) => tool.name)).toEqual(['old']);
    expect((await started).status).toBe('needs-auth');
    expect(changed).toEqual(['keyed:tools']);
    expect(await aggregator.listTools(view)).toEqual([]);
  });

  it('ignores a remembered list that is damaged, with a warning, and waits for the live one', async () => {
    for (const damaged of ['{nope', '{"name":"x"}', '[1, 2]', '[{"description":"no name"}]']) {
      const log = recordingLogger();
      const memory = mapMemory({ tools: damaged });
      const upstream = h.upstream(stdioFixture('echo'), { name: 'echo', memory, logger: log.logger });
      const aggregator = new Aggregator({ upstreams: directoryOf(upstream), logger: silentLogger });
      h.onCleanup(() => aggregator.dispose());
      void upstream.start();
      expect(upstream.rememberedList('tools')).toBeUndefined();
      expect(log.entries.some((entry) => entry.level === 'warn' && /remembered list/.test(entry.message)), damaged).toBe(true);
      expect((await aggregator.listTools(singleServerView('echo'))).map((tool) => tool.name)).toContain('echo');
      await upstream.dispose();
    }
  });
});

describe('createMcpUpstreamFactory and remembered lists', () => {
  const h = new Harness();
  afterEach(() => h.cleanup());

  /** A real SQLite store in a temporary directory: its servers, remembered lists and settings. */
  function store(): { dir: string; servers: ServerRepo; lists: RememberedListRepo; settings: SettingsRepo } {
    const dir = h.tempDir();
    const db = openDatabase(join(dir, 'patchbay.db'), { logger: silentLogger });
    h.onCleanup(() => {
      db.close();
    });
    return { dir, servers: new ServerRepo(db, { logger: silentLogger, clock: h.clock }), lists: new RememberedListRepo(db), settings: new SettingsRepo(db) };
  }
  const stdio = { type: 'stdio' as const, command: process.execPath, args: [], env: {} };

  it('gives a server its remembered lists, and a per-user connection none (its lists are one user\'s)', async () => {
    const { dir, servers, lists, settings } = store();
    const gate = join(dir, 'gate');
    const config = servers.create({ name: 'echo', transport: stdio });
    lists.save(config.id, 'tools', config.updatedAt, OLD_TOOLS, new Date().toISOString());
    const factory = createMcpUpstreamFactory({ logger: silentLogger, clock: h.clock, settings, lists });
    const shared = factory(config, async () => gatedEcho(gate)) as McpUpstream;
    const perUser = factory(config, async () => gatedEcho(gate), { perUser: true }) as McpUpstream;
    h.onCleanup(() => Promise.all([shared.dispose(), perUser.dispose()]).then(() => undefined));
    void shared.start();
    void perUser.start();
    expect(shared.rememberedList('tools')?.map((tool) => tool.name)).toEqual(['old']);
    expect(perUser.rememberedList('tools')).toBeUndefined();
  });

  it('never remembers a list that holds a known secret (or what looks like one)', async () => {
    const { servers, lists, settings } = store();
    const redactor = new Redactor();
    // The echo fixture's tool description stands in for a secret a server might echo into its list.
    redactor.add('Echoes the text back');
    const plain = servers.create({ name: 'plain', transport: stdio });
    const leaky = servers.create({ name: 'leaky', transport: stdio });
    const factory = createMcpUpstreamFactory({ logger: silentLogger, clock: h.clock, settings, lists, redactor });
    const withSecret = factory(leaky, async () => stdioFixture('echo')) as McpUpstream;
    const withoutSecret = factory(plain, async () => stdioFixture('many-tools', { TOOL_COUNT: '3' })) as McpUpstream;
    h.onCleanup(() => Promise.all([withSecret.dispose(), withoutSecret.dispose()]).then(() => undefined));
    await Promise.all([withSecret.start(), withoutSecret.start()]);
    await withoutSecret.listTools();
    await waitUntil(() => lists.load(plain.id, 'tools', plain.updatedAt) !== undefined, 'the plain list remembered');
    // The leaky server's tools are listed first; its prompts, which carry no secret, are remembered
    // after them (saves run in order), so by then its tools would have been saved.
    await withSecret.listTools();
    await withSecret.listPrompts();
    await waitUntil(() => lists.load(leaky.id, 'prompts', leaky.updatedAt)?.includes('greet') === true, 'the prompts remembered');
    expect(lists.load(leaky.id, 'tools', leaky.updatedAt)).toBeUndefined();
  });
});
