import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessDetail, AccessTokenInfo, AuditEntry, AuditSettings, ServerView, TeamView, UserView } from '../../shared/api';
import { buildForE2e, EVERYTHING } from './e2eHub';
import { openSession } from './ui3Session';
import type { UiSession } from './ui3Session';
import { inPage, pageApi, screenshots } from './uiPage';

// Users, teams, roles, tokens and the audit log in the web UI against a real `patchbay serve`: the
// owner adds users and teams, grants roles on a server and reads the permission details, creates a
// token for a user restricted to one server (then used by a real MCP client), finds the calls in the
// audit log with filters and exports them; and the same screens as a non-owner show only what that
// user may do (the UI's API calls carry the user's token).

let session: UiSession;
let page: Page;

beforeAll(async () => {
  buildForE2e();
  session = await openSession();
  page = session.page;
  const created = await pageApi(page, 'POST', '/servers', { name: 'everything', transport: { type: 'stdio', command: 'node', args: [EVERYTHING] } });
  expect(created.status).toBe(201);
  expect((await pageApi(page, 'POST', '/servers', { name: 'spare', enabled: false, transport: { type: 'stdio', command: 'node', args: ['-e', '0'] } })).status).toBe(201);
});

afterAll(async () => {
  await session?.close();
});

const url = (path: string): string => `${session.hub.url}${path}`;

async function detail(): Promise<AccessDetail> {
  return (await pageApi<AccessDetail>(page, 'GET', '/access/server/everything')).body;
}

