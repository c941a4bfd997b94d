import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpTransportConfig, StdioTransportConfig } from '../../../shared/types';
import { SERVER_NAME_RULE } from '../../../shared/types';
import { HubError } from '../../../hub/core/errors';
import type { Database } from '../../../hub/store/db';
import { openDatabase } from '../../../hub/store/db';
import { ServerRepo } from '../../../hub/store/serverRepo';
import { ManualClock, recordingLogger, tempDir } from './helpers';

const stdio: StdioTransportConfig = { type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: { TOKEN: { secret: 'server:memory:env:TOKEN' } } };
const http: HttpTransportConfig = { type: 'http', url: 'https://example.com/mcp', headers: { Accept: { value: 'application/json' } }, mode: 'auto' };

function hubError(fn: () => unknown): HubError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a HubError');
}

describe('ServerRepo', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Database;
  let clock: ManualClock;
  let log: ReturnType<typeof recordingLogger>;
  let repo: ServerRepo;

  beforeEach(() => {
    tmp = tempDir();
    log = recordingLogger();
    clock = new ManualClock();
    db = openDatabase(join(tmp.dir, 'patchbay.db'), { logger: log.logger });
    repo = new ServerRepo(db, { logger: log.logger, clock });
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('creates servers with ids, defaults and timestamps, and reads them back', () => {
    const created = repo.create({ name: 'memory', transport: stdio });
    expect(created).toMatchObject({ name: 'memory', enabled: true, auth: { type: 'none' }, transport: stdio, createdAt: '2030-01-01T00:00:00.000Z', updatedAt: '2030-01-01T00:00:00.000Z' });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created).not.toHaveProperty('description');
    repo.create({ name: 'docs', enabled: false, description: 'Docs search', transport: http });
    expect(repo.get('memory')).toEqual(created);
    expect(repo.getById(created.id)).toEqual(created);
    expect(repo.get('nope')).toBeUndefined();
    expect(repo.list().map((s) => [s.name, s.enabled, s.description])).toEqual([
      ['docs', false, 'Docs search'],
      ['memory', true, undefined],
    ]);
  });

  it('rejects invalid names with the naming rule', () => {
    for (const name of ['', 'GitHub', '-x', 'has space', 'a'.repeat(49), 'x__y']) {
      const error = hubError(() => repo.create({ name, transport: stdio }));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toContain(SERVER_NAME_RULE);
    }
    expect(repo.list()).toEqual([]);
  });

  it('rejects a transport without a command or url', () => {
    const error = hubError(() => repo.create({ name: 'x', transport: { ...stdio, command: '' } }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/command/);
  });

  it('refuses a duplicate name and says how to resolve it', () => {
    repo.create({ name: 'memory', transport: stdio });
    const error = hubError(() => repo.create({ name: 'memory', transport: http }));
    expect(error.code).toBe('ALREADY_EXISTS');
    expect(error.message).toMatch(/another name/);
    expect(error.message).toContain('patchbay server remove memory');
  });

  it('updates fields, renames, clears the description and bumps updatedAt', () => {
    const created = repo.create({ name: 'memory', description: 'old', transport: stdio });
    clock.advance(5_000);
    const updated = repo.update('memory', { enabled: false, name: 'mem', transport: http, description: undefined });
    expect(updated).toMatchObject({ id: created.id, name: 'mem', enabled: false, transport: http, createdAt: created.createdAt, updatedAt: '2030-01-01T00:00:05.000Z' });
    expect(updated).not.toHaveProperty('description');
    expect(repo.get('memory')).toBeUndefined();
    expect(repo.get('mem')).toEqual(updated);
  });

  it('update refuses unknown servers, bad names and taken names', () => {
    repo.create({ name: 'a', transport: stdio });
    repo.create({ name: 'b', transport: stdio });
    expect(hubError(() => repo.update('zzz', { enabled: false })).code).toBe('NOT_FOUND');
    expect(hubError(() => repo.update('a', { name: 'B!' })).code).toBe('VALIDATION_FAILED');
    expect(hubError(() => repo.update('a', { name: 'b' })).code).toBe('ALREADY_EXISTS');
    expect(repo.update('a', { name: 'a', description: 'same name is fine' }).description).toBe('same name is fine');
  });

  it('removes servers and points at `patchbay server list` for unknown names', () => {
    const created = repo.create({ name: 'memory', transport: stdio });
    expect(repo.remove('memory')).toEqual(created);
    expect(repo.list()).toEqual([]);
    const error = hubError(() => repo.remove('memory'));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('patchbay server list');
  });

  it('skips a row with broken JSON in list(), warns, and still lets it be removed', () => {
    repo.create({ name: 'good', transport: stdio });
    const bad = repo.create({ name: 'bad', transport: http });
    db.prepare("UPDATE servers SET transport = '{\"type\": \"http\", \"url\": ' WHERE name = 'bad'").run();
    expect(repo.list().map((s) => s.name)).toEqual(['good']);
    const warning = log.entries.find((e) => e.level === 'warn');
    expect(warning?.fields).toMatchObject({ server: 'bad', problem: 'transport: not valid JSON' });

    const error = hubError(() => repo.get('bad'));
    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toContain('patchbay server remove bad');

    const removed = repo.remove('bad');
    expect(removed).toMatchObject({ id: bad.id, name: 'bad', auth: { type: 'none' } });
    expect(repo.list().map((s) => s.name)).toEqual(['good']);
    expect(repo.create({ name: 'bad', transport: http }).name).toBe('bad');
  });

  it('skips rows whose JSON parses but has the wrong shape', () => {
    repo.create({ name: 'odd', transport: stdio });
    db.prepare("UPDATE servers SET auth = '[1,2]' WHERE name = 'odd'").run();
    expect(repo.list()).toEqual([]);
    db.prepare(`UPDATE servers SET auth = '{"type":"none"}', transport = '{"type":"carrier-pigeon"}' WHERE name = 'odd'`).run();
    expect(repo.list()).toEqual([]);
    expect(log.entries.filter((e) => e.level === 'warn').map((e) => e.fields.problem)).toEqual(['auth: no "type"', 'transport: unknown transport type "carrier-pigeon"']);
  });
});
