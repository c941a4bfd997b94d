// Two processes sharing one database: the hub (this test, with a running StoreWatcher) and a
// CLI-like child process that writes to it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../hub/core/clock';
import { silentLogger } from '../../hub/core/logger';
import { openStore } from '../../hub/store';
import type { Store } from '../../hub/store';

const writer = fileURLToPath(new URL('../fixtures/storeWriter.mjs', import.meta.url));

function runWriter(dbPath: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dbPath, name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`writer exited with ${code}: ${err}`))));
  });
}

describe('store shared between processes', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-sharing-'));
    store = openStore(join(dir, 'patchbay.db'), { logger: silentLogger, clock: systemClock, watchIntervalMs: 50 });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the watcher reports a server another process added, and list() shows it', async () => {
    store.servers.create({ name: 'local', transport: { type: 'stdio', command: 'x', args: [], env: {} } });
    const changed = new Promise<void>((resolve) => store.watcher.onChange(resolve));
    store.watcher.start();

    const id = await runWriter(join(dir, 'patchbay.db'), 'from-cli');
    await changed;

    const names = store.servers.list().map((s) => s.name);
    expect(names).toEqual(['from-cli', 'local']);
    expect(store.servers.get('from-cli')).toMatchObject({ id, enabled: true, description: 'written by another process', transport: { type: 'stdio', command: 'node' } });
  });
});
