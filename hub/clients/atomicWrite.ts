// The only I/O of the config writers: read a config file, and replace it atomically (temp file in
// the same directory + fsync + rename), keeping a copy of the previous version next to it.
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, lstat, mkdir, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { HubError } from '../core/errors';

/** The previous version of a config file is kept as `<file>.patchbay-backup`. */
export const BACKUP_SUFFIX = '.patchbay-backup';

export interface AtomicWriteOptions {
  /** Copy the existing file to `<file>.patchbay-backup` first (default true). */
  backup?: boolean;
  /** File mode for a new file (default 0o600: config files hold tokens). An existing file keeps its mode. */
  mode?: number;
}

export interface AtomicWriteResult {
  /** The file written (a symlink's target when `path` is a symlink). */
  path: string;
  /** Where the previous version was copied, when there was one. */
  backupPath?: string;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** A symlinked config (dotfile managers) is written through, not replaced by a regular file. */
async function resolveTarget(path: string): Promise<string> {
  try {
    const info = await lstat(path);
    return info.isSymbolicLink() ? await realpath(path) : path;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return path;
    throw error;
  }
}

async function existingMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o777;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes `text` to `path` atomically: readers see the old file or the new one, never half of each.
 * Creates missing parent directories.
 */
export async function writeFileAtomic(path: string, text: string, options: AtomicWriteOptions = {}): Promise<AtomicWriteResult> {
  let tmp: string | undefined;
  try {
    const target = await resolveTarget(path);
    const dir = dirname(target);
    await mkdir(dir, { recursive: true });
    const previousMode = await existingMode(target);
    const result: AtomicWriteResult = { path: target };
    if (previousMode !== undefined && options.backup !== false) {
      result.backupPath = `${target}${BACKUP_SUFFIX}`;
      await copyFile(target, result.backupPath);
    }
    const mode = previousMode ?? options.mode ?? 0o600;
    tmp = join(dir, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(tmp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (process.platform !== 'win32') await chmod(tmp, mode);
    await rename(tmp, target);
    tmp = undefined;
    await syncDir(dir);
    return result;
  } catch (error) {
    if (tmp !== undefined) await unlink(tmp).catch(() => undefined);
    if (error instanceof HubError) throw error;
    throw new HubError('INTERNAL', `Could not write ${path} (${errorCode(error) ?? 'I/O error'}). Check that the folder exists and is writable, then try again.`, { cause: error });
  }
}

/** Makes the rename durable. Not possible (nor needed) on Windows. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself has happened.
  } finally {
    await handle.close();
  }
}

/** The file's text (without a UTF-8 byte order mark), or undefined when it does not exist. */
export async function readFileIfExists(path: string): Promise<string | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new HubError('INTERNAL', `Could not read ${path} (${errorCode(error) ?? 'I/O error'}). Check its permissions, then try again.`, { cause: error });
  }
}

export interface UpdateResult extends Partial<AtomicWriteResult> {
  path: string;
  changed: boolean;
}

/**
 * Reads `path`, computes the new text with a pure writer (e.g. `(old) => upsertEntry(...)`) and
 * writes it atomically when it changed. When `transform` throws (an unparseable file), nothing
 * is written and no backup is made.
 */
export async function updateConfigFile(
  path: string,
  transform: (oldText: string | undefined) => string,
  options: AtomicWriteOptions = {},
): Promise<UpdateResult> {
  const oldText = await readFileIfExists(path);
  const newText = transform(oldText);
  if (newText === oldText || (oldText === undefined && newText === '')) return { path, changed: false };
  const written = await writeFileAtomic(path, newText, options);
  return { ...written, changed: true };
}