describe('access and audit in the web UI', () => {
  it('adds and removes users and teams, and team members', async () => {
    await page.getByRole('link', { name: 'Users & teams' }).click();
    await page.getByRole('heading', { name: 'Only you so far' }).waitFor();
    await screenshots(page, 'access-01-users-empty');
    for (const [name, display] of [
      ['alice', 'Alice Liddell'],
      ['bob', ''],
    ] as const) {
      await page.getByRole('button', { name: 'Add user', exact: true }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Add a user' });
      await dialog.getByLabel('Name', { exact: true }).fill(name);
      if (display) await dialog.getByLabel('Display name').fill(display);
      await dialog.getByRole('button', { name: 'Add user' }).click();
      await page.locator(`[data-user="${name}"]`).waitFor();
    }
    await page.getByRole('button', { name: 'Remove user bob' }).click();
    await page.getByRole('dialog', { name: 'Remove bob?' }).getByRole('button', { name: 'Remove user' }).click();
    await page.locator('[data-user="bob"]').waitFor({ state: 'detached' });

    await page.getByRole('tab', { name: /Teams/ }).click();
    await page.waitForURL(url('/users/teams'));
    await page.getByRole('heading', { name: 'No teams yet' }).waitFor();
    for (const team of ['devs', 'temp']) {
      await page.getByLabel('New team name').fill(team);
      await page.getByRole('button', { name: 'Add team' }).click();
      await page.locator(`[data-team="${team}"]`).waitFor();
    }
    await page.getByLabel('User to add to devs').selectOption('alice');
    await page.getByRole('button', { name: 'Add member' }).first().click();
    await page.locator('[data-team="devs"] [data-member="alice"]').waitFor();
    await page.getByRole('button', { name: 'Remove team temp' }).click();
    await page.getByRole('dialog', { name: 'Remove team temp?' }).getByRole('button', { name: 'Remove team' }).click();
    await page.locator('[data-team="temp"]').waitFor({ state: 'detached' });
    await screenshots(page, 'access-02-teams');
    const teams = (await pageApi<TeamView[]>(page, 'GET', '/teams')).body;
    expect(teams.map((team) => [team.name, team.members])).toEqual([['devs', ['alice']]]);

    await page.getByRole('tab', { name: /Users/ }).click();
    await page.locator('[data-user="alice"]').getByText('devs').waitFor();
    await screenshots(page, 'access-03-users');
    const users = (await pageApi<UserView[]>(page, 'GET', '/users')).body;
    expect(users.map((user) => user.name).sort()).toEqual(['alice', 'owner']);
  });

  it('grants roles on a server and shows them in the permission details', async () => {
    await page.getByRole('tab', { name: 'Permissions' }).click();
    await page.locator('[data-resource="server:everything"]').click();
    await page.waitForURL(url('/servers/everything/access'));
    const collaborators = page.getByRole('region', { name: 'Collaborators' });
    await collaborators.getByText('Nobody but the hub owner').waitFor();
    await collaborators.getByLabel('User', { exact: true }).selectOption('alice');
    await collaborators.getByRole('button', { name: 'Grant' }).click();
    const alice = page.getByRole('region', { name: 'Permission details' }).locator('[data-permission="alice"]');
    await alice.getByText('direct grant').waitFor();
    await alice.getByText('Call tools').waitFor();
    expect((await detail()).users.find((entry) => entry.user === 'alice')).toMatchObject({ role: 'user', via: ['direct'], can: ['list', 'call'] });

    // Through a team: the best role wins.
    await collaborators.getByLabel('User or team').selectOption('team');
    await collaborators.getByLabel('Team', { exact: true }).selectOption('devs');
    await collaborators.getByLabel('Role', { exact: true }).selectOption('manager');
    await collaborators.getByRole('button', { name: 'Grant' }).click();
    await alice.getByText('team devs').waitFor();
    await alice.getByText('Manage collaborators').waitFor();
    expect((await detail()).users.find((entry) => entry.user === 'alice')).toMatchObject({ role: 'manager', via: ['direct', 'team devs'] });
    await screenshots(page, 'access-04-permissions');

    await collaborators.getByRole('button', { name: 'Remove team devs' }).click();
    await collaborators.locator('[data-collaborator="team:devs"]').waitFor({ state: 'detached' });
    await alice.getByText('Manage collaborators').waitFor({ state: 'detached' });
    expect((await detail()).collaborators).toEqual([{ kind: 'user', name: 'alice', role: 'user' }]);
    expect((await pageApi(page, 'POST', '/access/server/spare/collaborators', { user: 'alice', role: 'user' })).status).toBe(201);

    // A virtual server's permissions, reached from Users & teams → Permissions.
    expect((await pageApi(page, 'POST', '/bundles', { name: 'kit', rules: [{ pattern: 'everything/echo' }] })).status).toBe(201);
    await page.goto(url('/users/permissions'));
    await page.locator('[data-resource="bundle:kit"]').click();
    await page.waitForURL(url('/access/bundle/kit'));
    await page.getByRole('heading', { name: 'Permissions of kit' }).waitFor();
    const kit = page.getByRole('region', { name: 'Collaborators' });
    await kit.getByLabel('User', { exact: true }).selectOption('alice');
    await kit.getByRole('button', { name: 'Grant' }).click();
    await kit.locator('[data-collaborator="user:alice"]').waitFor();
    expect((await pageApi<AccessDetail>(page, 'GET', '/access/bundle/kit')).body.collaborators).toEqual([{ kind: 'user', name: 'alice', role: 'user' }]);
  });

  let restricted = '';
  it('creates a token for a user, restricted to one server', async () => {
    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.getByRole('button', { name: 'Create token' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create a token' });
    await dialog.getByLabel('Name', { exact: true }).fill('alice-ci');
    await dialog.getByLabel('For user').selectOption('alice');
    await dialog.getByLabel('Only some servers or virtual servers').check();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await dialog.getByText('Tick at least one server').waitFor();
    await dialog.getByRole('group', { name: 'Servers the token may use' }).getByLabel(/everything/).check();
    await screenshots(page, 'access-05-token-create');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('dialog', { name: 'Your new token' });
    restricted = (await shown.getByTestId('new-token').textContent()) ?? '';
    await shown.getByRole('button', { name: 'Done' }).click();
    const row = page.locator('[data-token="alice-ci"]');
    await row.getByText('for alice', { exact: true }).waitFor();
    await row.getByText('everything').waitFor();
    await screenshots(page, 'access-06-tokens');
    const info = (await pageApi<AccessTokenInfo[]>(page, 'GET', '/tokens')).body.find((token) => token.name === 'alice-ci');
    expect(info).toMatchObject({ user: 'alice', servers: ['everything'] });

    // The token sees only that server, although alice has a role on "spare" too.
    const listed = await fetch(url('/api/servers'), { headers: { Authorization: `Bearer ${restricted}` } });
    expect(((await listed.json()) as ServerView[]).map((server) => server.name)).toEqual(['everything']);
  });

  it('shows tool calls from "Try it" and from a client in the audit log, with filters and export', async () => {
    await page.goto(url('/servers/everything'));
    await page.locator('.page-header .pill', { hasText: 'Running' }).waitFor({ timeout: 30_000 });
    for (const args of ['{ "message": "audit me" }', '{ "message": 42 }']) {
      await page.getByRole('button', { name: 'Try echo' }).click();
      const dialog = page.getByRole('dialog', { name: 'Try echo' });
      await dialog.getByLabel('Arguments (JSON)').fill(args);
      await dialog.getByRole('button', { name: 'Call tool' }).click();
      await dialog.locator('[data-testid="tool-result"], .alert').first().waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }
    // A real MCP client with alice's restricted token.
    const client = new Client({ name: 'e2e-agent', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url('/mcp')), { requestInit: { headers: { Authorization: `Bearer ${restricted}` } } }));
    try {
      await client.callTool({ name: 'everything__echo', arguments: { message: 'from alice' } });
    } finally {
      await client.close();
    }

    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    const rows = page.locator('.audit-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    await screenshots(page, 'access-07-audit');
    const all = (await pageApi<AuditEntry[]>(page, 'GET', '/audit')).body;
    expect(all.map((entry) => [entry.user, entry.tool, entry.outcome])).toEqual([
      ['alice', 'echo', 'ok'],
      ['owner', 'echo', expect.stringMatching(/error/)],
      ['owner', 'echo', 'ok'],
    ]);
    expect(all[0]).toMatchObject({ tokenName: 'alice-ci', server: 'everything', face: 'mcp' });

    await page.getByLabel('User', { exact: true }).selectOption('alice');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByText('token alice-ci').waitFor();
    await page.getByLabel('User', { exact: true }).selectOption('');
    await page.getByRole('radio', { name: 'OK' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel('Tool', { exact: true }).fill('nope');
    await page.getByRole('heading', { name: 'No calls match' }).waitFor();
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await page.getByLabel('Server', { exact: true }).selectOption('everything');
    await page.getByLabel('Time range').selectOption('1h');
    await expect.poll(() => rows.count()).toBe(3);

    const href = (await page.getByTestId('audit-export').getAttribute('href')) ?? '';
    expect(href).toContain('format=jsonl');
    expect(href).toContain('server=everything');
    const exported = await page.evaluate(async (path) => (await fetch(path)).text(), href);
    expect(exported.trim().split('\n').map((line) => (JSON.parse(line) as AuditEntry).user)).toEqual(['owner', 'owner', 'alice']);

    await rows.first().click();
    const details = page.getByRole('dialog', { name: 'everything · echo' });
    await details.getByText('alice-ci').waitFor();
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Audit settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Audit settings' });
    await settings.getByRole('switch', { name: 'Record tool arguments' }).click();
    await settings.getByLabel('Keep entries for (days)').fill('30');
    await screenshots(page, 'access-08-audit-settings');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.waitFor({ state: 'hidden' });
    expect((await pageApi<AuditSettings>(page, 'GET', '/audit/settings')).body).toMatchObject({ recordArguments: true, maxAgeDays: 30 });

    await page.goto(url('/servers/everything'));
    const stats = page.getByTestId('server-stats');
    await stats.getByText('calls in 7 days').waitFor();
    expect(await stats.locator('.stat-value').first().textContent()).toBe('3');
    await screenshots(page, 'access-09-server-stats');
  });

  it('shows a non-owner only what their role allows, and the API\'s reasons', async () => {
    const created = await pageApi<{ token: string }>(page, 'POST', '/tokens', { name: 'alice-ui', user: 'alice' });
    await page.route('**/api/**', (route) => route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${created.body.token}` } }));
    try {
      await page.goto(url('/users'));
      await page.getByText('Only the hub owner can list users').waitFor();
      expect(await page.getByRole('button', { name: 'Add user' }).count()).toBe(0);
      await screenshots(page, 'access-10-non-owner-users');

      await page.goto(url('/servers/everything/access'));
      const collaborators = page.getByRole('region', { name: 'Collaborators' });
      await collaborators.getByText('Only its managers and the hub owner can change these.').waitFor();
      expect(await collaborators.getByRole('button', { name: 'Grant' }).count()).toBe(0);
      // A "user" role may not restart or remove the server: those actions are not offered.
      expect(await page.getByRole('button', { name: 'Remove everything' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Restart' }).count()).toBe(0);
      await page.getByRole('region', { name: 'Permission details' }).locator('[data-permission="alice"]').waitFor();
      await screenshots(page, 'access-11-non-owner-server');
    } finally {
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    }
  });

  it('fits the new screens into a 900 px window', async () => {
    await page.setViewportSize({ width: 900, height: 700 });
    try {
      for (const [path, name, ready] of [
        ['/audit', 'access-12-audit-900px', '.audit-row'],
        ['/servers/everything/access', 'access-13-server-access-900px', '[data-permission="alice"]'],
        ['/users', 'access-14-users-900px', '[data-user="alice"]'],
      ] as const) {
        await page.goto(url(path));
        await page.locator(ready).first().waitFor();
        const overflow = await inPage<number>(page, 'document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect(overflow, `${path} overflows the window`).toBe(0);
        await screenshots(page, name);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
