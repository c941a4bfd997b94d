import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import type { LogEntry } from '../../../hub/core/logger';
import { createLogger, silentLogger } from '../../../hub/core/logger';
import { chooseSecretStore } from '../../../hub/secrets/chooseSecretStore';
import { FileSecretStore } from '../../../hub/secrets/fileSecretStore';
import type { KeychainProbe } from '../../../hub/secrets/keychainProbe';
import { KeychainSecretStore } from '../../../hub/secrets/keychainSecretStore';
import { skipKeychainTests } from './keychainAvailability';

const NO_BUS = 'unix:path=/nonexistent/patchbay-test-bus';

describe('chooseSecretStore', () => {
  let home: string;
  let entries: LogEntry[];
  const logger = () => createLogger({ level: 'debug', sinks: [(e) => entries.push(e)] });
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'patchbay-choose-'));
    entries = [];
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('PATCHBAY_SECRET_STORE=file picks the file store without probing or warning', async () => {
    let probed = 0;
    const probe: KeychainProbe = async () => {
      probed += 1;
      return { ok: true };
    };
    const chosen = await chooseSecretStore({ home, logger: logger(), env: { PATCHBAY_SECRET_STORE: 'file' }, probe });
    expect(chosen.store).toBeInstanceOf(FileSecretStore);
    expect(chosen.warning).toBeUndefined();
    expect(probed).toBe(0);
    await chosen.store.set('a', 'b');
    expect(await chosen.store.get('a')).toBe('b');
  });

  it('rejects an unknown PATCHBAY_SECRET_STORE value', async () => {
    await expect(chooseSecretStore({ home, logger: silentLogger, env: { PATCHBAY_SECRET_STORE: 'vault' } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/"keychain" or "file"/),
    });
  });

  it('falls back to the file store with a visible warning when the D-Bus address points nowhere', async () => {
    const chosen = await chooseSecretStore({ home, logger: logger(), env: { ...process.env, PATCHBAY_SECRET_STORE: '', DBUS_SESSION_BUS_ADDRESS: NO_BUS } });
    expect(chosen.store.kind).toBe('file');
    expect(chosen.store).toBeInstanceOf(FileSecretStore);
    const file = (chosen.store as FileSecretStore).file;
    expect(chosen.warning).toContain(file);
    expect(chosen.warning).toMatch(/encrypted file/);
    expect(chosen.warning).toMatch(/Secret Service/);
    expect(chosen.warning).toMatch(/nonexistent/); // the reason the keychain was not usable
    expect(entries.some((e) => e.level === 'warn' && e.message === chosen.warning)).toBe(true);
  });

  it('PATCHBAY_SECRET_STORE=keychain with no keychain is an error, not a silent fallback', async () => {
    const error = await chooseSecretStore({ home, logger: silentLogger, env: { ...process.env, PATCHBAY_SECRET_STORE: 'keychain', DBUS_SESSION_BUS_ADDRESS: NO_BUS } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe('SECRET_STORE_UNAVAILABLE');
    expect((error as HubError).message).toMatch(/unset PATCHBAY_SECRET_STORE/);
  });

  describe.runIf(process.platform === 'linux')('with a D-Bus session that never answers', () => {
    let server: Server;
    let socketPath: string;
    const sockets = new Set<Socket>();
    beforeEach(async () => {
      socketPath = join(home, 'mute-bus.sock');
      server = createServer((socket) => {
        sockets.add(socket);
        socket.on('data', () => undefined); // read everything, answer nothing
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    });
    afterEach(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('gives up after the probe timeout, kills the probe and falls back to the file', async () => {
      let connected = false;
      server.once('connection', () => (connected = true));
      const started = Date.now();
      const chosen = await chooseSecretStore({ home, logger: silentLogger, env: { ...process.env, PATCHBAY_SECRET_STORE: '', DBUS_SESSION_BUS_ADDRESS: `unix:path=${socketPath}` }, probeTimeoutMs: 1500 });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(connected).toBe(true); // the probe really did hang on our bus
      expect(chosen.store.kind).toBe('file');
      expect(chosen.warning).toMatch(/no answer within 1500 ms/);
      // The killed probe's connection goes away: no process left behind.
      await Promise.all([...sockets].map((socket) => new Promise((resolve) => socket.once('close', resolve))));
      expect(sockets.size).toBe(0);
    });
  });

  describe.skipIf(skipKeychainTests)('with a real Secret Service', () => {
    it('picks the keychain, without a warning', async () => {
      const chosen = await chooseSecretStore({ home, logger: logger(), env: { ...process.env, PATCHBAY_SECRET_STORE: '' } });
      expect(chosen.store).toBeInstanceOf(KeychainSecretStore);
      expect(chosen.warning).toBeUndefined();
      await chosen.store.set('choose-test', 'value');
      try {
        expect(await chosen.store.get('choose-test')).toBe('value');
      } finally {
        await chosen.store.delete('choose-test');
      }
      expect(await chosen.store.list()).toEqual([]);
    });

    it('PATCHBAY_SECRET_STORE=keychain picks it too', async () => {
      const chosen = await chooseSecretStore({ home, logger: silentLogger, env: { ...process.env, PATCHBAY_SECRET_STORE: 'keychain' } });
      expect(chosen.store.kind).toBe('keychain');
    });
  });
});
