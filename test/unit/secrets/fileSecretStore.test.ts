import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import { hubPaths } from '../../../hub/core/paths';
import { FileSecretStore } from '../../../hub/secrets/fileSecretStore';

async function hubError(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a HubError');
}

const isPosix = process.platform !== 'win32';

describe('FileSecretStore', () => {
  let root: string;
  let home: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'patchbay-secrets-'));
    home = join(root, 'home');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('round-trips values, overwrites them and reads unknown keys as undefined', async () => {
    const store = new FileSecretStore({ home, env: {} });
    expect(store.kind).toBe('file');
    expect(await store.get('nothing')).toBeUndefined();
    await store.set('server:github:header:Authorization', 'Bearer ghp_abc123');
    await store.set('unicode', 'pässwörd 🔑 \n with newline');
    await store.set('empty', '');
    expect(await store.get('server:github:header:Authorization')).toBe('Bearer ghp_abc123');
    expect(await store.get('unicode')).toBe('pässwörd 🔑 \n with newline');
    expect(await store.get('empty')).toBe('');
    await store.set('unicode', 'second');
    expect(await store.get('unicode')).toBe('second');
    // A fresh instance (another process, or after a restart) reads the same file with the same key.
    expect(await new FileSecretStore({ home, env: {} }).get('unicode')).toBe('second');
  });

  it('lists keys by prefix, sorted, and deletes them', async () => {
    const store = new FileSecretStore({ home, env: {} });
    expect(await store.list()).toEqual([]);
    await store.set('server:b:env:X', '1');
    await store.set('server:a:env:Y', '2');
    await store.set('oauth:a:refresh', '3');
    await store.set('__proto__', 'not special');
    expect(await store.list()).toEqual(['__proto__', 'oauth:a:refresh', 'server:a:env:Y', 'server:b:env:X']);
    expect(await store.list('server:')).toEqual(['server:a:env:Y', 'server:b:env:X']);
    expect(await store.get('__proto__')).toBe('not special');
    await store.delete('server:a:env:Y');
    await store.delete('never-there');
    expect(await store.list('server:')).toEqual(['server:b:env:X']);
    expect(await store.get('server:a:env:Y')).toBeUndefined();
  });

  it('keeps concurrent writes from one process', async () => {
    const store = new FileSecretStore({ home, env: {} });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${String(i).padStart(2, '0')}`, `v${i}`)));
    expect(await store.list()).toHaveLength(20);
    expect(await store.get('k13')).toBe('v13');
    expect(readdirSync(home).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('never writes the plaintext value to disk', async () => {
    const store = new FileSecretStore({ home, env: {} });
    const value = `sk-live-${randomBytes(16).toString('hex')}`;
    await store.set('api-key', value);
    await store.set('api-key-2', value);
    for (const name of readdirSync(home)) {
      const bytes = readFileSync(join(home, name));
      expect(bytes.includes(Buffer.from(value))).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(value).toString('base64')))).toBe(false);
    }
    const file = JSON.parse(readFileSync(store.file, 'utf8')) as { entries: Record<string, { iv: string }> };
    expect(file.entries['api-key']?.iv).not.toBe(file.entries['api-key-2']?.iv); // a fresh IV per value
  });

  it.runIf(isPosix)('creates the key file and the secrets file with mode 0600', async () => {
    const store = new FileSecretStore({ home, env: {} });
    await store.set('a', 'b');
    const paths = hubPaths(home);
    expect(statSync(paths.secretsKeyFile).mode & 0o777).toBe(0o600);
    expect(statSync(paths.secretsFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(paths.secretsKeyFile, 'utf8').trim(), 'base64')).toHaveLength(32);
  });

  it('uses PATCHBAY_SECRET_KEY when set, without creating a key file', async () => {
    const env = { PATCHBAY_SECRET_KEY: randomBytes(32).toString('base64') };
    const store = new FileSecretStore({ home, env });
    await store.set('a', 'value-a');
    expect(existsSync(hubPaths(home).secretsKeyFile)).toBe(false);
    expect(await new FileSecretStore({ home, env }).get('a')).toBe('value-a');

    const other = new FileSecretStore({ home, env: { PATCHBAY_SECRET_KEY: randomBytes(32).toString('base64') } });
    const error = await hubError(other.get('a'));
    expect(error.code).toBe('SECRET_STORE_UNAVAILABLE');
    expect(error.message).toMatch(/different key/);
    expect(error.message).not.toContain('value-a');
    // And it refuses to mix in entries under the wrong key.
    await hubError(other.set('b', 'x'));
    expect(await store.list()).toEqual(['a']);
  });

  it('rejects a PATCHBAY_SECRET_KEY that is not 32 bytes of base64', async () => {
    const store = new FileSecretStore({ home, env: { PATCHBAY_SECRET_KEY: 'hunter2' } });
    const error = await hubError(store.set('a', 'b'));
    expect(error.message).toMatch(/PATCHBAY_SECRET_KEY is not 32 bytes of base64/);
    expect(error.message).toMatch(/openssl rand -base64 32/);
  });

  it('reports a tampered entry by its key, without its value, and keeps the others readable', async () => {
    const store = new FileSecretStore({ home, env: {} });
    await store.set('good', 'good-value');
    await store.set('victim', 'victim-value');
    await store.set('broken-shape', 'x');
    const file = JSON.parse(readFileSync(store.file, 'utf8')) as { entries: Record<string, { data: string }> };
    const data = Buffer.from(file.entries.victim!.data, 'base64');
    data[0] = data[0]! ^ 0x01;
    file.entries.victim!.data = data.toString('base64');
    (file.entries as Record<string, unknown>)['broken-shape'] = 'just a string';
    writeFileSync(store.file, JSON.stringify(file));

    const error = await hubError(store.get('victim'));
    expect(error.code).toBe('SECRET_STORE_UNAVAILABLE');
    expect(error.message).toContain('"victim"');
    expect(error.message).toMatch(/Set it again/);
    expect(error.message).not.toContain('victim-value');
    expect((await hubError(store.get('broken-shape'))).message).toContain('"broken-shape"');
    expect(await store.get('good')).toBe('good-value');
    expect(await store.list()).toEqual(['broken-shape', 'good', 'victim']);
    await store.set('victim', 'fixed');
    expect(await store.get('victim')).toBe('fixed');
  });

  it('binds each value to its key: entries moved to another key do not decrypt', async () => {
    const store = new FileSecretStore({ home, env: {} });
    await store.set('low', 'harmless');
    await store.set('high', 'important');
    const file = JSON.parse(readFileSync(store.file, 'utf8')) as { entries: Record<string, unknown> };
    file.entries.high = file.entries.low;
    writeFileSync(store.file, JSON.stringify(file));
    expect((await hubError(store.get('high'))).message).toContain('"high"');
  });

  it('never overwrites a damaged secrets file and says how to fix it', async () => {
    const store = new FileSecretStore({ home, env: {} });
    await store.set('a', 'b');
    const garbage = Buffer.from('{"version": 1, "cipher": "aes-256-gcm", "entries": {"a": ');
    writeFileSync(store.file, garbage);
    for (const attempt of [() => store.get('a'), () => store.set('c', 'd'), () => store.list(), () => store.delete('a')]) {
      const error = await hubError(attempt());
      expect(error.code).toBe('SECRET_STORE_UNAVAILABLE');
      expect(error.message).toContain(store.file);
      expect(error.message).toMatch(/will not overwrite it.*move it aside/i);
    }
    expect(readFileSync(store.file).equals(garbage)).toBe(true);
  });

  it('validates keys', async () => {
    const store = new FileSecretStore({ home, env: {} });
    await expect(store.set('', 'x')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(store.get('a\nb')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(store.get('k'.repeat(257))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
