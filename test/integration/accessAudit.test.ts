import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, ServerStats } from '../../shared/api';
import { cli, cliJson, FIXTURES, serve, tempHome, waitFor } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// The audit log end to end: exactly one row per call under concurrent load from many clients,
// arguments recorded only on opt-in and with secrets redacted, no secret value anywhere in the
// database, filters and JSON-lines export in `patchbay logs` and the admin API, per-server stats.

const ECHO = join(FIXTURES, 'servers', 'echo.mjs');
const SECRET = 'sk-audit-secret-0123456789abcdef';
let home: TempHome;
let hub: ServeHandle;
let owner: string;

async function connect(token: string, name: string, era: 'legacy' | 'auto'): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' }, { versionNegotiation: { mode: era } });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${hub.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

async function api<T>(path: string, token = owner): Promise<T> {
  const response = await fetch(`${hub.url}/api${path}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}

function ok(result: { status: number; stderr: string }): void {
  expect(result.status, result.stderr).toBe(0);
}

beforeAll(async () => {
  home = tempHome();
  ok(cli(home, ['server', 'add', 'echo', '--secret-env', `API_KEY=${SECRET}`, '--', process.execPath, ECHO]));
  ok(cli(home, ['server', 'add', 'other', '--', process.execPath, ECHO]));
  ok(cli(home, ['access', 'user', 'add', 'uma']));
  ok(cli(home, ['access', 'grant', 'other', '--user', 'uma', '--role', 'user']));
  owner = cliJson<{ token: string }>(home, ['token', 'create', 'owner-audit']).token;
  hub = await serve(home);
  const client = await connect(owner, 'warmup', 'auto');
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

describe('audit log', () => {
  it('holds exactly one row per call: 1,000 calls from 20 concurrent clients of both eras', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, (_, i) => connect(owner, `load-${i}`, i % 2 === 0 ? 'legacy' : 'auto')));
    try {
      await Promise.all(
        clients.map(async (client, i) => {
          for (let n = 0; n < 50; n++) {
            const result = await client.callTool({ name: 'echo__echo', arguments: { text: `c${i} n${n}` } });
            expect(JSON.stringify(result.content)).toContain(`echo: c${i} n${n}`);
          }
        }),
      );
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
    const count = async (): Promise<number> => (await api<AuditEntry[]>('/audit?server=echo&tool=echo&limit=5000')).filter((row) => row.client?.startsWith('load-')).length;
    await waitFor(async () => (await count()) >= 1000, 15_000, '1,000 rows');
    const rows = (await api<AuditEntry[]>('/audit?server=echo&tool=echo&limit=5000')).filter((row) => row.client?.startsWith('load-'));
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((row) => row.client)).size).toBe(20);
    for (const row of rows) {
      expect(row).toMatchObject({ user: 'owner', tokenName: 'owner-audit', face: 'mcp', server: 'echo', tool: 'echo', outcome: 'ok' });
      expect(row.argsBytes).toBeGreaterThan(0);
      expect(row.resultBytes).toBeGreaterThan(0);
      expect(row.arguments).toBeUndefined();
    }
    const stats = await api<ServerStats>('/servers/echo/stats');
    expect(stats.calls).toBeGreaterThanOrEqual(1000);
    expect(stats.errorRate).toBe(0);
    expect(stats.p50DurationMs).toBeGreaterThan(0);
  });

  it('records arguments only after opting in, with the secret redacted, and no secret value ever reaches the database', async () => {
    ok(cli(home, ['access', 'audit', '--record-arguments', 'on']));
    const client = await connect(owner, 'secret-probe', 'auto');
    try {
      // The secret travels in an argument (echoed back) and in a result (the env tool reads it).
      // The hub re-reads the setting within a second: call until a row carries arguments.
      await waitFor(async () => {
        expect(JSON.stringify((await client.callTool({ name: 'echo__echo', arguments: { text: `key=${SECRET}`, password: 'hunter2-pw' } })).content)).toContain('echo: key=');
        return (await api<AuditEntry[]>('/audit?server=echo&tool=echo&limit=20')).some((row) => row.client === 'secret-probe' && row.arguments !== undefined);
      }, 10_000, 'argument recording to apply');
      const env = await client.callTool({ name: 'echo__env', arguments: { name: 'API_KEY' } });
      expect(JSON.stringify(env.content)).toContain(SECRET);
      await expect(client.callTool({ name: 'echo__nope', arguments: { token: SECRET } })).rejects.toThrow();
    } finally {
      await client.close();
    }
    const rows = await waitFor(async () => {
      const found = (await api<AuditEntry[]>('/audit?server=echo&limit=5000')).filter((row) => row.client === 'secret-probe');
      return found.some((row) => row.tool === 'env') ? found : undefined;
    }, 10_000, 'the probe rows');
    const recorded = rows.find((row) => row.tool === 'echo' && row.arguments !== undefined);
    expect(recorded?.arguments).toEqual({ text: 'key=[redacted]', password: '[redacted]' });
    ok(cli(home, ['access', 'audit', '--record-arguments', 'off']));
    const exported = join(home.home, 'audit-export.jsonl');
    ok(cli(home, ['logs', '--export', exported]));
    const lines = readFileSync(exported, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(rows.length);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('tool');
    // Every byte the hub wrote: the database, its WAL, the export, the API's JSON-lines answer.
    const jsonl = await (await fetch(`${hub.url}/api/audit?format=jsonl`, { headers: { Authorization: `Bearer ${owner}` } })).text();
    expect(jsonl.trim().split('\n').length).toBe(lines.length);
    for (const text of [jsonl, ...readdirSync(home.home).filter((file) => file.startsWith('patchbay.db') || file.endsWith('.jsonl')).map((file) => readFileSync(join(home.home, file)).toString('latin1'))]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('hunter2-pw');
      expect(text).not.toContain(owner.slice('pb_'.length + 9)); // the whole secret (base64url may contain '_')
    }
  });

  it('records CLI calls and shows each reader only what they may see', async () => {
    const uma = cliJson<{ token: string }>(home, ['token', 'create', 'uma-cli', '--user', 'uma']).token;
    const asUma = cli({ ...home, env: { ...home.env, PATCHBAY_TOKEN: uma } }, ['call', 'other/echo', '--args', '{"text":"from uma"}', '--json']);
    ok(asUma);
    ok(cli(home, ['call', 'other/echo', '--args', '{"text":"from owner"}']));
    await waitFor(async () => (await api<AuditEntry[]>('/audit?server=other&limit=100')).length >= 2, 10_000, 'the CLI rows');
    const all = await api<AuditEntry[]>('/audit?server=other&limit=100');
    expect(all.map((row) => `${row.user}/${row.face}/${row.tokenName ?? '-'}`).sort()).toEqual(['owner/cli/patchbay-cli', 'uma/cli/uma-cli']);
    // Uma (a user of "other", not a manager) sees her own rows only; the owner's rows of "echo" stay hidden.
    const hers = await api<AuditEntry[]>('/audit?limit=5000', uma);
    expect(hers.map((row) => row.user)).toEqual(['uma']);
    expect((await fetch(`${hub.url}/api/servers/echo/stats`, { headers: { Authorization: `Bearer ${uma}` } })).status).toBe(404);
    const stats = await api<ServerStats>('/servers/other/stats', uma);
    expect(stats.calls).toBe(2);
    // `patchbay logs` as uma: the same rule.
    const cliRows = JSON.parse(cli({ ...home, env: { ...home.env, PATCHBAY_TOKEN: uma } }, ['logs', '--json']).stdout) as AuditEntry[];
    expect(cliRows.map((row) => row.user)).toEqual(['uma']);
    const since = cliJson<AuditEntry[]>(home, ['logs', '--server', 'other', '--user', 'owner', '--since', '10m']);
    expect(since).toHaveLength(1);
    expect(since[0]?.face).toBe('cli');
  });
});
