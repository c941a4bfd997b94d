import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiChangeReport, OpenApiImportReport, OpenApiServerView, ServerView } from '../../shared/api';
import { startRecordingServer } from '../fixtures/openapi/recordingServer';
import type { RecordingServer } from '../fixtures/openapi/recordingServer';
import { cli, cliJson, FIXTURES, serve, tempHome, waitFor } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// Imported OpenAPI servers end to end: the Petstore spec imported with the real CLI, served by a
// real `patchbay serve`, called by real MCP clients, requests checked by a real HTTP server.

const SPECS = join(FIXTURES, 'openapi');
const API_KEY = 'pk-live-7d1f0c9a-never-in-plaintext';
const BEARER = 'tok-bearer-93be7e2c-never-in-plaintext';

let home: TempHome;
let hub: ServeHandle;
let api: RecordingServer;
let token: string;
let specDir: string;
let specPath: string;
let imported: OpenApiImportReport;

async function connect(path: string, mode: 'legacy' | 'auto' = 'auto'): Promise<{ client: Client; listChanges: () => number }> {
  let changes = 0;
  const client = new Client({ name: `openapi-${mode}`, version: '1.0.0' }, { versionNegotiation: { mode } });
  client.setNotificationHandler('notifications/tools/list_changed', () => {
    changes += 1;
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${hub.url}${path}`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return { client, listChanges: () => changes };
}

async function adminApi<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${hub.url}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}

function text(result: { content?: unknown }): string {
  return ((result.content as Array<{ type: string; text?: string }>) ?? []).map((block) => block.text ?? '').join('\n');
}

beforeAll(async () => {
  api = await startRecordingServer(SPECS);
  home = tempHome();
  specDir = mkdtempSync(join(tmpdir(), 'patchbay-spec-'));
  specPath = join(specDir, 'petstore.yaml');
  copyFileSync(join(SPECS, 'petstore.yaml'), specPath);
  imported = cliJson<OpenApiImportReport>(home, ['openapi', 'import', 'pets', specPath, '--base-url', `${api.url}/api/v3`, '--auth', 'api-key', '--secret', API_KEY, '--exclude-tag', 'user']);
  token = cliJson<{ token: string }>(home, ['token', 'create', 'tests']).token;
  hub = await serve(home);
});

afterAll(async () => {
  await hub?.stop();
  await api?.close();
  home?.cleanup();
  if (specDir) rmSync(specDir, { recursive: true, force: true });
});

describe('patchbay openapi import', () => {
  it('reports the tools, the filters, the auth mapped from the spec and what to do next', () => {
    expect(imported.toolCount).toBe(12);
    expect(imported.filteredOut).toBe(2);
    expect(imported.tools.map((tool) => tool.name)).toContain('getPetById');
    expect(imported.tools.map((tool) => tool.name)).not.toContain('loginUser');
    expect(imported.auth).toMatchObject({ type: 'api-key', in: 'header', name: 'api_key', scheme: 'api_key', secret: { secret: true } });
    expect(imported.baseUrl).toBe(`${api.url}/api/v3`);
    expect(JSON.stringify(imported)).not.toContain(API_KEY);
    const listed = cliJson<ServerView[]>(home, ['server', 'list']);
    expect(listed.find((server) => server.name === 'pets')?.transport).toEqual({ type: 'openapi', source: specPath, baseUrl: `${api.url}/api/v3` });
  });

  it('serves the tools on /mcp/NAME and performs the HTTP request with the API key', async () => {
    const { client } = await connect('/mcp/pets');
    try {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(12);
      const getPet = tools.find((tool) => tool.name === 'getPetById');
      expect(getPet?.inputSchema).toMatchObject({ type: 'object', required: ['petId'] });
      const before = api.requests.length;
      const result = await client.callTool({ name: 'getPetById', arguments: { petId: 42 } });
      await api.waitForRequests(before + 1);
      const request = api.last();
      expect(request.method).toBe('GET');
      expect(request.path).toBe('/api/v3/pet/42');
      expect(request.headers.api_key).toBe(API_KEY);
      expect(result.isError).toBeFalsy();
      expect(text(result)).toContain('/api/v3/pet/42');
      // The key is scoped to the api_key scheme: an operation that only takes OAuth2 does not get it.
      await client.callTool({ name: 'findPetsByStatus', arguments: { status: ['sold'] } });
      await api.waitForRequests(before + 2);
      expect(api.last().rawQuery).toBe('status=sold');
      expect(api.last().headers.api_key).toBeUndefined();
    } finally {
      await client.close();
    }
  });

  it('serves the tools on the aggregate endpoint with the server prefix, to a 2025-era client too', async () => {
    const { client } = await connect('/mcp', 'legacy');
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('pets__getInventory');
      const before = api.requests.length;
      await client.callTool({ name: 'pets__getInventory', arguments: {} });
      await api.waitForRequests(before + 1);
      expect(api.last().path).toBe('/api/v3/store/inventory');
      expect(api.last().headers.api_key).toBe(API_KEY);
    } finally {
      await client.close();
    }
  });

  it('never stores the API key in plaintext', () => {
    for (const file of readdirSync(home.home)) {
      const bytes = readFileSync(join(home.home, file));
      expect(bytes.includes(Buffer.from(API_KEY)), `${file} contains the API key`).toBe(false);
    }
    const shown = cli(home, ['openapi', 'show', 'pets', '--json']);
    expect(shown.stdout).not.toContain(API_KEY);
  });

  it('re-imports a changed spec, reports the diff, and the running hub serves the new tools', async () => {
    const { client, listChanges } = await connect('/mcp/pets', 'legacy');
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain('listVaccinations');
      const changed = readFileSync(specPath, 'utf8')
        .replace('  /store/inventory:\n', '  /pet/{petId}/vaccinations:\n    get:\n      tags: [pet]\n      operationId: listVaccinations\n      summary: Lists the vaccinations of a pet\n      parameters:\n        - name: petId\n          in: path\n          required: true\n          schema:\n            type: integer\n      responses:\n        \'200\':\n          description: ok\n  /store/inventory:\n')
        .replace('summary: Returns pet inventories by status', 'summary: Returns pet inventories, grouped by status')
        .replace(/ {2}\/store\/order\/\{orderId\}:\n[\s\S]*?(?= {2}\/user\/login:)/, '');
      writeFileSync(specPath, changed);
      const report = cliJson<OpenApiChangeReport>(home, ['openapi', 'reimport', 'pets']);
      expect(report.diff).toEqual({ added: ['listVaccinations'], removed: ['deleteOrder', 'getOrderById'], changed: ['getInventory'], unchanged: 9 });
      expect(report.toolCount).toBe(11);
      const human = cli(home, ['openapi', 'show', 'pets']);
      expect(human.stdout).toContain('tools: 11 of 13 converted operations');
      await waitFor(() => listChanges() > 0, 15_000, 'tools/list_changed after the re-import');
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('listVaccinations');
      expect(names).not.toContain('getOrderById');
      const before = api.requests.length;
      await client.callTool({ name: 'listVaccinations', arguments: { petId: 3 } });
      await api.waitForRequests(before + 1);
      expect(api.last().path).toBe('/api/v3/pet/3/vaccinations');
    } finally {
      await client.close();
    }
  });

  it('changes the filters later; the running hub follows', async () => {
    const { client, listChanges } = await connect('/mcp/pets', 'legacy');
    try {
      const report = cliJson<OpenApiChangeReport>(home, ['openapi', 'filter', 'pets', '--method', 'GET', '--exclude-tag', 'user']);
      expect(report.diff.removed).toContain('addPet');
      expect(report.tools.every((tool) => tool.method === 'GET')).toBe(true);
      await waitFor(() => listChanges() > 0, 15_000, 'tools/list_changed after the filter change');
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).not.toContain('addPet');
      expect(names).toContain('getPetById');
    } finally {
      await client.close();
    }
  });

  it('a broken spec gives an error that points at the offending location and creates nothing', async () => {
    const result = cli(home, ['openapi', 'import', 'broken', join(SPECS, 'broken.yaml')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('/paths/~1pets~1{petId}/get/parameters/0/in');
    expect(result.stderr).toContain('line 11');
    const syntax = cli(home, ['openapi', 'import', 'broken', join(SPECS, 'syntax-error.yaml')]);
    expect(syntax.status).toBe(1);
    expect(syntax.stderr).toMatch(/line \d+, column \d+/);
    const inline = await adminApi<{ error: { code: string; message: string } }>('POST', '/openapi/import', { name: 'broken', spec: { text: readFileSync(join(SPECS, 'broken.yaml'), 'utf8') } });
    expect(inline.status).toBe(400);
    expect(inline.body.error.message).toContain('/paths/~1pets~1{petId}/get/parameters/0/in');
    expect(cliJson<ServerView[]>(home, ['server', 'list']).map((server) => server.name)).toEqual(['pets']);
  });
});

describe('admin API', () => {
  it('imports inline text with a bearer token, shows it, re-imports it, and serves it at once', async () => {
    const created = await adminApi<OpenApiImportReport>('POST', '/openapi/import', {
      name: 'pets-api',
      spec: { text: readFileSync(join(SPECS, 'petstore.yaml'), 'utf8') },
      baseUrl: `${api.url}/v3`,
      include: { tags: ['pet'] },
      auth: { type: 'bearer', token: BEARER },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'pets-api', source: 'inline', toolCount: 8, auth: { type: 'bearer', scheme: 'petstore_auth' } });
    const shown = await adminApi<OpenApiServerView>('GET', '/openapi/pets-api');
    expect(shown.body.include).toEqual({ tags: ['pet'] });
    const { client } = await connect('/mcp/pets-api');
    try {
      const before = api.requests.length;
      await client.callTool({ name: 'findPetsByStatus', arguments: { status: ['available', 'sold'] } });
      await api.waitForRequests(before + 1);
      expect(api.last().path).toBe('/v3/pet/findByStatus');
      expect(api.last().headers.authorization).toBe(`Bearer ${BEARER}`);
    } finally {
      await client.close();
    }
    const again = await adminApi<{ error: { message: string } }>('POST', '/openapi/pets-api/reimport', {});
    expect(again.status).toBe(400);
    expect(again.body.error.message).toContain('pasted text');
    const fromUrl = await adminApi<OpenApiChangeReport>('POST', '/openapi/pets-api/reimport', { spec: { url: `${api.url}/specs/petstore.yaml` } });
    expect(fromUrl.status).toBe(200);
    expect(fromUrl.body.diff).toMatchObject({ added: [], removed: [], changed: [] });
    expect(fromUrl.body.source).toBe(`${api.url}/specs/petstore.yaml`);
    for (const file of readdirSync(home.home)) expect(readFileSync(join(home.home, file)).includes(Buffer.from(BEARER))).toBe(false);
  });
});
