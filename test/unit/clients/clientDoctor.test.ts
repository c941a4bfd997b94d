import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientStatusView } from '../../../shared/api';
import { harness } from './serviceHarness';
import type { Harness } from './serviceHarness';

let h: Harness;

beforeEach(() => {
  h = harness();
});
afterEach(async () => {
  await h.cleanup();
});

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function of(statuses: ClientStatusView[], client: string): ClientStatusView {
  const status = statuses.find((s) => s.client === client);
  if (!status) throw new Error(`no status for ${client}`);
  return status;
}

describe('doctor', () => {
  it('reports nothing installed and nothing connected in an empty HOME', async () => {
    const statuses = await h.service.doctor();
    expect(statuses).toHaveLength(8);
    for (const status of statuses) expect(status).toMatchObject({ installed: false, connected: false, problems: [] });
  });

  it('sees a connected client with a valid token, and an installed one with no entry', async () => {
    await h.service.connect('cursor');
    mkdirSync(join(h.home, '.gemini'), { recursive: true });
    const statuses = await h.service.doctor();
    const cursor = of(statuses, 'cursor');
    expect(cursor).toMatchObject({ installed: true, connected: true, problems: [] });
    expect(cursor.files[0]).toMatchObject({ scope: 'user', exists: true, serverCount: 1 });
    expect(cursor.files[0]?.hubEntries[0]).toMatchObject({ name: 'patchbay', kind: 'http', token: 'valid', tokenName: 'cursor', ok: true });
    expect(of(statuses, 'gemini')).toMatchObject({ installed: true, connected: false });
  });

  it('reports a revoked token', async () => {
    const connected = await h.service.connect('vscode');
    h.store.tokens.revoke(connected.token.id!);
    const vscode = of(await h.service.doctor(), 'vscode');
    expect(vscode.connected).toBe(false);
    expect(vscode.files[0]?.hubEntries[0]).toMatchObject({ token: 'revoked', tokenName: 'vscode', ok: false });
    expect(vscode.problems.map((p) => p.code)).toEqual(['token-revoked']);
    expect(vscode.problems[0]?.message).toContain('patchbay connect vscode');
  });

  it('reports a stale port, and an unknown token', async () => {
    await h.with({ hubUrl: 'http://127.0.0.1:4999' }).connect('windsurf');
    write(join(h.home, '.cursor', 'mcp.json'), JSON.stringify({ mcpServers: { patchbay: { url: 'http://localhost:4242/mcp', headers: { Authorization: 'Bearer pb_0badc0de_' + 'x'.repeat(43) } } } }));
    const statuses = await h.service.doctor();
    const windsurf = of(statuses, 'windsurf');
    expect(windsurf.problems.map((p) => p.code)).toEqual(['stale-url']);
    expect(windsurf.problems[0]?.message).toContain('http://127.0.0.1:4999');
    const cursor = of(statuses, 'cursor');
    expect(cursor.problems.map((p) => p.code)).toEqual(['token-unknown']);
  });

  it('reports a user entry shadowed by a project file', async () => {
    const project = join(h.dir, 'proj');
    await h.service.connect('cursor');
    write(join(project, '.cursor', 'mcp.json'), JSON.stringify({ mcpServers: { patchbay: { url: 'http://127.0.0.1:1/mcp' } } }));
    const cursor = of(await h.service.doctor({ projectDir: project }), 'cursor');
    expect(cursor.files.map((f) => f.scope)).toEqual(['user', 'project']);
    expect(cursor.files[0]?.hubEntries[0]?.problems.map((p) => p.code)).toEqual(['shadowed']);
    expect(cursor.files[1]?.hubEntries[0]?.problems.map((p) => p.code).sort()).toEqual(['stale-url', 'token-missing']);
    expect(cursor.connected).toBe(false);
  });

  it('reports an unparseable file without touching it', async () => {
    write(join(h.home, '.claude.json'), '{ "mcpServers": ');
    const claudeCode = of(await h.service.doctor(), 'claude-code');
    expect(claudeCode.files[0]).toMatchObject({ exists: true, serverCount: 0 });
    expect(claudeCode.files[0]?.error).toMatch(/not valid JSON/);
    expect(claudeCode.problems.map((p) => p.code)).toEqual(['unparseable']);
  });

  it('checks a Claude Desktop bridge entry: executables, data directory and token', async () => {
    await h.service.connect('claude-desktop');
    const ok = of(await h.service.doctor(), 'claude-desktop');
    expect(ok.files[0]?.hubEntries[0]).toMatchObject({ kind: 'stdio', token: 'valid', ok: true, url: 'http://127.0.0.1:4242/mcp' });

    const path = join(h.home, '.config', 'Claude', 'claude_desktop_config.json');
    write(path, JSON.stringify({ mcpServers: { patchbay: { command: '/nowhere/node', args: ['/nowhere/bin/patchbay.mjs', 'stdio'], env: { PATCHBAY_HOME: '/elsewhere', PATCHBAY_TOKEN: 'nope' } } } }));
    const broken = of(await h.service.doctor(), 'claude-desktop');
    expect(broken.problems.map((p) => p.code).sort()).toEqual(['missing-executable', 'missing-executable', 'other-data-dir', 'token-unknown']);
  });

  it('checks Codex through the token environment variable when it is set', async () => {
    const connected = await h.service.connect('codex');
    const unchecked = of(await h.service.doctor(), 'codex');
    expect(unchecked.files[0]?.hubEntries[0]).toMatchObject({ token: 'external', ok: true });
    h.store.tokens.revoke(connected.token.id!);
    const revoked = of(await h.with({ env: { HOME: h.home, PATCHBAY_TOKEN: connected.newToken } }).doctor(), 'codex');
    expect(revoked.problems.map((p) => p.code)).toEqual(['token-revoked']);
  });
});
