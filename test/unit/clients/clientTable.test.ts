import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import {
  buildEntry,
  CLIENT_IDS,
  CLIENTS,
  clientConfigPath,
  clientDetectPaths,
  getClient,
  isClientId,
  pathContextFromEnv,
  readEntries,
  readFileIfExists,
  upsertEntry,
  writeFileAtomic,
} from '../../../hub/clients';
import type { ClientId, PathContext } from '../../../hub/clients';

const HUB = {
  name: 'patchbay',
  url: 'http://127.0.0.1:4242/mcp',
  token: 'pb_test_0123456789abcdef',
  stdio: { command: '/usr/bin/node', args: ['/opt/patchbay/bin/patchbay.mjs', 'stdio'] },
};

const mac: PathContext = { platform: 'darwin', home: '/Users/me', projectDir: '/Users/me/src/app' };
const linux: PathContext = { platform: 'linux', home: '/home/me', projectDir: '/home/me/src/app' };
const windows: PathContext = { platform: 'win32', home: 'C:\\Users\\me', appData: 'C:\\Users\\me\\AppData\\Roaming', projectDir: 'D:\\src\\app' };

const USER: Record<ClientId, [mac: string, windows: string, linux: string]> = {
  cursor: ['/Users/me/.cursor/mcp.json', 'C:\\Users\\me\\.cursor\\mcp.json', '/home/me/.cursor/mcp.json'],
  'claude-desktop': [
    '/Users/me/Library/Application Support/Claude/claude_desktop_config.json',
    'C:\\Users\\me\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
    '/home/me/.config/Claude/claude_desktop_config.json',
  ],
  vscode: ['/Users/me/Library/Application Support/Code/User/mcp.json', 'C:\\Users\\me\\AppData\\Roaming\\Code\\User\\mcp.json', '/home/me/.config/Code/User/mcp.json'],
  'claude-code': ['/Users/me/.claude.json', 'C:\\Users\\me\\.claude.json', '/home/me/.claude.json'],
  windsurf: ['/Users/me/.codeium/windsurf/mcp_config.json', 'C:\\Users\\me\\.codeium\\windsurf\\mcp_config.json', '/home/me/.codeium/windsurf/mcp_config.json'],
  codex: ['/Users/me/.codex/config.toml', 'C:\\Users\\me\\.codex\\config.toml', '/home/me/.codex/config.toml'],
  gemini: ['/Users/me/.gemini/settings.json', 'C:\\Users\\me\\.gemini\\settings.json', '/home/me/.gemini/settings.json'],
  zed: ['/Users/me/.config/zed/settings.json', 'C:\\Users\\me\\AppData\\Roaming\\Zed\\settings.json', '/home/me/.config/zed/settings.json'],
};

const PROJECT: Partial<Record<ClientId, [mac: string, windows: string]>> = {
  cursor: ['/Users/me/src/app/.cursor/mcp.json', 'D:\\src\\app\\.cursor\\mcp.json'],
  vscode: ['/Users/me/src/app/.vscode/mcp.json', 'D:\\src\\app\\.vscode\\mcp.json'],
  'claude-code': ['/Users/me/src/app/.mcp.json', 'D:\\src\\app\\.mcp.json'],
  codex: ['/Users/me/src/app/.codex/config.toml', 'D:\\src\\app\\.codex\\config.toml'],
  gemini: ['/Users/me/src/app/.gemini/settings.json', 'D:\\src\\app\\.gemini\\settings.json'],
  zed: ['/Users/me/src/app/.zed/settings.json', 'D:\\src\\app\\.zed\\settings.json'],
};

