import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_SUFFIX, serverNameOf, uniqueName } from '../../../hub/clients';
import { harness } from './serviceHarness';
import type { Harness } from './serviceHarness';

let h: Harness;

beforeEach(() => {
  h = harness();
});
afterEach(async () => {
  await h.cleanup();
});

const SECRET = 'sk-live-do-not-store-in-sqlite-1234567890';
const claudeFile = () => join(h.home, '.config', 'Claude', 'claude_desktop_config.json');

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const CLAUDE_CONFIG = {
  globalShortcut: 'Ctrl+Space',
  mcpServers: {
    'My Files': { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'], env: { API_KEY: SECRET, LOG_LEVEL: 'debug' } },
    remote: { url: 'https://mcp.example.com/mcp', headers: { Authorization: `Bearer ${SECRET}`, Accept: 'application/json' } },
    patchbay: { command: '/usr/bin/node', args: ['/opt/patchbay/bin/patchbay.mjs', 'stdio'] },
  },
};

function dbBytes(): string {
  h.store.db.pragma('wal_checkpoint(TRUNCATE)');
  return readFileSync(join(h.dataHome, 'patchbay.db')).toString('latin1');
}

describe('import', () => {
  it('adds stdio and remote servers, secrets to the secret store, and skips our own entry', async () => {
    write(claudeFile(), JSON.stringify(CLAUDE_CONFIG, null, 2));
    const result = await h.service.import('claude-desktop');
    expect(result.imported).toEqual([
      { from: 'My Files', as: 'my-files', kind: 'stdio', enabled: true, secrets: ['API_KEY'] },
      { from: 'remote', as: 'remote', kind: 'http', enabled: true, secrets: ['Authorization'] },
    ]);
    expect(result.skipped).toEqual([{ from: 'patchbay', reason: 'it is a Patchbay entry' }]);

    const files = h.hub.servers.get('my-files');
    expect(files.transport).toMatchObject({ type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'], env: { LOG_LEVEL: { value: 'debug' } } });
    const ref = files.transport.type === 'stdio' ? files.transport.env.API_KEY : undefined;
    expect(ref && 'secret' in ref ? await h.secrets.get(ref.secret) : undefined).toBe(SECRET);
    expect(h.hub.servers.get('remote').transport).toMatchObject({ type: 'http', url: 'https://mcp.example.com/mcp', mode: 'auto', headers: { Accept: { value: 'application/json' } } });
    expect(dbBytes()).not.toContain(SECRET);
    // The client's file is not touched without --replace.
    expect(readFileSync(claudeFile(), 'utf8')).toBe(JSON.stringify(CLAUDE_CONFIG, null, 2));
  });

  it('imports nothing twice, and avoids name clashes with a suffix', async () => {
    await h.hub.servers.create({ name: 'remote', transport: { type: 'stdio', command: 'something-else' } });
    write(claudeFile(), JSON.stringify(CLAUDE_CONFIG));
    const first = await h.service.import('claude-desktop');
    expect(first.imported.map((s) => s.as)).toEqual(['my-files', 'remote-2']);
    const second = await h.service.import('claude-desktop');
    expect(second.imported).toEqual([]);
    expect(second.skipped.map((s) => s.reason)).toEqual(['already in the hub as "my-files"', 'already in the hub as "remote-2"', 'it is a Patchbay entry']);
  });

  it('dry run adds nothing', async () => {
    write(claudeFile(), JSON.stringify(CLAUDE_CONFIG));
    const result = await h.service.import('claude-desktop', { dryRun: true, replace: true });
    expect(result.imported.map((s) => s.as)).toEqual(['my-files', 'remote']);
    expect(result.replaced?.diff).toContain('-');
    expect(h.hub.servers.list()).toEqual([]);
    expect(h.store.tokens.list()).toEqual([]);
    expect(existsSync(claudeFile() + BACKUP_SUFFIX)).toBe(false);
  });

  it('replace: swaps the imported entries for the single hub entry, keeping other settings and a backup', async () => {
    const original = JSON.stringify({ ...CLAUDE_CONFIG, mcpServers: { 'My Files': CLAUDE_CONFIG.mcpServers['My Files'] } }, null, 2);
    write(claudeFile(), original);
    const result = await h.service.import('claude-desktop', { replace: true });
    expect(result.replaced).toMatchObject({ changed: true, removed: ['My Files'], entryName: 'patchbay', backupPath: claudeFile() + BACKUP_SUFFIX });
    const config = JSON.parse(readFileSync(claudeFile(), 'utf8')) as { globalShortcut: string; mcpServers: Record<string, { command: string; env: Record<string, string> }> };
    expect(config.globalShortcut).toBe('Ctrl+Space');
    expect(Object.keys(config.mcpServers)).toEqual(['patchbay']);
    expect(h.store.tokens.verify(config.mcpServers.patchbay?.env.PATCHBAY_TOKEN ?? '')?.name).toBe('claude-desktop');
    expect(readFileSync(claudeFile() + BACKUP_SUFFIX, 'utf8')).toBe(original);
  });

  it('reads VS Code and Codex shapes; a Codex bearer token comes from its environment variable', async () => {
    write(join(h.home, '.config', 'Code', 'User', 'mcp.json'), '{\n  // c\n  "servers": { "old": { "type": "sse", "url": "https://old.example.com/sse" } }\n}');
    const vscode = await h.service.import('vscode');
    expect(vscode.imported).toEqual([{ from: 'old', as: 'old', kind: 'http', enabled: true, secrets: [] }]);
    expect(h.hub.servers.get('old').transport).toMatchObject({ mode: 'sse' });

    write(join(h.home, '.codex', 'config.toml'), '[mcp_servers.gh]\nurl = "https://gh.example.com/mcp"\nbearer_token_env_var = "GH_TOKEN"\n');
    const codex = await h.with({ env: { HOME: h.home, GH_TOKEN: SECRET } }).import('codex');
    expect(codex.imported[0]).toMatchObject({ as: 'gh', secrets: ['Authorization'] });
    expect(dbBytes()).not.toContain(SECRET);
  });

  it('says so when the client has no config file', async () => {
    await expect(h.service.import('cursor')).rejects.toThrow(/There is no Cursor config at .*nothing to import/);
  });

  it('makes hub server names from entry names', () => {
    expect(serverNameOf('GitHub Server')).toBe('github-server');
    expect(serverNameOf('__')).toBe('server');
    expect(uniqueName('x', new Set(['x', 'x-2']))).toBe('x-3');
  });
});
