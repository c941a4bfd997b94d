import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Aggregator } from '../../../hub/aggregate/aggregator';
import type { ListKind } from '../../../hub/aggregate/aggregator';
import { BundleService, upstreamMemberLists } from '../../../hub/aggregate/bundleService';
import { bundleSource, bundleView } from '../../../hub/aggregate/bundleView';
import { systemClock } from '../../../hub/core/clock';
import { HubError } from '../../../hub/core/errors';
import { silentLogger } from '../../../hub/core/logger';
import { BundleRepo } from '../../../hub/store/bundleRepo';
import { openStore } from '../../../hub/store/index';
import type { Store } from '../../../hub/store/index';
import { tempDir } from '../store/helpers';
import { StaticDirectory, StaticUpstream, staticTool } from './staticUpstream';

// BundleService over a real SQLite store, and its views served by the real Aggregator over
// in-memory upstreams.

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let directory: StaticDirectory;
let aggregator: Aggregator;
let service: BundleService;
let unwatch: () => void;

function addServer(name: string, tools: string[], enabled = true): void {
  store.servers.create({ name, enabled, transport: { type: 'stdio', command: 'node', args: [], env: {} } });
  if (enabled) directory.add(new StaticUpstream(name, tools.map(staticTool)));
}

async function catchError(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a HubError');
}

beforeEach(() => {
  tmp = tempDir('patchbay-bundles-');
  store = openStore(join(tmp.dir, 'patchbay.db'), { logger: silentLogger, clock: systemClock });
  directory = new StaticDirectory();
  aggregator = new Aggregator({ upstreams: directory, logger: silentLogger });
  service = new BundleService({
    repo: new BundleRepo(store.db),
    configuredServers: () => store.servers.list(),
    enabledServers: () => directory.names(),
    memberLists: (server) => upstreamMemberLists(directory.get(server)),
    logger: silentLogger,
  });
  unwatch = service.onChange((name) => aggregator.invalidate(bundleSource(name)));
  addServer('github', ['create_issue', 'search', 'delete_repo']);
  addServer('files', ['read_file', 'search', 'write_file']);
});

afterEach(() => {
  unwatch();
  service.dispose();
  aggregator.dispose();
  store.close();
  tmp.cleanup();
});

describe('bundles through the aggregator', () => {
  it('exposes exactly the selected tools, and routes calls to the right server with the original names', async () => {
    await service.create({
      name: 'dev',
      rules: [
        { pattern: 'github/*' },
        { pattern: 'github/delete_repo', action: 'exclude' },
        { pattern: 'github/create_issue', as: 'new_issue', description: 'Open an issue' },
        { pattern: 'files/read_*' },
        { pattern: 'files/search' },
      ],
    });
    const view = service.view('dev')!;
    const tools = await aggregator.listTools(view);
    expect(tools.map((tool) => [tool.name, tool.description])).toEqual([
      ['read_file', 'read_file tool'],
      ['files__search', 'search tool'],
      ['new_issue', 'Open an issue'],
      ['github__search', 'search tool'],
    ]);
    const route = await aggregator.routeTool(view, 'new_issue');
    expect([route.server, route.original]).toEqual(['github', 'create_issue']);
    expect(await route.upstream.callTool(route.original, {})).toEqual({ content: [{ type: 'text', text: 'github:create_issue' }] });
    await expect(aggregator.routeTool(view, 'delete_repo')).rejects.toMatchObject({ code: 'TOOL_NOT_FOUND' });
  });

  it('picks up tools a matched server adds later, and tells the bundle', async () => {
    await service.create({ name: 'dev', rules: [{ pattern: 'github/*' }] });
    const view = service.view('dev')!;
    expect((await aggregator.listTools(view)).map((tool) => tool.name)).not.toContain('close_issue');
    const heard: string[] = [];
    aggregator.onListChanged((server, kind) => {
      if (view.servers.includes(server)) heard.push(`${server}:${kind}`);
    });
    directory.upstreams.get('github')!.setTools(['create_issue', 'close_issue']);
    expect(heard).toContain('github:tools');
    expect((await aggregator.listTools(view)).map((tool) => tool.name)).toEqual(['create_issue', 'close_issue']);
  });

  it('changes its view key with every edit and notifies the bundle\'s listeners, even once it draws from nothing', async () => {
    await service.create({ name: 'dev', rules: [{ pattern: 'github/search' }] });
    const view = service.view('dev')!;
    const firstKey = view.key;
    expect((await aggregator.listTools(view)).map((tool) => tool.name)).toEqual(['search']);
    const heard: Array<[string, ListKind]> = [];
    aggregator.onListChanged((server, kind) => {
      if (view.servers.includes(server)) heard.push([server, kind]);
    });

    await service.update('dev', { addRules: [{ pattern: 'files/read_file' }] });
    expect(view.key).not.toBe(firstKey);
    expect(heard).toContainEqual([bundleSource('dev'), 'tools']);
    expect((await aggregator.listTools(view)).map((tool) => tool.name)).toEqual(['read_file', 'search']);

    heard.length = 0;
    await service.update('dev', { rules: [] });
    expect(view.servers).toEqual([bundleSource('dev')]);
    expect(heard).toContainEqual([bundleSource('dev'), 'tools']);
    expect(await aggregator.listTools(view)).toEqual([]);
  });

  it('changes the key when a pattern starts matching a newly enabled server', async () => {
    const bundle = (await service.create({ name: 'reads', rules: [{ pattern: '*/read_*' }] }))!;
    const before = bundleView(bundle, ['files', 'github']);
    const after = bundleView(bundle, ['files', 'github', 'notes']);
    expect(before.key).not.toBe(after.key);
    expect(after.servers).toContain('notes');
    expect(bundleView({ ...bundle, version: bundle.version + 1 }, ['files', 'github']).key).not.toBe(before.key);
  });

  it('shows resources only of the servers its resource rules include', async () => {
    directory.upstreams.get('files')!.resources = [{ uri: 'file:///a', name: 'a' }];
    directory.upstreams.get('github')!.resources = [{ uri: 'gh://b', name: 'b' }];
    await service.create({ name: 'dev', rules: [{ pattern: '*/search' }, { kind: 'resource', pattern: 'files' }] });
    const view = service.view('dev')!;
    expect((await aggregator.listResources(view)).map((resource) => resource.uri)).toEqual(['file:///a']);
    // An unlisted URI goes to the one server whose resources are shown, never to github.
    expect((await aggregator.routeResource(view, 'gh://b')).server).toBe('files');
  });
});

