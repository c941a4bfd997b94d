import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../../shared/types';
import { plainSpawnSpec } from '../../../hub/cli/prespawnServe';
import { inheritedEnvironment, sameSpec } from '../../../hub/upstream/prespawn';

const base: ServerConfig = {
  id: 'id-1',
  name: 'echo',
  enabled: true,
  transport: { type: 'stdio', command: 'node', args: ['server.mjs'], env: { MODE: { value: 'fast' } }, cwd: '/srv' },
  auth: { type: 'none' },
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

describe('plainSpawnSpec (what serve may spawn before the hub loads)', () => {
  it('is the stdio command with the inherited variables under the server own env', () => {
    expect(plainSpawnSpec(base)).toEqual({ command: 'node', args: ['server.mjs'], env: { ...inheritedEnvironment(), MODE: 'fast' }, cwd: '/srv' });
  });

  it('skips servers that need the secret store, auth, HTTP, or are disabled', () => {
    expect(plainSpawnSpec({ ...base, transport: { type: 'stdio', command: 'node', args: [], env: { KEY: { secret: 'server/id-1/env/KEY' } } } })).toBeUndefined();
    expect(plainSpawnSpec({ ...base, auth: { type: 'passthrough' } as ServerConfig['auth'] })).toBeUndefined();
    expect(plainSpawnSpec({ ...base, enabled: false })).toBeUndefined();
    expect(plainSpawnSpec({ ...base, transport: { type: 'http', url: 'http://127.0.0.1:1/mcp', headers: {}, mode: 'auto' } })).toBeUndefined();
  });
});

describe('inheritedEnvironment / sameSpec', () => {
  it('inherits the SDK list only, and never exported shell functions', () => {
    expect(inheritedEnvironment({ PATH: '/bin', HOME: '/home/u', SECRET: 'x', SHELL: '() { :; }' })).toEqual({ PATH: '/bin', HOME: '/home/u' });
  });

  it('compares command, args, env and cwd exactly', () => {
    const spec = { command: 'node', args: ['a'], env: { A: '1' }, cwd: '/x' };
    expect(sameSpec(spec, { ...spec, env: { A: '1' } })).toBe(true);
    expect(sameSpec(spec, { ...spec, env: { A: '1', B: '2' } })).toBe(false);
    expect(sameSpec(spec, { ...spec, env: { A: '2' } })).toBe(false);
    expect(sameSpec(spec, { ...spec, args: ['a', 'b'] })).toBe(false);
    expect(sameSpec(spec, { ...spec, cwd: undefined })).toBe(false);
    expect(sameSpec(spec, { ...spec, command: 'deno' })).toBe(false);
  });
});
