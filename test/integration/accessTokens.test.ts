import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson, FIXTURES, serve, tempHome, waitFor } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// Hub tokens end to end: expiry and revocation take effect on the very next request, also inside an
// open 2025-era session; restricted tokens see only their servers; a role taken away ends the
// sessions that used it; the token list never shows a secret again.

const ECHO = join(FIXTURES, 'servers', 'echo.mjs');
let home: TempHome;
let hub: ServeHandle;

async function connect(token: string, era: 'legacy' | 'auto', path = '/mcp'): Promise<Client> {
  const client = new Client({ name: `tokens-${era}`, version: '1.0.0' }, { versionNegotiation: { mode: era } });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${hub.url}${path}`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

function ok(result: { status: number; stderr: string }): void {
  expect(result.status, result.stderr).toBe(0);
}

beforeAll(async () => {
  home = tempHome();
  ok(cli(home, ['server', 'add', 'alpha', '--', process.execPath, ECHO]));
  ok(cli(home, ['server', 'add', 'beta', '--', process.execPath, ECHO]));
  ok(cli(home, ['access', 'user', 'add', 'alice']));
  ok(cli(home, ['access', 'grant', 'alpha', '--user', 'alice', '--role', 'user']));
  hub = await serve(home);
  const owner = cliJson<{ token: string }>(home, ['token', 'create', 'warmup']).token;
  const client = await connect(owner, 'auto');
  try {
    await waitFor(async () => (await client.listTools()).tools.filter((tool) => tool.name.endsWith('__echo')).length === 2, 20_000, 'both servers');
  } finally {
    await client.close();
  }
});

afterAll(async () => {
  await hub?.stop();
  home?.cleanup();
});

describe('hub tokens', () => {
  for (const era of ['legacy', 'auto'] as const) {
    it(`revocation takes effect on the next request of an open ${era === 'legacy' ? '2025-era session' : '2026-07-28 client'}`, async () => {
      const created = cliJson<{ token: string; id: string }>(home, ['token', 'create', `revoke-${era}`, '--user', 'alice']);
      const client = await connect(created.token, era);
      try {
        expect(JSON.stringify((await client.callTool({ name: 'alpha__echo', arguments: { text: 'before' } })).content)).toContain('echo: before');
        ok(cli(home, ['token', 'revoke', created.id]));
        await expect(client.callTool({ name: 'alpha__echo', arguments: { text: 'after' } })).rejects.toThrow(/401|invalid|revoked|Unauthorized/i);
      } finally {
        await client.close().catch(() => undefined);
      }
      // One audit row: the call before revocation; the refused one never reached a server.
      const rows = (): Array<{ tokenName?: string }> => cliJson<Array<{ tokenName?: string }>>(home, ['logs', '--user', 'alice', '--limit', '1000']).filter((row) => row.tokenName === `revoke-${era}`);
      await waitFor(() => rows().length > 0, 10_000, 'the audit row');
      expect(rows()).toHaveLength(1);
    });
  }

  it('expiry takes effect on the next request of an open session', async () => {
    const expiresAt = new Date(Date.now() + 3_000).toISOString();
    const created = cliJson<{ token: string }>(home, ['token', 'create', 'short-lived', '--user', 'alice', '--expires-at', expiresAt]);
    const client = await connect(created.token, 'legacy');
    try {
      expect(JSON.stringify((await client.callTool({ name: 'alpha__echo', arguments: { text: 'fresh' } })).content)).toContain('echo: fresh');
      // Wait on state: the hub starts refusing the token once it expired.
      await waitFor(async () => (await fetch(`${hub.url}/api/access/me`, { headers: { Authorization: `Bearer ${created.token}` } })).status === 401, 15_000, 'the token to expire');
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt));
      await expect(client.callTool({ name: 'alpha__echo', arguments: { text: 'stale' } })).rejects.toThrow(/401|invalid|expired|Unauthorized/i);
    } finally {
      await client.close().catch(() => undefined);
    }
  });

  it('restricts a token to some servers: /mcp shows only them and /mcp/OTHER is 404', async () => {
    const restricted = cliJson<{ token: string; servers: string[] }>(home, ['token', 'create', 'only-beta', '--server', 'beta']);
    expect(restricted.servers).toEqual(['beta']);
    const client = await connect(restricted.token, 'auto');
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('beta__echo');
      expect(names.some((name) => name.startsWith('alpha__'))).toBe(false);
    } finally {
      await client.close();
    }
    const other = await fetch(`${hub.url}/mcp/alpha`, { method: 'POST', headers: { Authorization: `Bearer ${restricted.token}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(other.status).toBe(404);
    const api = await fetch(`${hub.url}/api/servers`, { headers: { Authorization: `Bearer ${restricted.token}` } });
    expect(((await api.json()) as Array<{ name: string }>).map((server) => server.name)).toEqual(['beta']);
    // A user cannot restrict a token to a server they have no role on: it does not exist for them.
    const refused = cli(home, ['token', 'create', 'sneaky', '--user', 'alice', '--server', 'beta', '--json']);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('NOT_FOUND');
  });

  it('ends a 2025-era session whose user lost a role it used, and a new one shows the change', async () => {
    ok(cli(home, ['access', 'grant', 'beta', '--user', 'alice', '--role', 'user']));
    const token = cliJson<{ token: string }>(home, ['token', 'create', 'alice-session', '--user', 'alice']).token;
    const client = await connect(token, 'legacy');
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['alpha__echo', 'beta__echo']));
      ok(cli(home, ['access', 'revoke', 'beta', '--user', 'alice']));
      await expect(client.callTool({ name: 'beta__echo', arguments: { text: 'x' } })).rejects.toThrow(/404|Session not found|not found/i);
    } finally {
      await client.close().catch(() => undefined);
    }
    const fresh = await connect(token, 'legacy');
    try {
      const names = (await fresh.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('alpha__echo');
      expect(names).not.toContain('beta__echo');
    } finally {
      await fresh.close();
    }
  });

  it('lists tokens with user, restriction and last use, never the secret', async () => {
    const created = cliJson<{ token: string; id: string }>(home, ['token', 'create', 'listed', '--user', 'alice']);
    const me = await fetch(`${hub.url}/api/access/me`, { headers: { Authorization: `Bearer ${created.token}` } });
    expect(((await me.json()) as { name: string }).name).toBe('alice');
    const listed = cli(home, ['token', 'list', '--json']);
    ok(listed);
    expect(listed.stdout).not.toContain(created.token.slice('pb_'.length + 9)); // the whole secret (base64url may contain '_')
    const row = (JSON.parse(listed.stdout) as Array<{ id: string; user: string; lastUsedAt?: string }>).find((token) => token.id === created.id);
    expect(row?.user).toBe('alice');
    expect(row?.lastUsedAt).toBeDefined();
    // Alice's own view through the API: her tokens only.
    const mine = (await (await fetch(`${hub.url}/api/tokens`, { headers: { Authorization: `Bearer ${created.token}` } })).json()) as Array<{ user: string }>;
    expect(new Set(mine.map((token) => token.user))).toEqual(new Set(['alice']));
  });

  it('removing a user stops their tokens on the next request', async () => {
    ok(cli(home, ['access', 'user', 'add', 'temp']));
    const token = cliJson<{ token: string }>(home, ['token', 'create', 'temp-ide', '--user', 'temp']).token;
    expect((await fetch(`${hub.url}/api/access/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    ok(cli(home, ['access', 'user', 'remove', 'temp']));
    expect((await fetch(`${hub.url}/api/access/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});
