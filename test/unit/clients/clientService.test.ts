import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_SUFFIX } from '../../../hub/clients';
import { HubError } from '../../../hub/core/errors';
import { harness } from './serviceHarness';
import type { Harness } from './serviceHarness';

let h: Harness;

beforeEach(() => {
  h = harness();
});
afterEach(async () => {
  await h.cleanup();
});

const cursorFile = () => join(h.home, '.cursor', 'mcp.json');
const vscodeFile = () => join(h.home, '.config', 'Code', 'User', 'mcp.json');
const claudeFile = () => join(h.home, '.config', 'Claude', 'claude_desktop_config.json');

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function jsonOf(path: string): Record<string, Record<string, Record<string, unknown>>> {
  return parseJsonc(readFileSync(path, 'utf8')) as Record<string, Record<string, Record<string, unknown>>>;
}

function bearer(entry: Record<string, unknown> | undefined): string {
  const auth = (entry?.headers as Record<string, string> | undefined)?.Authorization ?? '';
  return auth.replace(/^Bearer /, '');
}

describe('connect', () => {
  it('writes a Cursor entry with the endpoint and a token made for it, and changes nothing the second time', async () => {
    const first = await h.service.connect('cursor');
    expect(first).toMatchObject({ changed: true, entryName: 'patchbay', url: 'http://127.0.0.1:4242/mcp', path: cursorFile(), token: { name: 'cursor', reused: false } });
    const entry = jsonOf(cursorFile()).mcpServers?.patchbay;
    expect(entry?.url).toBe('http://127.0.0.1:4242/mcp');
    expect(h.store.tokens.verify(bearer(entry))?.name).toBe('cursor');
    expect(first.installLink).toMatch(/^cursor:\/\/anysphere\.cursor-deeplink\/mcp\/install\?name=patchbay&config=/);
    expect((statSync(cursorFile()).mode & 0o777).toString(8)).toBe('600');

    const before = readFileSync(cursorFile(), 'utf8');
    const second = await h.service.connect('cursor');
    expect(second).toMatchObject({ changed: false, token: { reused: true, id: first.token.id } });
    expect(readFileSync(cursorFile(), 'utf8')).toBe(before);
    expect(existsSync(cursorFile() + BACKUP_SUFFIX)).toBe(false);
    expect(h.store.tokens.list()).toHaveLength(1);
  });

  it('keeps a still-valid token when the hub moved to another port, and backs up the old file', async () => {
    const first = await h.service.connect('cursor');
    const old = readFileSync(cursorFile(), 'utf8');
    const moved = await h.with({ hubUrl: 'http://127.0.0.1:5151' }).connect('cursor');
    expect(moved).toMatchObject({ changed: true, token: { reused: true, id: first.token.id }, backupPath: cursorFile() + BACKUP_SUFFIX });
    expect(jsonOf(cursorFile()).mcpServers?.patchbay?.url).toBe('http://127.0.0.1:5151/mcp');
    expect(readFileSync(cursorFile() + BACKUP_SUFFIX, 'utf8')).toBe(old);
  });

  it('replaces a revoked token, and with newToken revokes the one the entry held', async () => {
    const first = await h.service.connect('cursor');
    h.store.tokens.revoke(first.token.id!);
    const second = await h.service.connect('cursor');
    expect(second).toMatchObject({ changed: true, token: { reused: false } });
    expect(second.token.id).not.toBe(first.token.id);
    expect(h.store.tokens.verify(bearer(jsonOf(cursorFile()).mcpServers?.patchbay))?.id).toBe(second.token.id);

    const third = await h.service.connect('cursor', { newToken: true });
    expect(third.revokedTokenIds).toEqual([second.token.id]);
    expect(h.store.tokens.list().find((t) => t.id === second.token.id)?.revokedAt).toBeDefined();
    expect(h.store.tokens.verify(bearer(jsonOf(cursorFile()).mcpServers?.patchbay))?.id).toBe(third.token.id);
  });

  it('names the target entry patchbay-TARGET and its token CLIENT-TARGET', async () => {
    const result = await h.service.connect('vscode', { target: 'github' });
    expect(result).toMatchObject({ entryName: 'patchbay-github', url: 'http://127.0.0.1:4242/mcp/github', token: { name: 'vscode-github' } });
    expect(jsonOf(vscodeFile()).servers?.['patchbay-github']).toMatchObject({ type: 'http', url: 'http://127.0.0.1:4242/mcp/github' });
  });

  it('adds to a VS Code file with other servers and comments, leaving them as they were', async () => {
    const original = '{\n  // my servers\n  "servers": {\n    "mine": { "command": "mine-server" }, // keep me\n  },\n  "inputs": []\n}\n';
    write(vscodeFile(), original);
    await h.service.connect('vscode');
    const text = readFileSync(vscodeFile(), 'utf8');
    expect(text).toContain('// my servers');
    expect(text).toContain('"mine": { "command": "mine-server" }, // keep me');
    expect(jsonOf(vscodeFile()).servers?.patchbay).toMatchObject({ type: 'http', url: 'http://127.0.0.1:4242/mcp' });
    expect(readFileSync(vscodeFile() + BACKUP_SUFFIX, 'utf8')).toBe(original);
  });

  it('reports an unparseable file and leaves it untouched, creating no token', async () => {
    write(cursorFile(), '{ "mcpServers": { "x": { "url": "http://a" }, }');
    const error = await h.service.connect('cursor').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe('BAD_REQUEST');
    expect((error as HubError).message).toMatch(/line 1, column \d+.*left it untouched/);
    expect(readFileSync(cursorFile(), 'utf8')).toBe('{ "mcpServers": { "x": { "url": "http://a" }, }');
    expect(h.store.tokens.list()).toEqual([]);
  });

  it('dry run: shows the diff with a placeholder, writes nothing and creates no token', async () => {
    const result = await h.service.connect('cursor', { dryRun: true });
    expect(result).toMatchObject({ dryRun: true, changed: true, token: { reused: false, name: 'cursor' } });
    expect(result.diff).toContain('+++ ' + cursorFile());
    expect(result.diff).toContain('"Authorization": "Bearer <new-token>"');
    expect(existsSync(cursorFile())).toBe(false);
    expect(h.store.tokens.list()).toEqual([]);

    const real = await h.service.connect('cursor');
    const moved = await h.with({ hubUrl: 'http://127.0.0.1:5151' }).connect('cursor', { dryRun: true });
    expect(moved.diff).toContain('-      "url": "http://127.0.0.1:4242/mcp"');
    expect(moved.diff).toContain('+      "url": "http://127.0.0.1:5151/mcp"');
    expect(moved.diff).not.toContain(bearer(jsonOf(cursorFile()).mcpServers?.patchbay));
    expect(real.token.id).toBe(moved.token.id);
  });

  it('writes Claude Desktop a stdio entry with absolute paths, the token in env and PATCHBAY_HOME', async () => {
    await h.service.connect('claude-desktop', { target: 'everything' });
    const entry = jsonOf(claudeFile()).mcpServers?.['patchbay-everything'];
    expect(entry?.command).toBe(process.execPath);
    expect(entry?.args).toEqual([h.service.deps.launcher.binScript, 'stdio', '--target', 'everything']);
    const env = entry?.env as Record<string, string>;
    expect(h.store.tokens.verify(env.PATCHBAY_TOKEN ?? '')?.name).toBe('claude-desktop-everything');
    expect(env.PATCHBAY_HOME).toBe(h.dataHome);
    expect(entry).not.toHaveProperty('url');
  });

  it('leaves PATCHBAY_HOME out when the hub uses the default data directory, and passes a forced secret store on', async () => {
    const service = h.with({ dataHome: join(h.home, '.config', 'patchbay'), env: { HOME: h.home, PATCHBAY_SECRET_STORE: 'file' } });
    await service.connect('claude-desktop');
    const env = jsonOf(claudeFile()).mcpServers?.patchbay?.env as Record<string, string>;
    expect(env).not.toHaveProperty('PATCHBAY_HOME');
    expect(env.PATCHBAY_SECRET_STORE).toBe('file');
  });

  it('uses the project directory for scope project, and refuses a scope the client does not have', async () => {
    const project = join(h.dir, 'proj');
    const result = await h.service.connect('cursor', { scope: 'project', projectDir: project });
    expect(result.path).toBe(join(project, '.cursor', 'mcp.json'));
    expect(existsSync(result.path)).toBe(true);
    await expect(h.service.connect('windsurf', { scope: 'project', projectDir: project })).rejects.toThrow(/no project-scoped MCP config/);
  });

  it('Codex: the token is shown once and read from $PATCHBAY_TOKEN; a second connect keeps it', async () => {
    const first = await h.service.connect('codex');
    expect(first.newToken).toMatch(/^pb_[0-9a-f]{8}_/);
    expect(h.store.tokens.verify(first.newToken!)?.name).toBe('codex');
    const text = readFileSync(join(h.home, '.codex', 'config.toml'), 'utf8');
    expect(text).toContain('bearer_token_env_var = "PATCHBAY_TOKEN"');
    expect(text).not.toContain('pb_');
    const second = await h.service.connect('codex');
    expect(second).toMatchObject({ changed: false, token: { reused: true, id: first.token.id } });
    expect(second.newToken).toBeUndefined();
    const gone = await h.service.disconnect('codex');
    expect(gone.revokedTokenIds).toEqual([first.token.id]);
  });
});

