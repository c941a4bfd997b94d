import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../hub/core/logger';
import { systemClock } from '../../hub/core/clock';
import { openStore } from '../../hub/store/index';
import type { Store } from '../../hub/store/index';
import type { AccessAction } from '../../shared/api';
import { cli, FIXTURES, serve, tempHome, waitFor } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// The permission matrix: every role x action x face. Allowed cells succeed; a role that does not
// allow the action fails with 403 (FORBIDDEN) and no role at all with 404 (NOT_FOUND: names do not
// leak), and in both cases nothing changes. Faces: the MCP endpoint (list and call are the only
// actions it has), the admin API, and the CLI (the local owner, or PATCHBAY_TOKEN's user).

type RoleName = 'owner' | 'manager' | 'user' | 'none';
type Face = 'mcp' | 'api' | 'cli';
const ROLES: RoleName[] = ['owner', 'manager', 'user', 'none'];
const ACTIONS: AccessAction[] = ['list', 'call', 'edit', 'delete', 'manage'];
const FACES: Face[] = ['mcp', 'api', 'cli'];
const ECHO = join(FIXTURES, 'servers', 'echo.mjs');

let home: TempHome;
let hub: ServeHandle;
let store: Store;
const tokens = {} as Record<RoleName, string>;
const USERS: Record<Exclude<RoleName, 'owner'>, string> = { manager: 'mona', user: 'uma', none: 'nils' };
let counter = 0;

function allowed(role: RoleName, action: AccessAction): boolean {
  return role === 'owner' || role === 'manager' || action === 'list' || action === 'call' ? role !== 'none' : false;
}

/** A fresh disabled server with `role` given to the role's user (edit, delete and manage change it). */
function freshServer(role: RoleName): string {
  counter += 1;
  const name = `cell-${counter}`;
  store.servers.create({ name, enabled: false, description: 'original', transport: { type: 'stdio', command: 'true', args: [], env: {} } });
  if (role === 'manager' || role === 'user') grant(name, USERS[role], role);
  return name;
}

function grant(server: string, user: string, role: 'manager' | 'user'): void {
  const id = store.servers.get(server)!.id;
  store.collaborators.set('server', id, { kind: 'user', id: store.users.get(user).id }, role);
}

function collaborators(server: string): string[] {
  const config = store.servers.get(server);
  return config ? store.collaborators.list('server', config.id).map((c) => `${c.subject.id}:${c.role}`).sort() : [];
}

