import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import { assertTrustedSender, parseExternalUrl, parseRevealPath } from '../../../electron/main/ipcValidators';
import { createBridge } from '../../../electron/preload/bridge';
import { IPC_CHANNELS } from '../../../electron/preload/ipcChannels';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof HubError ? error.code : 'not a HubError';
  }
  return undefined;
}

describe('parseExternalUrl', () => {
  it('accepts http and https URLs, normalised', () => {
    expect(parseExternalUrl('https://github.com/login/oauth/authorize?client_id=x&state=y')).toBe('https://github.com/login/oauth/authorize?client_id=x&state=y');
    expect(parseExternalUrl('HTTP://Example.COM')).toBe('http://example.com/');
  });

  it('rejects anything else with a readable message', () => {
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'vscode://x', 'mailto:a@b.c', 'smb://host/share', '/relative', '', 42, null, undefined, { href: 'https://x' }, `https://x/${'a'.repeat(9000)}`]) {
      expect(codeOf(() => parseExternalUrl(bad)), String(bad).slice(0, 40)).toBe('BAD_REQUEST');
    }
    expect(() => parseExternalUrl('file:///etc/passwd')).toThrow(/http and https URLs only/);
  });
});

describe('parseRevealPath', () => {
  let root: string;
  let dataDir: string;
  let outside: string;

  beforeAll(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'patchbay-reveal-')));
    dataDir = join(root, 'data');
    outside = join(root, 'outside');
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(dataDir, 'logs', 'hub.log'), 'x');
    writeFileSync(join(outside, 'secret.txt'), 'x');
    symlinkSync(outside, join(dataDir, 'escape'));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const real = { realpath: (path: string) => realpathSync.native(path) };

  it('accepts files and folders inside the data directory', () => {
    expect(parseRevealPath(join(dataDir, 'logs', 'hub.log'), dataDir, real)).toBe(join(dataDir, 'logs', 'hub.log'));
    expect(parseRevealPath(dataDir, dataDir, real)).toBe(dataDir);
    expect(parseRevealPath(join(dataDir, 'logs', '..', 'logs'), dataDir, real)).toBe(join(dataDir, 'logs'));
  });

  it('rejects paths outside it, by .. or by symlink', () => {
    expect(codeOf(() => parseRevealPath(join(outside, 'secret.txt'), dataDir, real))).toBe('FORBIDDEN');
    expect(codeOf(() => parseRevealPath(join(dataDir, '..', 'outside', 'secret.txt'), dataDir, real))).toBe('FORBIDDEN');
    expect(codeOf(() => parseRevealPath(join(dataDir, 'escape', 'secret.txt'), dataDir, real))).toBe('FORBIDDEN');
    expect(codeOf(() => parseRevealPath(`${dataDir}-sibling`, dataDir))).toBe('FORBIDDEN');
  });

  it('rejects non-strings, relative paths, NUL bytes and missing files', () => {
    expect(codeOf(() => parseRevealPath(undefined, dataDir))).toBe('BAD_REQUEST');
    expect(codeOf(() => parseRevealPath(['a'], dataDir))).toBe('BAD_REQUEST');
    expect(codeOf(() => parseRevealPath('logs/hub.log', dataDir))).toBe('BAD_REQUEST');
    expect(codeOf(() => parseRevealPath(`${dataDir}/a\0b`, dataDir))).toBe('BAD_REQUEST');
    expect(codeOf(() => parseRevealPath(join(dataDir, 'nope.txt'), dataDir, real))).toBe('NOT_FOUND');
  });
});

describe('assertTrustedSender', () => {
  it('answers frames of the hub origin only', () => {
    expect(() => assertTrustedSender('http://127.0.0.1:4242/servers', 'http://127.0.0.1:4242')).not.toThrow();
    expect(codeOf(() => assertTrustedSender('https://evil.example/', 'http://127.0.0.1:4242'))).toBe('FORBIDDEN');
    expect(codeOf(() => assertTrustedSender(undefined, 'http://127.0.0.1:4242'))).toBe('FORBIDDEN');
    expect(codeOf(() => assertTrustedSender('about:blank', 'http://127.0.0.1:4242'))).toBe('FORBIDDEN');
  });
});

describe('preload bridge', () => {
  it('exposes exactly three calls on three fixed channels, and nothing of ipcRenderer', async () => {
    const calls: Array<{ channel: string; args: unknown[] }> = [];
    const bridge = createBridge(async (channel, ...args) => {
      calls.push({ channel, args });
      return channel === IPC_CHANNELS.version ? { app: '0.1.0' } : 'ignored';
    });
    expect(Object.keys(bridge).sort()).toEqual(['openExternal', 'revealFile', 'version']);
    expect(Object.isFrozen(bridge)).toBe(true);
    await expect(bridge.openExternal('https://example.com')).resolves.toBeUndefined();
    await expect(bridge.revealFile('/data/logs')).resolves.toBeUndefined();
    await expect(bridge.version()).resolves.toEqual({ app: '0.1.0' });
    expect(calls).toEqual([
      { channel: 'patchbay:open-external', args: ['https://example.com'] },
      { channel: 'patchbay:reveal-file', args: ['/data/logs'] },
      { channel: 'patchbay:version', args: [] },
    ]);
  });
});