describe('disconnect', () => {
  it('removes exactly our entry, revokes its token, and is a no-op the second time', async () => {
    write(cursorFile(), '{\n  "mcpServers": {\n    "other": { "url": "https://example.com/mcp" }\n  }\n}\n');
    const connected = await h.service.connect('cursor');
    await h.service.connect('cursor', { target: 'github' });
    const removed = await h.service.disconnect('cursor');
    expect(removed).toMatchObject({ changed: true, revokedTokenIds: [connected.token.id] });
    const servers = jsonOf(cursorFile()).mcpServers ?? {};
    expect(Object.keys(servers).sort()).toEqual(['other', 'patchbay-github']);
    expect(h.store.tokens.list().find((t) => t.id === connected.token.id)?.revokedAt).toBeDefined();
    expect(h.store.tokens.list().filter((t) => !t.revokedAt).map((t) => t.name)).toEqual(['cursor-github']);
    const again = await h.service.disconnect('cursor');
    expect(again).toMatchObject({ changed: false, revokedTokenIds: [] });
  });

  it('dry run leaves the file and the token alone', async () => {
    const connected = await h.service.connect('zed');
    const path = connected.path;
    const before = readFileSync(path, 'utf8');
    const result = await h.service.disconnect('zed', { dryRun: true });
    expect(result.diff).toContain('-    "patchbay"');
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(h.store.tokens.list()[0]?.revokedAt).toBeUndefined();
  });
});

describe('snippets', () => {
  it('gives every client a file with a <token> placeholder and Cursor an install link', () => {
    const snippets = h.service.snippets({ target: 'github' });
    expect(snippets.map((s) => s.client)).toEqual(['cursor', 'claude-desktop', 'vscode', 'claude-code', 'windsurf', 'codex', 'gemini', 'zed']);
    for (const snippet of snippets) {
      expect(snippet.snippet).toContain('patchbay-github');
      if (snippet.client !== 'codex') expect(snippet.snippet).toContain('<token>');
    }
    const cursor = snippets.find((s) => s.client === 'cursor');
    const config = new URL(cursor?.installLink ?? '').searchParams.get('config') ?? '';
    expect(JSON.parse(Buffer.from(config, 'base64').toString('utf8'))).toEqual({ url: 'http://127.0.0.1:4242/mcp/github', headers: { Authorization: 'Bearer <token>' } });
    expect(h.store.tokens.list()).toEqual([]);
  });
});
