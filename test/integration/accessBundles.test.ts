import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson, EVERYTHING, serve, tempHome } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// Virtual servers follow the same roles as servers on the admin API (no role: 404, as if the
// bundle did not exist; a role that does not allow the action: 403), and external identities are
// the owner's to manage.

let home: TempHome;
let hub: ServeHandle;
let bob: string;

function ok(result: { status: number; stderr: string }): void {
  expect(result.status, result.stderr).toBe(0);
}

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${hub.url}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${bob}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  home = tempHome();
  ok(cli(home, ['server', 'add', 'everything', '--disabled', '--', process.execPath, EVERYTHING]));
  ok(cli(home, ['bundle', 'create', 'kit']));
  ok(cli(home, ['bundle', 'add', 'kit', 'everything/*']));
  ok(cli(home, ['bundle', 'create', 'secret-kit']));
  ok(cli(home, ['access', 'user', 'add', 'bob']));
  bob = cliJson<{ token: string }>(home, ['token', 'create', 'bob', '--user', 'bob']).token;
  hub = await serve(home);
});

afterAll(async () => {
  await hub?.stop();
  home?.cleanup();
});

describe('virtual servers and identities on the admin API, for a non-owner', () => {
  it('hides virtual servers without a role, and shows those with one', async () => {
    expect((await api('GET', '/bundles')).body).toEqual([]);
    expect((await api('GET', '/bundles/kit')).status).toBe(404);
    ok(cli(home, ['access', 'grant', 'kit', '--bundle', '--user', 'bob', '--role', 'user']));
    const listed = (await api('GET', '/bundles')).body as Array<{ name: string }>;
    expect(listed.map((bundle) => bundle.name)).toEqual(['kit']);
    expect((await api('GET', '/bundles/kit')).status).toBe(200);
    expect((await api('GET', '/bundles/secret-kit')).status).toBe(404);
  });

  it('refuses changes the role does not allow, and changes nothing', async () => {
    const patched = await api('PATCH', '/bundles/kit', { description: 'mine now' });
    expect(patched.status).toBe(403);
    expect((await api('DELETE', '/bundles/kit')).status).toBe(403);
    expect((await api('POST', '/bundles', { name: 'bobs', rules: [] })).status).toBe(403);
    const kit = cliJson<{ description?: string }>(home, ['bundle', 'show', 'kit']);
    expect(kit.description).toBeUndefined();
  });

  it('keeps external identities to the owner', async () => {
    expect((await api('GET', '/identities')).status).toBe(403);
    const added = await api('POST', '/identities', { name: 'evil', issuer: 'https://evil.example', jwksUrl: 'https://evil.example/jwks', audience: 'patchbay' });
    expect(added.status).toBe(403);
  });
});
