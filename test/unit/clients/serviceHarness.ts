// A ClientService over real parts: a SQLite store and an encrypted-file secret store in a temp
// data directory, config files in a temp HOME. Nothing connects to a server (import only adds them).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ClientService } from '../../../hub/clients';
import type { ClientServiceDeps } from '../../../hub/clients';
import { systemClock } from '../../../hub/core/clock';
import { LogRing, silentLogger } from '../../../hub/core/logger';
import { hubPaths } from '../../../hub/core/paths';
import { Redactor } from '../../../hub/core/redact';
import { createHub } from '../../../hub/hub';
import type { Hub } from '../../../hub/hub';
import { FileSecretStore } from '../../../hub/secrets/fileSecretStore';
import { openStore } from '../../../hub/store';
import type { Store } from '../../../hub/store';

export const BIN_SCRIPT = resolve(__dirname, '..', '..', '..', 'bin', 'patchbay.mjs');

export interface Harness {
  dir: string;
  /** The user's HOME (client configs). */
  home: string;
  dataHome: string;
  store: Store;
  secrets: FileSecretStore;
  hub: Hub;
  service: ClientService;
  /** Another service over the same store and HOME, e.g. with the hub on another port. */
  with(overrides: Partial<ClientServiceDeps>): ClientService;
  cleanup(): Promise<void>;
}

export function harness(overrides: Partial<ClientServiceDeps> = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-clients-'));
  const home = join(dir, 'home');
  const dataHome = join(dir, 'data');
  mkdirSync(home, { recursive: true });
  mkdirSync(dataHome, { recursive: true });
  const paths = hubPaths(dataHome);
  const store = openStore(paths.db, { logger: silentLogger, clock: systemClock });
  const secrets = new FileSecretStore({ home: dataHome, env: {}, logger: silentLogger });
  const hub = createHub({
    paths,
    store,
    secrets,
    logger: silentLogger,
    logs: new LogRing(10),
    redactor: new Redactor(),
    clock: systemClock,
    createUpstream: () => {
      throw new Error('unit tests never connect to servers');
    },
    serverFilter: () => false,
  });
  const base: ClientServiceDeps = {
    tokens: store.tokens,
    servers: hub.servers,
    env: { HOME: home },
    platform: 'linux',
    home,
    hubUrl: 'http://127.0.0.1:4242',
    hubRunning: true,
    dataHome,
    launcher: { command: process.execPath, binScript: BIN_SCRIPT },
    logger: silentLogger,
  };
  const make = (extra: Partial<ClientServiceDeps>) => new ClientService({ ...base, ...overrides, ...extra });
  return {
    dir,
    home,
    dataHome,
    store,
    secrets,
    hub,
    service: make({}),
    with: make,
    async cleanup() {
      await hub.dispose();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
