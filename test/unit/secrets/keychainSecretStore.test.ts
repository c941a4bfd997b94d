import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeychainSecretStore, keychainService } from '../../../hub/secrets/keychainSecretStore';
import { keychainProbeResult, skipKeychainTests } from './keychainAvailability';

describe('keychainService', () => {
  it('namespaces by data directory: patchbay: + 12 hex digits of sha256(home)', () => {
    expect(keychainService('/home/me/.config/patchbay')).toMatch(/^patchbay:[0-9a-f]{12}$/);
    expect(keychainService('/a')).not.toBe(keychainService('/b'));
    expect(keychainService('/a/b/../c')).toBe(keychainService('/a/c'));
  });
});

describe.skipIf(skipKeychainTests)('KeychainSecretStore (real Secret Service)', () => {
  const created: KeychainSecretStore[] = [];
  let root: string;
  const open = (name: string): KeychainSecretStore => {
    const store = new KeychainSecretStore({ home: join(root, name) });
    created.push(store);
    return store;
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'patchbay-keychain-'));
  });
  afterEach(async () => {
    for (const store of created.splice(0)) {
      for (const key of await store.list()) await store.delete(key);
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('has a reachable Secret Service (required in CI)', () => {
    expect(keychainProbeResult).toEqual({ ok: true });
  });

  it('round-trips, overwrites and deletes values; missing keys read as undefined', async () => {
    const store = open('home');
    expect(store.kind).toBe('keychain');
    expect(await store.get('server:gh:header:Authorization')).toBeUndefined();
    await store.set('server:gh:header:Authorization', 'Bearer ghp_secret');
    await store.set('unicode', 'pässwörd 🔑');
    expect(await store.get('server:gh:header:Authorization')).toBe('Bearer ghp_secret');
    expect(await store.get('unicode')).toBe('pässwörd 🔑');
    await store.set('unicode', 'second');
    expect(await store.get('unicode')).toBe('second');
    await store.delete('unicode');
    await store.delete('unicode'); // deleting twice is fine
    expect(await store.get('unicode')).toBeUndefined();
  });

  it('lists keys (not values) by prefix, sorted', async () => {
    const store = open('home');
    await store.set('server:b:env:X', 'value-1');
    await store.set('server:a:env:Y', 'value-2');
    await store.set('oauth:a', 'value-3');
    expect(await store.list()).toEqual(['oauth:a', 'server:a:env:Y', 'server:b:env:X']);
    expect(await store.list('server:')).toEqual(['server:a:env:Y', 'server:b:env:X']);
    expect(JSON.stringify(await store.list())).not.toMatch(/value-/);
  });

  it('keeps two data directories apart', async () => {
    const one = open('one');
    const two = open('two');
    await one.set('shared-name', 'from one');
    expect(await two.get('shared-name')).toBeUndefined();
    expect(await two.list()).toEqual([]);
    await two.set('shared-name', 'from two');
    expect(await one.get('shared-name')).toBe('from one');
    expect(await two.get('shared-name')).toBe('from two');
  });
});
