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
import { closeSync, openSync, readSync } from 'node:fs';

const HEADER_BYTES = 48;

export interface ChangeStamp {
  /** The current stamp, or undefined when it cannot be read (then do not cache). */
  read(): string | undefined;
  dispose(): void;
}

export function changeStamp(databasePath: string): ChangeStamp {
  const buffer = Buffer.alloc(HEADER_BYTES);
  let fd: number | undefined;
  let failed = false;
  return {
    read() {
      if (failed) return undefined;
      try {
        fd ??= openSync(`${databasePath}-shm`, 'r');
        const got = readSync(fd, buffer, 0, HEADER_BYTES, 0);
        // A short header, or one not initialised (isInit, byte 12): nothing to rely on.
        if (got !== HEADER_BYTES || buffer[12] === 0) return undefined;
        return buffer.toString('latin1');
      } catch {
        failed = true;
        return undefined;
      }
    },
    dispose() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      failed = true;
    },
  };
}