async function api(role: RoleName, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${hub.url}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${tokens[role]}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

function cliAs(role: RoleName, args: string[]): { status: number; code?: string; out: string } {
  // The owner's CLI is the local owner (no token); everyone else acts through PATCHBAY_TOKEN.
  const env = role === 'owner' ? home.env : { ...home.env, PATCHBAY_TOKEN: tokens[role] };
  const result = cli({ ...home, env }, [...args, '--json']);
  let code: string | undefined;
  try {
    code = (JSON.parse(result.stdout) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: result.status, code, out: result.stdout + result.stderr };
}

async function mcpClient(role: RoleName, path: string): Promise<Client> {
  const client = new Client({ name: `matrix-${role}`, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${hub.url}${path}`), { requestInit: { headers: { Authorization: `Bearer ${tokens[role]}` } } }));
  return client;
}

beforeAll(async () => {
  home = tempHome();
  store = openStore(join(home.home, 'patchbay.db'), { logger: silentLogger, clock: systemClock });
  for (const name of Object.values(USERS)) store.users.create({ name });
  store.users.create({ name: 'extra' });
  store.servers.create({ name: 'shared', enabled: true, transport: { type: 'stdio', command: process.execPath, args: [ECHO], env: {} } });
  grant('shared', USERS.manager, 'manager');
  grant('shared', USERS.user, 'user');
  tokens.owner = store.tokens.create({ name: 'owner-matrix' }).token;
  for (const role of ['manager', 'user', 'none'] as const) tokens[role] = store.tokens.create({ name: `${role}-matrix`, userId: store.users.get(USERS[role]).id }).token;
  hub = await serve(home);
  const owner = await mcpClient('owner', '/mcp');
  try {
    await waitFor(async () => (await owner.listTools()).tools.some((tool) => tool.name === 'shared__echo'), 20_000, 'shared__echo');
  } finally {
    await owner.close();
  }
});

afterAll(async () => {
  await hub?.stop();
  store?.close();
  home?.cleanup();
});

describe('permission matrix', () => {
  for (const face of FACES) {
    for (const role of ROLES) {
      for (const action of ACTIONS) {
        if (face === 'mcp' && action !== 'list' && action !== 'call') continue; // the MCP endpoint has no such action
        const ok = allowed(role, action);
        it(`${face}: ${role} ${ok ? 'may' : 'may not'} ${action}`, async () => {
          await runCell(face, role, action, ok);
        });
      }
    }
  }
});

async function runCell(face: Face, role: RoleName, action: AccessAction, ok: boolean): Promise<void> {
  const denied = role === 'none' ? { status: 404, code: 'NOT_FOUND' } : { status: 403, code: 'FORBIDDEN' };
  const auditBefore = store.audit.count({ server: 'shared' });

  if (action === 'list' || action === 'call') {
    if (face === 'mcp') {
      // /mcp shows exactly what the caller may use; /mcp/shared is 404 without a role.
      const all = await mcpClient(role, '/mcp');
      try {
        const names = (await all.listTools()).tools.map((tool) => tool.name);
        expect(names.includes('shared__echo')).toBe(ok);
        if (action === 'call') {
          if (ok) expect(JSON.stringify((await all.callTool({ name: 'shared__echo', arguments: { text: `mcp ${role}` } })).content)).toContain(`echo: mcp ${role}`);
          else await expect(all.callTool({ name: 'shared__echo', arguments: { text: 'x' } })).rejects.toThrow(/Unknown tool/);
        }
      } finally {
        await all.close();
      }
      const single = await fetch(`${hub.url}/mcp/shared`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens[role]}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'probe', version: '1' } } }),
      });
      expect(single.status).toBe(ok ? 200 : 404);
      await single.body?.cancel();
    } else if (face === 'api') {
      if (action === 'list') {
        const one = await api(role, 'GET', '/servers/shared');
        expect(one.status).toBe(ok ? 200 : denied.status);
        const list = (await api(role, 'GET', '/servers')).json as Array<{ name: string }>;
        expect(list.some((server) => server.name === 'shared')).toBe(ok);
      } else {
        const called = await api(role, 'POST', '/call', { server: 'shared', tool: 'echo', arguments: { text: `api ${role}` } });
        expect(called.status).toBe(ok ? 200 : denied.status);
        if (ok) expect(JSON.stringify(called.json)).toContain(`echo: api ${role}`);
        else expect((called.json as { error: { code: string } }).error.code).toBe(denied.code);
      }
    } else {
      const result = action === 'list' ? cliAs(role, ['server', 'show', 'shared']) : cliAs(role, ['call', 'shared/echo', '--args', JSON.stringify({ text: `cli ${role}` })]);
      expect(result.status, result.out).toBe(ok ? 0 : 1);
      if (ok && action === 'call') expect(result.out).toContain(`echo: cli ${role}`);
      if (!ok) expect(result.code).toBe(denied.code);
    }
    if (action === 'call') {
      // One audit row per allowed call, none for a refused one.
      await waitFor(() => store.audit.count({ server: 'shared' }) === auditBefore + (ok ? 1 : 0), 5_000, 'the audit row');
      if (!ok) expect(store.audit.count({ server: 'shared' })).toBe(auditBefore);
    }
    return;
  }

  const server = freshServer(role);
  const before = { config: store.servers.get(server), collaborators: collaborators(server) };
  let status: number;
  let code: string | undefined;
  if (face === 'api') {
    const response =
      action === 'edit'
        ? await api(role, 'PATCH', `/servers/${server}`, { description: 'changed' })
        : action === 'delete'
          ? await api(role, 'DELETE', `/servers/${server}`)
          : await api(role, 'POST', `/access/server/${server}/collaborators`, { user: 'extra', role: 'user' });
    status = response.status;
    code = (response.json as { error?: { code: string } }).error?.code;
    expect(status).toBe(ok ? (action === 'manage' ? 201 : 200) : denied.status);
  } else {
    const result =
      action === 'edit'
        ? cliAs(role, ['server', 'enable', server])
        : action === 'delete'
          ? cliAs(role, ['server', 'remove', server])
          : cliAs(role, ['access', 'grant', server, '--user', 'extra', '--role', 'user']);
    expect(result.status, result.out).toBe(ok ? 0 : 1);
    code = result.code;
  }
  if (!ok) {
    expect(code).toBe(denied.code);
    // Nothing changed.
    expect(store.servers.get(server)).toEqual(before.config);
    expect(collaborators(server)).toEqual(before.collaborators);
    return;
  }
  const after = store.servers.get(server);
  if (action === 'edit') expect(face === 'api' ? after?.description : after?.enabled).toBe(face === 'api' ? 'changed' : true);
  if (action === 'delete') expect(after).toBeUndefined();
  if (action === 'manage') expect(collaborators(server)).toContain(`${store.users.get('extra').id}:user`);
}
