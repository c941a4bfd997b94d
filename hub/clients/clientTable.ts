// The table of clients Patchbay can wire to the hub: where each keeps its MCP config on macOS,
// Windows and Linux (user and project scope), the file format, how to tell it is installed, and
// the entry shape. Paths are a pure function of a PathContext, so they are testable on any OS.
import { posix, win32 } from 'node:path';
import { HubError } from '../core/errors';
import { codexEntry, geminiEntry, stdioBridgeEntry, typedHttpEntry, urlEntry, windsurfEntry } from './entries';
import { CLIENT_IDS } from './types';
import type { ClientId, ClientPaths, ClientScope, ClientSpec, PathContext } from './types';

type Os = 'darwin' | 'win32' | 'linux';

function osOf(ctx: PathContext): Os {
  if (ctx.platform === 'darwin' || ctx.platform === 'win32') return ctx.platform;
  return 'linux';
}

function join(ctx: PathContext, ...parts: string[]): string {
  return (osOf(ctx) === 'win32' ? win32 : posix).join(...parts);
}

function appData(ctx: PathContext): string {
  return ctx.appData ?? join(ctx, ctx.home, 'AppData', 'Roaming');
}

function localAppData(ctx: PathContext): string {
  return ctx.localAppData ?? join(ctx, ctx.home, 'AppData', 'Local');
}

function xdgConfig(ctx: PathContext): string {
  return ctx.xdgConfigHome ?? join(ctx, ctx.home, '.config');
}

/** The per-user settings directory of an Electron-style app: `~/Library/Application Support/X`, `%APPDATA%\X`, `$XDG_CONFIG_HOME/X`. */
function appSupport(ctx: PathContext, name: string): string {
  const os = osOf(ctx);
  if (os === 'darwin') return join(ctx, ctx.home, 'Library', 'Application Support', name);
  if (os === 'win32') return join(ctx, appData(ctx), name);
  return join(ctx, xdgConfig(ctx), name);
}

function macApp(ctx: PathContext, bundle: string): string[] {
  return osOf(ctx) === 'darwin' ? [join(ctx, '/Applications', bundle), join(ctx, ctx.home, 'Applications', bundle)] : [];
}

function withProject(ctx: PathContext, user: string, ...projectParts: string[]): ClientPaths {
  return ctx.projectDir === undefined ? { user } : { user, project: join(ctx, ctx.projectDir, ...projectParts) };
}

function codexHome(ctx: PathContext): string {
  return ctx.codexHome ?? join(ctx, ctx.home, '.codex');
}

function zedConfigDir(ctx: PathContext): string {
  const os = osOf(ctx);
  if (os === 'win32') return join(ctx, appData(ctx), 'Zed');
  if (os === 'darwin') return join(ctx, ctx.home, '.config', 'zed');
  return join(ctx, xdgConfig(ctx), 'zed');
}

const cursor: ClientSpec = {
  id: 'cursor',
  displayName: 'Cursor',
  format: 'json',
  serversKey: 'mcpServers',
  transport: 'http',
  scopes: ['user', 'project'],
  entryShape: 'mcpServers.NAME = { url, headers: { Authorization: "Bearer …" } }',
  paths: (ctx) => withProject(ctx, join(ctx, ctx.home, '.cursor', 'mcp.json'), '.cursor', 'mcp.json'),
  detect: (ctx) => [
    join(ctx, ctx.home, '.cursor'),
    appSupport(ctx, 'Cursor'),
    ...macApp(ctx, 'Cursor.app'),
    ...(osOf(ctx) === 'win32' ? [join(ctx, localAppData(ctx), 'Programs', 'cursor')] : []),
  ],
  build: urlEntry,
};

const claudeDesktop: ClientSpec = {
  id: 'claude-desktop',
  displayName: 'Claude Desktop',
  format: 'json',
  serversKey: 'mcpServers',
  transport: 'stdio',
  scopes: ['user'],
  entryShape: 'mcpServers.NAME = { command: <node>, args: [<patchbay bin>, "stdio", "--target", TARGET], env: { PATCHBAY_TOKEN } } (stdio only)',
  paths: (ctx) => ({ user: join(ctx, appSupport(ctx, 'Claude'), 'claude_desktop_config.json') }),
  detect: (ctx) => [
    appSupport(ctx, 'Claude'),
    ...macApp(ctx, 'Claude.app'),
    ...(osOf(ctx) === 'win32' ? [join(ctx, localAppData(ctx), 'AnthropicClaude')] : []),
  ],
  build: stdioBridgeEntry,
};

const vscode: ClientSpec = {
  id: 'vscode',
  displayName: 'VS Code',
  format: 'jsonc',
  serversKey: 'servers',
  transport: 'http',
  scopes: ['user', 'project'],
  entryShape: 'servers.NAME = { type: "http", url, headers: { Authorization: "Bearer …" } }',
  paths: (ctx) => withProject(ctx, join(ctx, appSupport(ctx, 'Code'), 'User', 'mcp.json'), '.vscode', 'mcp.json'),
  detect: (ctx) => [appSupport(ctx, 'Code'), join(ctx, ctx.home, '.vscode'), ...macApp(ctx, 'Visual Studio Code.app')],
  build: typedHttpEntry,
};