describe('BundleService', () => {
  it('refuses a rename that collides with another exposed name when it is saved', async () => {
    await service.create({ name: 'dev', rules: [{ pattern: 'files/*' }] });
    const error = await catchError(service.update('dev', { addRules: [{ pattern: 'github/create_issue', as: 'read_file' }] }));
    expect(error.code).toBe('TOOL_NAME_COLLISION');
    expect(error.message).toContain('files/read_file');
    expect(service.get('dev').rules).toHaveLength(1);
    const twice = await catchError(service.create({ name: 'x', rules: [{ pattern: 'github/search', as: 'find' }, { pattern: 'files/search', as: 'find' }] }));
    expect(twice.code).toBe('TOOL_NAME_COLLISION');
  });

  it('replaces a rule added again with the same pattern, and removes rules by pattern', async () => {
    await service.create({ name: 'dev', description: 'for dev' });
    await service.update('dev', { addRules: [{ pattern: 'github/*' }, { pattern: 'files/search' }] });
    await service.update('dev', { addRules: [{ pattern: 'github/*', action: 'exclude' }] });
    expect(service.get('dev').rules.map((rule) => `${rule.action} ${rule.pattern}`)).toEqual(['include files/search', 'exclude github/*']);
    await service.update('dev', { removeRules: [{ pattern: 'files/search' }] });
    expect(service.get('dev').rules).toHaveLength(1);
    expect((await catchError(service.update('dev', { removeRules: [{ pattern: 'nope/x' }] }))).code).toBe('NOT_FOUND');
    expect((await service.update('dev', { description: null })).description).toBeUndefined();
  });

  it('keeps bundle names apart from server names', async () => {
    expect((await catchError(service.create({ name: 'github' }))).code).toBe('ALREADY_EXISTS');
    await service.create({ name: 'dev' });
    expect((await catchError(service.create({ name: 'dev' }))).code).toBe('ALREADY_EXISTS');
    expect(service.has('dev')).toBe(true);
  });

  it('previews what a bundle exposes and which exact rules are missing', async () => {
    addServer('off', ['x'], false);
    await service.create({ name: 'dev', rules: [{ pattern: 'github/create_issue', as: 'new_issue' }, { pattern: 'github/renamed' }, { pattern: 'off/x' }, { pattern: 'gone/*' }] });
    const preview = await service.preview('dev');
    expect(preview.servers).toEqual(['github']);
    expect(preview.tools).toEqual([{ name: 'new_issue', server: 'github', original: 'create_issue', description: 'create_issue tool', renamed: true }]);
    expect(preview.missing.map((item) => [item.pattern, item.reason])).toEqual([
      ['github/renamed', 'not-found'],
      ['off/x', 'server-disabled'],
      ['gone/*', 'server-not-configured'],
    ]);
  });

  it('hears changes another process made once refreshed', async () => {
    await service.create({ name: 'dev' });
    const other = openStore(join(tmp.dir, 'patchbay.db'), { logger: silentLogger, clock: systemClock });
    try {
      const changed: string[] = [];
      service.onChange((name) => changed.push(name));
      new BundleRepo(other.db).update('dev', { rules: [{ kind: 'tool', pattern: 'github/search', action: 'include' }] });
      new BundleRepo(other.db).create({ name: 'ops', rules: [] });
      service.refresh();
      expect(changed.sort()).toEqual(['dev', 'ops']);
      expect(service.get('dev').rules).toHaveLength(1);
      new BundleRepo(other.db).remove('ops');
      service.refresh();
      expect(changed).toContain('ops');
      expect(service.view('ops')).toBeUndefined();
    } finally {
      other.close();
    }
  });
});
