// A cheap "has anything been committed?" probe for the hot path, without running SQL.
//
// In WAL mode every commit, from any connection in any process, rewrites the WAL-index header at
// the start of the `-shm` file (its change counter, last frame and checksums; documented in
// SQLite's "WAL-mode File Format"). Reading those 48 bytes is one pread, no lock, no statement.
// A reader that remembers the stamp it saw before its last real query knows that nothing has been
// committed since when the stamp is unchanged, so a result cached then still holds. A torn read
// can only differ from the remembered stamp, which costs one real query: it errs on the safe side.
// Where the file cannot be read (not WAL, an in-memory database), the probe answers undefined and
// callers query every time.
//
// With `watch` (the running hub, on Linux) even the pread is skipped while nothing was written:
// every commit appends to the `-wal` file, and inotify queues the write's event within the
// writing syscall, before the commit returns to the writer. The hub reads that event from its
// event loop, and libuv hands on the events of one poll in the order they became ready, so the
// event of a commit comes before any request that reached the hub after the commit: such a
// request always finds the probe armed again and reads the stamp. Only what reached the hub
// before the commit (already in flight) can be answered from the stamp seen before it. Where the
// watch cannot be set up, or the file is replaced or removed, the probe reads on every call.
import { closeSync, openSync, readSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';

const HEADER_BYTES = 48;

export interface ChangeStamp {
  /** The current stamp, or undefined when it cannot be read (then do not cache). */
  read(): string | undefined;
  dispose(): void;
}

export interface ChangeStampOptions {
  /** Skip the read while the `-wal` file saw no write (Linux; see above). */
  watch?: boolean;
}

export function changeStamp(databasePath: string, options: ChangeStampOptions = {}): ChangeStamp {
  const buffer = Buffer.alloc(HEADER_BYTES);
  let fd: number | undefined;
  let failed = false;
  let watcher: FSWatcher | undefined;
  /** Watching, and no write seen since `last` was read. */
  let quiet = false;
  let last: string | undefined;
  let watchTried = !options.watch || process.platform !== 'linux';

  const stopWatching = (): void => {
    quiet = false;
    watcher?.close();
    watcher = undefined;
  };
  const startWatching = (): void => {
    watchTried = true;
    try {
      watcher = watch(`${databasePath}-wal`, { persistent: false }, (event) => {
        quiet = false;
        // The file was replaced or removed: the watch no longer sees its writes.
        if (event === 'rename') stopWatching();
      });
      watcher.on('error', stopWatching);
    } catch {
      watcher = undefined; // no such file, no inotify: read every time
    }
  };

  return {
    read() {
      if (failed) return undefined;
      if (quiet) return last;
      // The watch starts before the read it vouches for: a write after that read is always seen.
      if (!watchTried) startWatching();
      try {
        fd ??= openSync(`${databasePath}-shm`, 'r');
        const got = readSync(fd, buffer, 0, HEADER_BYTES, 0);
        // A short header, or one not initialised (isInit, byte 12): nothing to rely on.
        if (got !== HEADER_BYTES || buffer[12] === 0) return undefined;
        last = buffer.toString('latin1');
        quiet = watcher !== undefined;
        return last;
      } catch {
        failed = true;
        stopWatching();
        return undefined;
      }
    },
    dispose() {
      stopWatching();
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      failed = true;
    },
  };
}
