import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/api';
import { CLI, cli, cliJson, FIXTURES, tempHome, waitFor } from '../helpers/hubProcess';
import type { TempHome } from '../helpers/hubProcess';

// The stdio face (what Claude Desktop runs) without a running hub: with PATCHBAY_TOKEN it serves
// what that token's user may use, and every call is in the audit log as face "stdio".

const ECHO = join(FIXTURES, 'servers', 'echo.mjs');
let home: TempHome;

beforeAll(() => {
  home = tempHome();
  for (const name of ['mine', 'theirs']) expect(cli(home, ['server', 'add', name, '--', process.execPath, ECHO]).status).toBe(0);
  expect(cli(home, ['access', 'user', 'add', 'sam']).status).toBe(0);
  expect(cli(home, ['access', 'grant', 'mine', '--user', 'sam', '--role', 'user']).status).toBe(0);
});
afterAll(() => home?.cleanup());

async function stdioClient(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Client> {
  const client = new Client({ name: 'stdio-probe', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'stdio', ...args], env: env as Record<string, string>, stderr: 'ignore' }));
  return client;
}

describe('patchbay stdio (in process)', () => {
  it("serves a token's user only their servers, and records their calls as face stdio", async () => {
    const token = cliJson<{ token: string }>(home, ['token', 'create', 'sam-desktop', '--user', 'sam']).token;
    const client = await stdioClient({ ...home.env, PATCHBAY_TOKEN: token });
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('mine__echo');
      expect(names.some((name) => name.startsWith('theirs__'))).toBe(false);
      const result = await client.callTool({ name: 'mine__echo', arguments: { text: 'over stdio' } });
      expect(JSON.stringify(result.content)).toContain('echo: over stdio');
    } finally {
      await client.close();
    }
    // The stdio process flushed its audit rows when it shut down.
    const rows = await waitFor(() => cliJson<AuditEntry[]>(home, ['logs', '--user', 'sam']).filter((row) => row.face === 'stdio'), 10_000, 'the stdio row');
    expect(rows).toEqual([expect.objectContaining({ user: 'sam', tokenName: 'sam-desktop', client: 'stdio-probe', server: 'mine', tool: 'echo', outcome: 'ok' })]);
  });

  it('answers a target the token may not use as if it did not exist', async () => {
    const token = cliJson<{ token: string }>(home, ['token', 'create', 'sam-target', '--user', 'sam']).token;
    const refused = cli({ ...home, env: { ...home.env, PATCHBAY_TOKEN: token } }, ['stdio', '--target', 'theirs']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('No enabled server or bundle named "theirs"');
  });
});
