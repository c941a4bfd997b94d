import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../hub/store/db';
import { openDatabase } from '../../../hub/store/db';
import { RememberedListRepo } from '../../../hub/store/rememberedListRepo';
import { ServerRepo } from '../../../hub/store/serverRepo';
import { ManualClock, recordingLogger, tempDir } from './helpers';

describe('RememberedListRepo', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Database;
  let servers: ServerRepo;
  let lists: RememberedListRepo;
  const clock = new ManualClock();
  beforeEach(() => {
    tmp = tempDir();
    const { logger } = recordingLogger();
    db = openDatabase(join(tmp.dir, 'patchbay.db'), { logger });
    servers = new ServerRepo(db, { logger, clock });
    lists = new RememberedListRepo(db);
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  const stdio = { type: 'stdio' as const, command: 'node', args: ['server.js'], env: {} };

  it('keeps one list per server and kind, for the configuration it was listed under', () => {
    const echo = servers.create({ name: 'echo', transport: stdio });
    lists.save(echo.id, 'tools', echo.updatedAt, '[{"name":"a"}]', '2030-01-01T00:00:00.000Z');
    lists.save(echo.id, 'prompts', echo.updatedAt, '[]', '2030-01-01T00:00:00.000Z');
    expect(lists.load(echo.id, 'tools', echo.updatedAt)).toBe('[{"name":"a"}]');
    expect(lists.load(echo.id, 'prompts', echo.updatedAt)).toBe('[]');
    expect(lists.load(echo.id, 'resources', echo.updatedAt)).toBeUndefined();
    lists.save(echo.id, 'tools', echo.updatedAt, '[{"name":"b"}]', '2030-01-01T00:00:01.000Z');
    expect(lists.load(echo.id, 'tools', echo.updatedAt)).toBe('[{"name":"b"}]');

    // A changed configuration does not see the old list; the next save replaces it.
    clock.advance(1000);
    const changed = servers.update('echo', { transport: { ...stdio, args: ['other.js'] } });
    expect(changed.updatedAt).not.toBe(echo.updatedAt);
    expect(lists.load(echo.id, 'tools', changed.updatedAt)).toBeUndefined();
    lists.save(echo.id, 'tools', changed.updatedAt, '[{"name":"c"}]', '2030-01-01T00:00:02.000Z');
    expect(lists.load(echo.id, 'tools', changed.updatedAt)).toBe('[{"name":"c"}]');
    expect(lists.load(echo.id, 'tools', echo.updatedAt)).toBeUndefined();
  });

  it('drops the lists of a removed server, and skips saving one removed meanwhile', () => {
    const echo = servers.create({ name: 'echo', transport: stdio });
    const other = servers.create({ name: 'other', transport: stdio });
    lists.save(echo.id, 'tools', echo.updatedAt, '[]', '2030-01-01T00:00:00.000Z');
    lists.save(other.id, 'tools', other.updatedAt, '[]', '2030-01-01T00:00:00.000Z');
    servers.remove('echo');
    const rows = () => db.prepare('SELECT server_id FROM remembered_lists').all() as Array<{ server_id: string }>;
    expect(rows()).toEqual([{ server_id: other.id }]);
    lists.save(echo.id, 'tools', echo.updatedAt, '[]', '2030-01-01T00:00:00.000Z');
    expect(rows()).toEqual([{ server_id: other.id }]);
  });
});
