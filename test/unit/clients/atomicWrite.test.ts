import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import { BACKUP_SUFFIX, buildEntry, readFileIfExists, updateConfigFile, upsertEntry, writeFileAtomic } from '../../../hub/clients';

const posixOnly = process.platform === 'win32' ? it.skip : it;

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-atomic-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  posixOnly('creates parent directories and a private new file, with no backup', async () => {
    const path = join(dir, 'a', 'b', 'mcp.json');
    const result = await writeFileAtomic(path, '{}\n', { backup: true });
    expect(result).toEqual({ path });
    expect(readFileSync(path, 'utf8')).toBe('{}\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['mcp.json']);
  });

  posixOnly('copies the previous version to <file>.patchbay-backup and keeps the file mode', async () => {
    const path = join(dir, 'settings.json');
    writeFileSync(path, 'old\n');
    chmodSync(path, 0o644);
    const result = await writeFileAtomic(path, 'new\n', { backup: true });
    expect(result.backupPath).toBe(`${path}${BACKUP_SUFFIX}`);
    expect(readFileSync(`${path}${BACKUP_SUFFIX}`, 'utf8')).toBe('old\n');
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    expect(statSync(path).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir).sort()).toEqual(['settings.json', `settings.json${BACKUP_SUFFIX}`]);
  });

  it('skips the backup when asked', async () => {
    const path = join(dir, 'settings.json');
    writeFileSync(path, 'old\n');
    expect(await writeFileAtomic(path, 'new\n', { backup: false })).toEqual({ path });
    expect(existsSync(`${path}${BACKUP_SUFFIX}`)).toBe(false);
  });

  posixOnly('writes through a symlink instead of replacing it', async () => {
    mkdirSync(join(dir, 'dotfiles'));
    const real = join(dir, 'dotfiles', 'config.toml');
    writeFileSync(real, 'model = "a"\n');
    const link = join(dir, 'config.toml');
    symlinkSync(real, link);
    const result = await writeFileAtomic(link, 'model = "b"\n');
    expect(result.path).toBe(real);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('model = "b"\n');
    expect(readFileSync(`${real}${BACKUP_SUFFIX}`, 'utf8')).toBe('model = "a"\n');
  });

  it('fails with a HubError and leaves no temp file when the folder cannot be made', async () => {
    writeFileSync(join(dir, 'blocker'), 'a file, not a folder');
    const error = await writeFileAtomic(join(dir, 'blocker', 'mcp.json'), '{}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).message).toMatch(/Could not write .*blocker/);
    expect(readdirSync(dir)).toEqual(['blocker']);
  });

  it('reads missing files as undefined and strips a byte order mark', async () => {
    expect(await readFileIfExists(join(dir, 'nope.json'))).toBeUndefined();
    writeFileSync(join(dir, 'bom.json'), '\uFEFF{}');
    expect(await readFileIfExists(join(dir, 'bom.json'))).toBe('{}');
  });
});

describe('updateConfigFile', () => {
  let dir: string;
  const hub = { name: 'patchbay', url: 'http://127.0.0.1:4242/mcp', token: 'pb_test_0123456789abcdef', stdio: { command: '/n', args: ['/b'] } };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-update-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves a corrupt file untouched: no write, no backup', async () => {
    const path = join(dir, 'mcp.json');
    const corrupt = '{ "mcpServers": { "a": { "url": "x" } }\n';
    writeFileSync(path, corrupt);
    const error = await updateConfigFile(path, (old) => upsertEntry('cursor', old, 'patchbay', buildEntry('cursor', hub), { file: path })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe('BAD_REQUEST');
    expect((error as HubError).message).toContain(path);
    expect(readFileSync(path, 'utf8')).toBe(corrupt);
    expect(readdirSync(dir)).toEqual(['mcp.json']);
  });

  it('writes once, then reports no change (and makes no backup) the second time', async () => {
    const path = join(dir, '.cursor', 'mcp.json');
    const apply = (old: string | undefined) => upsertEntry('cursor', old, 'patchbay', buildEntry('cursor', hub));
    const first = await updateConfigFile(path, apply);
    expect(first).toMatchObject({ path, changed: true });
    expect(first.backupPath).toBeUndefined();
    const text = readFileSync(path, 'utf8');
    const second = await updateConfigFile(path, apply);
    expect(second).toEqual({ path, changed: false });
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(readdirSync(join(dir, '.cursor'))).toEqual(['mcp.json']);
  });

  it('does not create a file for a removal when there was none', async () => {
    const path = join(dir, 'none.json');
    expect(await updateConfigFile(path, () => '')).toEqual({ path, changed: false });
    expect(existsSync(path)).toBe(false);
  });
});