describe('client table', () => {
  it('lists the eight clients in order, with unique ids', () => {
    expect(CLIENTS.map((c) => c.id)).toEqual([...CLIENT_IDS]);
    expect(CLIENTS.map((c) => c.displayName)).toEqual(['Cursor', 'Claude Desktop', 'VS Code', 'Claude Code', 'Windsurf', 'Codex', 'Gemini CLI', 'Zed']);
  });

  it.each(CLIENT_IDS.map((id) => [id]))('%s: user config paths on macOS, Windows and Linux', (id) => {
    const [onMac, onWindows, onLinux] = USER[id];
    expect(clientConfigPath(id, 'user', mac)).toBe(onMac);
    expect(clientConfigPath(id, 'user', windows)).toBe(onWindows);
    expect(clientConfigPath(id, 'user', linux)).toBe(onLinux);
  });

  it.each(CLIENT_IDS.map((id) => [id]))('%s: project config paths, or a clear refusal', (id) => {
    const expected = PROJECT[id];
    if (!expected) {
      expect(getClient(id).scopes).toEqual(['user']);
      expect(() => clientConfigPath(id, 'project', mac)).toThrow(/has no project-scoped MCP config/);
      return;
    }
    expect(clientConfigPath(id, 'project', mac)).toBe(expected[0]);
    expect(clientConfigPath(id, 'project', windows)).toBe(expected[1]);
    expect(() => clientConfigPath(id, 'project', { platform: 'linux', home: '/home/me' })).toThrow(/needs a project directory/);
  });

  it('honours APPDATA, XDG_CONFIG_HOME and CODEX_HOME', () => {
    const win = pathContextFromEnv({ APPDATA: 'E:\\Roaming' }, 'win32', 'C:\\Users\\me');
    expect(clientConfigPath('vscode', 'user', win)).toBe('E:\\Roaming\\Code\\User\\mcp.json');
    expect(clientConfigPath('claude-desktop', 'user', win)).toBe('E:\\Roaming\\Claude\\claude_desktop_config.json');
    const xdg = pathContextFromEnv({ XDG_CONFIG_HOME: '/xdg', CODEX_HOME: '/codex' }, 'linux', '/home/me', '/p');
    expect(clientConfigPath('zed', 'user', xdg)).toBe('/xdg/zed/settings.json');
    expect(clientConfigPath('vscode', 'user', xdg)).toBe('/xdg/Code/User/mcp.json');
    expect(clientConfigPath('codex', 'user', xdg)).toBe('/codex/config.toml');
    expect(clientConfigPath('codex', 'project', xdg)).toBe('/p/.codex/config.toml');
    // Zed on macOS uses ~/.config/zed whatever XDG says.
    expect(clientConfigPath('zed', 'user', pathContextFromEnv({ XDG_CONFIG_HOME: '/xdg' }, 'darwin', '/Users/me'))).toBe('/Users/me/.config/zed/settings.json');
  });

  it('has install-detection paths for every client and OS, including the config directory', () => {
    for (const ctx of [mac, windows, linux]) {
      for (const client of CLIENTS) {
        const paths = clientDetectPaths(client, ctx);
        expect(paths.length).toBeGreaterThan(0);
        expect(paths.every((p) => p.startsWith(ctx.home) || p.startsWith('/Applications') || p.startsWith(ctx.appData ?? '\0'))).toBe(true);
      }
    }
    expect(clientDetectPaths('cursor', mac)).toContain('/Applications/Cursor.app');
    expect(clientDetectPaths('claude-desktop', windows)).toContain('C:\\Users\\me\\AppData\\Local\\AnthropicClaude');
    expect(clientDetectPaths('codex', linux)).toEqual(['/home/me/.codex']);
  });

  it('rejects unknown clients with the list of known ones', () => {
    expect(isClientId('cursor')).toBe(true);
    expect(isClientId('emacs')).toBe(false);
    expect(() => getClient('emacs')).toThrow(HubError);
    expect(() => getClient('emacs')).toThrow(/Use one of: cursor, claude-desktop, vscode/);
  });
});

describe('config files written into a temporary HOME', () => {
  let home: string | undefined;
  afterEach(() => {
    if (home) rmSync(home, { recursive: true, force: true });
    home = undefined;
  });

  // Windows paths are checked as strings above: on this machine a backslash is part of a file name.
  it.each([['darwin'], ['linux']] as const)('%s: every client, user and project scope, written and read back', async (platform) => {
    home = mkdtempSync(join(tmpdir(), 'patchbay-clients-'));
    const ctx: PathContext = { platform, home, projectDir: join(home, 'project') };
    for (const client of CLIENTS) {
      for (const scope of client.scopes) {
        const path = clientConfigPath(client, scope, ctx);
        expect(path.startsWith(home)).toBe(true);
        const entry = buildEntry(client, HUB);
        await writeFileAtomic(path, upsertEntry(client, await readFileIfExists(path), 'patchbay', entry, { file: path }));
        const [server] = readEntries(client, readFileSync(path, 'utf8'));
        expect(server?.name).toBe('patchbay');
        if (client.transport === 'stdio') expect(server).toMatchObject({ kind: 'stdio', command: '/usr/bin/node' });
        else expect(server).toMatchObject({ kind: 'http', url: HUB.url });
      }
    }
  });
});
