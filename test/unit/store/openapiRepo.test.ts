import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import { silentLogger } from '../../../hub/core/logger';
import type { OpenApiTool } from '../../../hub/openapi/types';
import type { Database } from '../../../hub/store/db';
import { openDatabase } from '../../../hub/store/db';
import { OpenApiRepo } from '../../../hub/store/openapiRepo';
import type { NewOpenApiSpec } from '../../../hub/store/openapiRepo';
import { ServerRepo } from '../../../hub/store/serverRepo';
import { ManualClock, tempDir } from './helpers';

const tool = (name: string, tags: string[] = []): OpenApiTool => ({
  name,
  description: `${name} does things`,
  inputSchema: { type: 'object', properties: {} },
  operation: { method: 'get', path: `/${name}`, tags, params: [] },
});

describe('OpenApiRepo', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Database;
  let clock: ManualClock;
  let servers: ServerRepo;
  let repo: OpenApiRepo;
  let serverId: string;

  const spec = (overrides: Partial<NewOpenApiSpec> = {}): NewOpenApiSpec => ({
    serverId,
    source: '/specs/pets.yaml',
    title: 'Pets',
    apiVersion: '1.0.0',
    dialect: 'openapi-3.0',
    specVersion: '3.0.3',
    specServers: ['https://pets.example.com/v1'],
    include: {},
    exclude: { tags: ['admin'] },
    auth: { type: 'api-key', in: 'header', name: 'X-Key', value: { secret: `server/${serverId}/openapi/auth` }, scheme: 'key' },
    securitySchemes: [{ name: 'key', type: 'apiKey', suggested: { kind: 'apiKey', in: 'header', name: 'X-Key' } }],
    skipped: [{ operation: 'GET /bad', reason: 'no', method: 'get', path: '/bad', tags: [] }],
    warnings: Array.from({ length: 80 }, (_, index) => `warning ${index}`),
    tools: [tool('listPets', ['pets']), tool('deleteAll', ['admin'])],
    ...overrides,
  });

  beforeEach(() => {
    tmp = tempDir();
    clock = new ManualClock();
    db = openDatabase(join(tmp.dir, 'patchbay.db'), { logger: silentLogger });
    servers = new ServerRepo(db, { clock });
    repo = new OpenApiRepo(db, { clock });
    serverId = servers.create({ name: 'pets', transport: { type: 'openapi', source: '/specs/pets.yaml', baseUrl: 'https://pets.example.com/v1' } }).id;
  });

  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('stores a spec with its tools as JSON, keeps at most 50 warnings, and reads it back', () => {
    repo.insert(spec());
    const record = repo.get(serverId);
    expect(record).toMatchObject({ title: 'Pets', dialect: 'openapi-3.0', exclude: { tags: ['admin'] }, revision: 1, importedAt: '2030-01-01T00:00:00.000Z' });
    expect(record?.warnings).toHaveLength(50);
    expect(repo.tools(serverId).map((item) => item.name)).toEqual(['listPets', 'deleteAll']);
    expect(repo.auth(serverId)).toMatchObject({ type: 'api-key', value: { secret: `server/${serverId}/openapi/auth` } });
    expect(servers.get('pets')?.transport).toEqual({ type: 'openapi', source: '/specs/pets.yaml', baseUrl: 'https://pets.example.com/v1' });
  });

  it('bumps the revision only when tools or filters change', () => {
    repo.insert(spec());
    clock.advance(1000);
    expect(repo.update(serverId, { auth: { type: 'none' } }).revision).toBe(1);
    expect(repo.update(serverId, { include: { methods: ['get'] } }).revision).toBe(2);
    const reimported = repo.update(serverId, { tools: [tool('listPets')], reimported: true });
    expect(reimported.revision).toBe(3);
    expect(reimported.importedAt).toBe('2030-01-01T00:00:01.000Z');
    expect(repo.update(serverId, { baseUrlOverride: 'http://127.0.0.1:1' }).baseUrlOverride).toBe('http://127.0.0.1:1');
    expect(repo.update(serverId, { baseUrlOverride: undefined }).baseUrlOverride).toBeUndefined();
  });

  it('goes away with its server', () => {
    repo.insert(spec());
    servers.remove('pets');
    expect(repo.get(serverId)).toBeUndefined();
    expect(repo.tools(serverId)).toEqual([]);
  });

  it('says how to fix a damaged row, and updating a missing one is NOT_FOUND', () => {
    repo.insert(spec());
    db.prepare("UPDATE openapi_specs SET include_filter = '{oops' WHERE server_id = ?").run(serverId);
    expect(() => repo.get(serverId)).toThrow(/damaged \(include_filter is not valid JSON\)\. Remove the server and import the spec again/);
    const error = (() => {
      try {
        repo.update('no-such-id', { title: 'x' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe('NOT_FOUND');
  });
});
