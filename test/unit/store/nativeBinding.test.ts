import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// The desktop app run from source points better-sqlite3 at an Electron build of its binding with
// PATCHBAY_SQLITE_BINDING (scripts/electron-native.mjs). Checked here with the Node build, through
// the real CLI.
const ROOT = resolve(__dirname, '..', '..', '..');
const homes: string[] = [];
afterEach(() => homes.splice(0).forEach((home) => rmSync(home, { recursive: true, force: true })));

function run(binding: string): { status: number | null; stderr: string } {
  const home = mkdtempSync(join(tmpdir(), 'patchbay-binding-'));
  homes.push(home);
  const env = { ...process.env, PATCHBAY_HOME: home, PATCHBAY_SECRET_STORE: 'file', PATCHBAY_SQLITE_BINDING: binding };
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'patchbay.mjs'), 'token', 'list', '--json'], { env, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('PATCHBAY_SQLITE_BINDING', () => {
  it('loads the SQLite binding from the given file', () => {
    const binding = join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(run(binding).status).toBe(0);
  });

  it('says which file it could not load', () => {
    const result = run('/nonexistent/better_sqlite3.node');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Cannot open the Patchbay database');
  });
});
