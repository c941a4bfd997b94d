import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../hub/core/logger';
import { StoreWatcher, openStore } from '../../../hub/store';
import type { Store } from '../../../hub/store';
import { ManualClock, recordingLogger, tempDir } from './helpers';

describe('StoreWatcher', () => {
  let tmp: ReturnType<typeof tempDir>;
  let clock: ManualClock;
  let store: Store;
  let other: BetterSqlite3.Database;

  beforeEach(() => {
    tmp = tempDir();
    clock = new ManualClock();
    store = openStore(join(tmp.dir, 'patchbay.db'), { logger: silentLogger, clock, watchIntervalMs: 250 });
    other = new BetterSqlite3(join(tmp.dir, 'patchbay.db'));
  });
  afterEach(() => {
    other.close();
    store.close();
    tmp.cleanup();
  });

  it('fires after a commit from another connection, not after our own writes', () => {
    let changes = 0;
    store.watcher.onChange(() => (changes += 1));
    store.watcher.start();
    store.servers.create({ name: 'own', transport: { type: 'stdio', command: 'x', args: [], env: {} } });
    clock.advance(250);
    expect(changes).toBe(0);

    other.prepare("INSERT INTO settings (key, value) VALUES ('from', '\"elsewhere\"')").run();
    clock.advance(249);
    expect(changes).toBe(0);
    clock.advance(1);
    expect(changes).toBe(1);
    expect(store.settings.get('from')).toBe('elsewhere');
    clock.advance(1000);
    expect(changes).toBe(1);
  });

  it('unsubscribes, survives a throwing listener and leaves no timer after dispose', () => {
    const log = recordingLogger();
    const watcher = new StoreWatcher(store.db, { clock, logger: log.logger, intervalMs: 100 });
    const seen: string[] = [];
    watcher.onChange(() => {
      throw new Error('listener bug');
    });
    const off = watcher.onChange(() => seen.push('a'));
    watcher.onChange(() => seen.push('b'));
    watcher.start();
    watcher.start(); // idempotent: still one timer
    expect(clock.pending()).toBe(1);
    other.exec("INSERT INTO settings (key, value) VALUES ('n', '1')");
    clock.advance(100);
    expect(seen).toEqual(['a', 'b']);
    expect(log.entries.some((e) => e.level === 'error' && e.fields.error === 'listener bug')).toBe(true);
    off();
    other.exec("UPDATE settings SET value = '2' WHERE key = 'n'");
    clock.advance(100);
    expect(seen).toEqual(['a', 'b', 'b']);
    watcher.dispose();
    expect(clock.pending()).toBe(0);
    other.exec("UPDATE settings SET value = '3' WHERE key = 'n'");
    clock.advance(1000);
    expect(seen).toEqual(['a', 'b', 'b']);
  });

  it('store.close() stops the watcher and closes the database', () => {
    store.watcher.start();
    expect(clock.pending()).toBe(1);
    store.close();
    expect(clock.pending()).toBe(0);
    expect(store.db.open).toBe(false);
    store.close();
  });
});