const claudeCode: ClientSpec = {
  id: 'claude-code',
  displayName: 'Claude Code',
  format: 'json',
  serversKey: 'mcpServers',
  transport: 'http',
  scopes: ['user', 'project'],
  entryShape: 'mcpServers.NAME = { type: "http", url, headers: { Authorization: "Bearer …" } }',
  paths: (ctx) => withProject(ctx, join(ctx, ctx.home, '.claude.json'), '.mcp.json'),
  detect: (ctx) => [join(ctx, ctx.home, '.claude.json'), join(ctx, ctx.home, '.claude')],
  build: typedHttpEntry,
};

const windsurf: ClientSpec = {
  id: 'windsurf',
  displayName: 'Windsurf',
  format: 'json',
  serversKey: 'mcpServers',
  transport: 'http',
  scopes: ['user'],
  entryShape: 'mcpServers.NAME = { serverUrl, headers: { Authorization: "Bearer …" } }',
  paths: (ctx) => ({ user: join(ctx, ctx.home, '.codeium', 'windsurf', 'mcp_config.json') }),
  detect: (ctx) => [join(ctx, ctx.home, '.codeium', 'windsurf'), appSupport(ctx, 'Windsurf'), ...macApp(ctx, 'Windsurf.app')],
  build: windsurfEntry,
};

const codex: ClientSpec = {
  id: 'codex',
  displayName: 'Codex',
  format: 'toml',
  serversKey: 'mcp_servers',
  transport: 'http',
  scopes: ['user', 'project'],
  entryShape: '[mcp_servers.NAME] url = …, bearer_token_env_var = "PATCHBAY_TOKEN" (the token comes from the environment)',
  paths: (ctx) => withProject(ctx, join(ctx, codexHome(ctx), 'config.toml'), '.codex', 'config.toml'),
  detect: (ctx) => [codexHome(ctx)],
  build: codexEntry,
};

const gemini: ClientSpec = {
  id: 'gemini',
  displayName: 'Gemini CLI',
  format: 'jsonc',
  serversKey: 'mcpServers',
  transport: 'http',
  scopes: ['user', 'project'],
  entryShape: 'mcpServers.NAME = { httpUrl, headers: { Authorization: "Bearer …" } }',
  paths: (ctx) => withProject(ctx, join(ctx, ctx.home, '.gemini', 'settings.json'), '.gemini', 'settings.json'),
  detect: (ctx) => [join(ctx, ctx.home, '.gemini')],
  build: geminiEntry,
};

const zed: ClientSpec = {
  id: 'zed',
  displayName: 'Zed',
  format: 'jsonc',
  serversKey: 'context_servers',
  transport: 'http',
  scopes: ['user', 'project'],
  entryShape: 'context_servers.NAME = { url, headers: { Authorization: "Bearer …" } }',
  paths: (ctx) => withProject(ctx, join(ctx, zedConfigDir(ctx), 'settings.json'), '.zed', 'settings.json'),
  detect: (ctx) => [zedConfigDir(ctx), ...macApp(ctx, 'Zed.app')],
  build: urlEntry,
};

/** Every client, in the order the UI lists them. */
export const CLIENTS: readonly ClientSpec[] = [cursor, claudeDesktop, vscode, claudeCode, windsurf, codex, gemini, zed];

const BY_ID = new Map<ClientId, ClientSpec>(CLIENTS.map((client) => [client.id, client]));

export function isClientId(value: string): value is ClientId {
  return (CLIENT_IDS as readonly string[]).includes(value);
}

/** The client with this id; `BAD_REQUEST` naming the known ids otherwise. */
export function getClient(id: string): ClientSpec {
  const client = isClientId(id) ? BY_ID.get(id) : undefined;
  if (!client) {
    throw new HubError('BAD_REQUEST', `Unknown client ${JSON.stringify(id.slice(0, 40))}. Use one of: ${CLIENT_IDS.join(', ')}.`);
  }
  return client;
}

export function resolveClient(client: ClientId | ClientSpec): ClientSpec {
  return typeof client === 'string' ? getClient(client) : client;
}

/** The config file of a client in one scope; `BAD_REQUEST` when the client has no such scope or no project was given. */
export function clientConfigPath(client: ClientId | ClientSpec, scope: ClientScope, ctx: PathContext): string {
  const spec = resolveClient(client);
  if (!spec.scopes.includes(scope)) {
    throw new HubError('BAD_REQUEST', `${spec.displayName} has no ${scope}-scoped MCP config. Use scope ${spec.scopes.map((s) => `'${s}'`).join(' or ')}.`);
  }
  const paths = spec.paths(ctx);
  if (scope === 'user') return paths.user;
  if (paths.project === undefined) {
    throw new HubError('BAD_REQUEST', `A project-scoped ${spec.displayName} config needs a project directory. Pass the project directory (e.g. --project .).`);
  }
  return paths.project;
}

/** Paths to check for "is this client installed": any that exists means yes. */
export function clientDetectPaths(client: ClientId | ClientSpec, ctx: PathContext): string[] {
  return resolveClient(client).detect(ctx);
}

/** A PathContext from an environment (pure: pass `process.env`, `process.platform`, `os.homedir()`). */
export function pathContextFromEnv(env: Record<string, string | undefined>, platform: NodeJS.Platform, home: string, projectDir?: string): PathContext {
  const ctx: PathContext = { platform, home };
  if (env.APPDATA) ctx.appData = env.APPDATA;
  if (env.LOCALAPPDATA) ctx.localAppData = env.LOCALAPPDATA;
  if (env.XDG_CONFIG_HOME) ctx.xdgConfigHome = env.XDG_CONFIG_HOME;
  if (env.CODEX_HOME) ctx.codexHome = env.CODEX_HOME;
  if (projectDir !== undefined) ctx.projectDir = projectDir;
  return ctx;
}
