import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../hub/core/clock';
import { silentLogger } from '../../hub/core/logger';
import { Redactor } from '../../hub/core/redact';
import { FileSecretStore } from '../../hub/secrets/fileSecretStore';
import { ServerService } from '../../hub/serverService';
import { openStore } from '../../hub/store/index';
import type { Store } from '../../hub/store/index';
import { UpstreamRegistry } from '../../hub/upstream/upstreamRegistry';

// Editing a server keeps stored secrets the caller marks `{ keep: true }` (the API never sends
// them back, so an edit form cannot resend them), and drops the secrets of names it no longer has.
// Real SQLite and the real encrypted-file secret store; servers stay disabled, so nothing connects.

let home: string;
let store: Store;
let secrets: FileSecretStore;
let service: ServerService;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'patchbay-service-'));
  store = openStore(join(home, 'patchbay.db'), { logger: silentLogger, clock: systemClock });
  secrets = new FileSecretStore({ home, env: {} });
  const registry = new UpstreamRegistry({
    loadServers: () => store.servers.list(),
    secrets,
    redactor: new Redactor(),
    logger: silentLogger,
    createUpstream: () => {
      throw new Error('disabled servers are never connected');
    },
  });
  service = new ServerService(store.servers, secrets, registry);
});

afterEach(() => {
  store.close();
  rmSync(home, { recursive: true, force: true });
});

describe('ServerService.update with { keep: true }', () => {
  it('keeps the stored secret, stores new values, and deletes secrets of removed names', async () => {
    await service.create({ name: 'api', enabled: false, transport: { type: 'http', url: 'https://example.com/mcp', headers: { 'X-Api-Key': 'sk-original-123456', 'X-Old': 'old-secret-123456' } } });
    const before = service.get('api');
    const keyRef = before.transport.type === 'http' ? before.transport.headers['X-Api-Key'] : undefined;
    expect(keyRef && 'secret' in keyRef).toBe(true);

    await service.update('api', { transport: { type: 'http', url: 'https://example.com/v2/mcp', headers: { 'X-Api-Key': { keep: true }, Accept: 'application/json' } } });
    const after = service.get('api');
    expect(after.transport.type === 'http' && after.transport.url).toBe('https://example.com/v2/mcp');
    expect(after.transport.type === 'http' && after.transport.headers['X-Api-Key']).toEqual(keyRef);
    expect(after.transport.type === 'http' && after.transport.headers.Accept).toEqual({ value: 'application/json' });
    expect(await secrets.get((keyRef as { secret: string }).secret)).toBe('sk-original-123456');
    const remaining = await secrets.list(`server/${after.id}/`);
    expect(remaining).toEqual([(keyRef as { secret: string }).secret]); // X-Old's secret is gone
  });

  it('refuses keep for a name that has nothing stored, and on create', async () => {
    await service.create({ name: 'tool', enabled: false, transport: { type: 'stdio', command: 'node', args: [], env: { API_TOKEN: 'tok-123456789' } } });
    await expect(service.update('tool', { transport: { type: 'stdio', command: 'node', args: [], env: { OTHER: { keep: true } } } })).rejects.toThrow(/"OTHER" has no stored value to keep/);
    await expect(service.create({ name: 'fresh', enabled: false, transport: { type: 'stdio', command: 'node', args: [], env: { A: { keep: true } } } })).rejects.toThrow(/no stored value to keep/);
    expect(store.servers.get('fresh')).toBeUndefined();
  });
});
