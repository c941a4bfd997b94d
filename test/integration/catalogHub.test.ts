import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogAddResult, RegistryPreview, ServerView } from '../../shared/api';
import type { Catalog } from '../../shared/catalog';
import { CLI, cli, cliJson, ROOT, serve, tempHome } from '../helpers/hubProcess';
import type { CliResult, ServeHandle, TempHome } from '../helpers/hubProcess';

// The catalog of official remote servers and MCP Registry server.json imports, through the real CLI
// and a real `patchbay serve`. The servers are added disabled: their endpoints are on the internet.

const REGISTRY_FIXTURES = join(ROOT, 'test', 'unit', 'catalog', 'fixtures');
const KEY = 'ghp_catalogTestKey0123456789never_plain';

let home: TempHome;
let registry: Server;
let registryUrl: string;
let requested: string[];

/** The CLI without blocking this process (the registry server below runs in it). */
function cliAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: home.env, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

async function cliAsyncJson<T>(args: string[]): Promise<T> {
  const result = await cliAsync([...args, '--json']);
  if (result.status !== 0) throw new Error(`patchbay ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

beforeAll(async () => {
  home = tempHome();
  requested = [];
  // A registry of our own on 127.0.0.1: serves the fixtures as server.json and as a registry API answer.
  registry = createServer((req, res) => {
    requested.push(req.url ?? '');
    const send = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    };
    if (req.url === '/remote/server.json') return send(200, readFileSync(join(REGISTRY_FIXTURES, 'remote.server.json'), 'utf8'));
    if (req.url === '/v0.1/servers/io.github.user%2Flocal-weather/versions/latest') {
      return send(200, JSON.stringify({ server: JSON.parse(readFileSync(join(REGISTRY_FIXTURES, 'npm-env.server.json'), 'utf8')), _meta: { 'io.modelcontextprotocol.registry/official': { status: 'active' } } }));
    }
    return send(404, '{"error":"not found"}');
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
});

afterAll(async () => {
  registry?.closeAllConnections();
  await new Promise<void>((resolve) => (registry ? registry.close(() => resolve()) : resolve()));
  home?.cleanup();
});

describe('patchbay catalog and server add --from-catalog', () => {
  it('lists the validated catalog', () => {
    const catalog = cliJson<Catalog>(home, ['catalog', 'list']);
    expect(catalog.servers.length).toBeGreaterThan(10);
    expect(catalog.servers.map((entry) => entry.id)).toContain('github');
    expect(cli(home, ['catalog', 'list']).stdout).toMatch(/^ID\s+NAME\s+AUTH\s+URL/);
  });

  it('adds a plain entry in one command, NAME being the catalog id', () => {
    const added = cliJson<CatalogAddResult>(home, ['server', 'add', 'cloudflare-docs', '--from-catalog', '--disabled']);
    expect(added.server.transport).toEqual({ type: 'http', url: 'https://docs.mcp.cloudflare.com/mcp', headers: {}, mode: 'streamable-http' });
    expect(added.nextSteps).toEqual([]);
  });

  it('adds an api-key entry with the key as a secret header built from the template', () => {
    const added = cliJson<CatalogAddResult>(home, ['server', 'add', 'github', '--from-catalog', '--api-key', KEY, '--disabled']);
    expect(added.server.transport).toMatchObject({ type: 'http', url: 'https://api.githubcopilot.com/mcp/', headers: { Authorization: { secret: true } } });
    const missing = cli(home, ['server', 'add', 'gh2', '--from-catalog', 'github', '--disabled']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('--api-key');
    for (const file of readdirSync(home.home)) expect(readFileSync(join(home.home, file)).includes(Buffer.from(KEY)), file).toBe(false);
  });

  it('adds a tenant entry with its variable, and names the variable when it is bad or missing', () => {
    const bad = cli(home, ['server', 'add', 'ghe', '--from-catalog', 'github-enterprise', '--var', 'subdomain=evil.com/x', '--api-key', KEY, '--disabled']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('"subdomain"');
    const missing = cli(home, ['server', 'add', 'ghe', '--from-catalog', 'github-enterprise', '--api-key', KEY, '--disabled']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/Missing value for variable "subdomain".*--var subdomain=/);
    const unknown = cli(home, ['server', 'add', 'ghe', '--from-catalog', 'github-enterprise', '--var', 'tenant=x', '--api-key', KEY, '--disabled']);
    expect(unknown.stderr).toContain('Unknown variable "tenant"');
    const added = cliJson<CatalogAddResult>(home, ['server', 'add', 'ghe', '--from-catalog', 'github-enterprise', '--var', 'subdomain=octocorp', '--api-key', KEY, '--disabled']);
    expect(added.server.transport).toMatchObject({ url: 'https://copilot-api.octocorp.ghe.com/mcp' });
    expect(cliJson<ServerView[]>(home, ['server', 'list']).map((server) => server.name)).toEqual(['cloudflare-docs', 'ghe', 'github']);
  });

  it('adds an OAuth entry without auth and says how to connect it', () => {
    const added = cliJson<CatalogAddResult>(home, ['server', 'add', 'linear', '--from-catalog', '--disabled']);
    expect(added.server.transport).toMatchObject({ url: 'https://mcp.linear.app/mcp', headers: {} });
    expect(added.nextSteps.join('\n')).toContain('patchbay auth connect linear');
    const human = cli(home, ['server', 'add', 'sentry', '--from-catalog', '--disabled']);
    expect(human.stdout).toContain('patchbay auth connect sentry');
  });
});

describe('patchbay server import-registry', () => {
  it('imports a remote from a server.json served over HTTP, with the secret header it asks for', async () => {
    const offered = await cliAsync(['server', 'import-registry', `${registryUrl}/remote/server.json`]);
    expect(offered.status).toBe(2);
    expect(offered.stderr).toContain('--pick');
    const added = await cliAsyncJson<CatalogAddResult>(['server', 'import-registry', `${registryUrl}/remote/server.json`, '--pick', '1', '--input', 'Authorization=Bearer reg-secret-1', '--disabled']);
    expect(added.server.name).toBe('weather-remote');
    expect(added.server.transport).toEqual({
      type: 'http',
      url: 'https://mcp.example.com/mcp',
      mode: 'streamable-http',
      headers: { Authorization: { secret: true }, 'X-Units': { value: 'metric' }, 'X-Region': { value: 'eu' } },
    });
    expect(requested).toContain('/remote/server.json');
  });

  it('fills a url variable of the second remote and names a missing required input', async () => {
    const missing = await cliAsync(['server', 'import-registry', `${registryUrl}/remote/server.json`, '--pick', '1', '--name', 'weather-2', '--disabled']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('header "Authorization"');
    const added = await cliAsyncJson<CatalogAddResult>(['server', 'import-registry', `${registryUrl}/remote/server.json`, '--pick', '2', '--name', 'weather-sse', '--input', 'tenant=acme', '--disabled']);
    expect(added.server.transport).toMatchObject({ type: 'http', url: 'https://acme.example.com/sse', mode: 'sse' });
  });

  it('imports a package from a registry API answer and from a local file', async () => {
    const url = `${registryUrl}/v0.1/servers/io.github.user%2Flocal-weather/versions/latest`;
    const added = await cliAsyncJson<CatalogAddResult>(['server', 'import-registry', url, '--input', 'WEATHER_API_KEY=wk-1', '--input', 'config_path=/etc/weather.json', '--disabled']);
    expect(added.server.transport).toMatchObject({
      type: 'stdio',
      command: 'npx',
      args: ['-y', '@example/server-weather@1.0.2', '/etc/weather.json', '--port', '8080'],
      env: { WEATHER_API_KEY: { secret: true }, LOG_FORMAT: { value: 'json' }, CACHE_DIR: { value: '/tmp/weather' } },
    });
    const fromFile = cliJson<RegistryPreview>(home, ['server', 'import-registry', join(REGISTRY_FIXTURES, 'npm-env.server.json'), '--list']);
    expect(fromFile.candidates).toHaveLength(1);
    expect(fromFile.candidates[0]?.inputs.map((input) => input.name)).toEqual(expect.arrayContaining(['WEATHER_API_KEY', 'config_path']));
  });
});

describe('admin API', () => {
  let hub: ServeHandle;
  let token: string;

  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${hub.url}/api${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    token = cliJson<{ token: string }>(home, ['token', 'create', 'catalog-tests']).token;
    hub = await serve(home);
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('serves the catalog, adds from it, previews and imports registry documents', async () => {
    const catalog = await call<Catalog>('GET', '/catalog');
    expect(catalog.status).toBe(200);
    expect(catalog.body.servers.some((entry) => entry.id === 'notion')).toBe(true);

    const added = await call<CatalogAddResult>('POST', '/servers/from-catalog', { id: 'github-enterprise', name: 'ghe-api', variables: { subdomain: 'acme' }, apiKey: KEY, enabled: false });
    expect(added.status).toBe(201);
    expect(added.body.server.transport).toMatchObject({ url: 'https://copilot-api.acme.ghe.com/mcp' });
    const bad = await call<{ error: { code: string; message: string } }>('POST', '/servers/from-catalog', { id: 'github-enterprise', name: 'ghe-bad', variables: { subdomain: 'a..b' }, apiKey: KEY });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"subdomain"');

    const preview = await call<RegistryPreview>('POST', '/registry/preview', { url: `${registryUrl}/remote/server.json` });
    expect(preview.body.candidates.map((candidate) => candidate.pick)).toEqual([1, 2]);
    const text = readFileSync(join(REGISTRY_FIXTURES, 'remote.server.json'), 'utf8');
    const imported = await call<CatalogAddResult>('POST', '/registry/import', { source: { text }, pick: 2, name: 'weather-api', values: { tenant: 'beta' }, enabled: false });
    expect(imported.status).toBe(201);
    expect(imported.body.server.transport).toMatchObject({ url: 'https://beta.example.com/sse' });
  });
});
