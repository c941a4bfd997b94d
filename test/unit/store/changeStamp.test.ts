import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeStamp } from '../../../hub/store/changeStamp';
import type { Database } from '../../../hub/store/db';
import { openDatabase } from '../../../hub/store/db';
import { ManualClock, recordingLogger, tempDir } from './helpers';
import { TokenRepo } from '../../../hub/store/tokenRepo';

// The stamp is read from the WAL-index header; these tests use real SQLite files and two
// connections, the way the hub and the CLI share one database.

/** One database file, opened twice: the hub's connection and another process's (the CLI's). */
function sharedDatabase(): { tmp: ReturnType<typeof tempDir>; path: string; hub: Database; cli: Database; close(): void } {
  const tmp = tempDir();
  const path = join(tmp.dir, 'patchbay.db');
  const { logger } = recordingLogger();
  const hub = openDatabase(path, { logger });
  const cli = openDatabase(path, { logger });
  return {
    tmp,
    path,
    hub,
    cli,
    close() {
      if (hub.open) hub.close();
      if (cli.open) cli.close();
      tmp.cleanup();
    },
  };
}

/** Waits until `condition` holds (events of the WAL's watch come through the event loop). */
async function eventually(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('changeStamp', () => {
  let tmp: ReturnType<typeof tempDir>;
  let path: string;
  let hub: Database;
  let cli: Database;
  let close: () => void;

  beforeEach(() => {
    ({ tmp, path, hub, cli, close } = sharedDatabase());
  });
  afterEach(() => close());

  it('stays the same while nothing is committed, and changes with every commit of any connection', () => {
    const stamp = changeStamp(path);
    hub.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('a', '1');
    const first = stamp.read();
    expect(first).toBeDefined();
    hub.prepare('SELECT * FROM settings').all();
    expect(stamp.read()).toBe(first);
    cli.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('b', '2');
    const second = stamp.read();
    expect(second).not.toBe(first);
    hub.prepare('UPDATE settings SET value = ? WHERE key = ?').run('3', 'a');
    expect(stamp.read()).not.toBe(second);
    // A checkpoint that restarts the WAL changes it too.
    cli.pragma('wal_checkpoint(TRUNCATE)');
    const afterCheckpoint = stamp.read();
    cli.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('c', '4');
    expect(stamp.read()).not.toBe(afterCheckpoint);
    stamp.dispose();
  });

  it('answers undefined (never a stale stamp) when there is no WAL index to read', () => {
    const stamp = changeStamp(join(tmp.dir, 'missing.db'));
    expect(stamp.read()).toBeUndefined();
    stamp.dispose();
    const closed = changeStamp(path);
    closed.dispose();
    expect(closed.read()).toBeUndefined();
  });

  // The serving hub's stamp (Linux: inotify on the -wal file; elsewhere the option reads every time).
  describe.runIf(process.platform === 'linux')('with watch', () => {
    it('skips the read while the WAL saw no write, and reads again once a commit of any connection has come through the event loop', async () => {
      const stamp = changeStamp(path, { watch: true });
      hub.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('a', '1');
      const first = stamp.read();
      expect(first).toBeDefined();
      expect(stamp.read()).toBe(first);
      cli.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('b', '2');
      // Within this synchronous run the write's event cannot have been handled: the stamp is the one
      // read before (no read happened). A request reaching the hub after the commit comes after the event.
      expect(stamp.read()).toBe(first);
      await eventually(() => stamp.read() !== first);
      const second = stamp.read();
      hub.prepare('UPDATE settings SET value = ? WHERE key = ?').run('3', 'a');
      await eventually(() => stamp.read() !== second);
      stamp.dispose();
      expect(stamp.read()).toBeUndefined();
    });

    it('reads on every call once the WAL file is replaced, or when there is none to watch', async () => {
      const stamp = changeStamp(path, { watch: true });
      hub.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('a', '1');
      const first = stamp.read();
      // Moved away and back: the watch sees the move and gives up.
      renameSync(`${path}-wal`, `${path}-wal.moved`);
      renameSync(`${path}-wal.moved`, `${path}-wal`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stamp.read()).toBe(first);
      cli.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('b', '2');
      // Read at once, no event needed.
      expect(stamp.read()).not.toBe(first);
      stamp.dispose();

      const unwatched = changeStamp(join(tmp.dir, 'missing.db'), { watch: true });
      expect(unwatched.read()).toBeUndefined();
      unwatched.dispose();
    });

    it('lets TokenRepo see a revocation by another process at the first check after its commit came through', async () => {
      const stamp = changeStamp(path, { watch: true });
      const tokens = new TokenRepo(hub, { clock: new ManualClock(), stamp });
      const { token, info } = tokens.create({ name: 'cursor' });
      expect(tokens.verify(token)?.id).toBe(info.id);
      expect(tokens.verify(token)?.id).toBe(info.id);
      new TokenRepo(cli, { clock: new ManualClock() }).revoke(info.id);
      await eventually(() => tokens.verify(token) === undefined);
      // And it stays refused.
      expect(tokens.verify(token)).toBeUndefined();
      stamp.dispose();
    });
  });
});

describe('TokenRepo.verify with a change stamp', () => {
  let path: string;
  let hub: Database;
  let cli: Database;
  let close: () => void;
  let clock: ManualClock;

  beforeEach(() => {
    ({ path, hub, cli, close } = sharedDatabase());
    clock = new ManualClock();
  });
  afterEach(() => close());

  it('sees a revocation by another process at the next request', () => {
    const stamp = changeStamp(path);
    const tokens = new TokenRepo(hub, { clock, stamp });
    const { token, info } = tokens.create({ name: 'cursor' });
    expect(tokens.verify(token)?.id).toBe(info.id);
    expect(tokens.verify(token)?.id).toBe(info.id);
    new TokenRepo(cli, { clock }).revoke(info.id);
    expect(tokens.verify(token)).toBeUndefined();
    stamp.dispose();
  });

  it('answers from memory while the stamp is unchanged, and never past expiry', () => {
    // A stamp that never changes shows what is answered from memory: the revocation below goes
    // unseen, which the real stamp (previous test) rules out.
    const tokens = new TokenRepo(hub, { clock, stamp: { read: () => 'fixed', dispose: () => undefined } });
    const expiresAt = new Date(clock.now() + 30_000).toISOString();
    const { token, info } = tokens.create({ name: 'short', expiresAt });
    expect(tokens.verify(token)?.id).toBe(info.id);
    new TokenRepo(cli, { clock }).revoke(info.id);
    expect(tokens.verify(token)?.id).toBe(info.id);
    clock.advance(30_000);
    expect(tokens.verify(token)).toBeUndefined();
    // Wrong secrets are never answered from memory.
    expect(tokens.verify(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
  });

  it('holds a revocation made through itself at the very next check, whatever the stamp says', () => {
    const tokens = new TokenRepo(hub, { clock, stamp: { read: () => 'fixed', dispose: () => undefined } });
    const { token, info } = tokens.create({ name: 'cursor' });
    expect(tokens.verify(token)?.id).toBe(info.id);
    tokens.revoke(info.id);
    expect(tokens.verify(token)).toBeUndefined();
  });

  it('checks the database again at least once a minute (last_used_at stays current)', () => {
    const tokens = new TokenRepo(hub, { clock, stamp: { read: () => 'fixed', dispose: () => undefined } });
    const { token, info } = tokens.create({ name: 'cursor' });
    tokens.verify(token);
    const first = tokens.list()[0]?.lastUsedAt;
    expect(first).toBeDefined();
    clock.advance(61_000);
    tokens.verify(token);
    expect(tokens.list().find((t) => t.id === info.id)?.lastUsedAt).not.toBe(first);
  });
});
