import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthStatusView, IdentityView, ServerView } from '../../shared/api';
import { startAuthServer } from '../fixtures/oauth/authServer';
import type { AuthServer } from '../fixtures/oauth/authServer';
import { startHeaderEchoServer } from '../fixtures/oauth/headerEchoServer';
import type { HeaderEchoServer } from '../fixtures/oauth/headerEchoServer';
import { startProtectedMcpServer } from '../fixtures/oauth/protectedMcpServer';
import type { ProtectedMcpServer } from '../fixtures/oauth/protectedMcpServer';
import { buildForE2e } from './e2eHub';
import { openSession } from './ui3Session';
import type { UiSession } from './ui3Session';
import { inPage, pageApi, screenshots } from './uiPage';

// Upstream auth in the web UI against a real `patchbay serve`: the Authentication part of the add
// form, "My own key" for individual API keys (an MCP server that answers the key it received), the
// OAuth "Connect now" flow against a real authorization server (oidc-provider) and an MCP server
// protected by it, signing in inside the tab the UI opened, and the external identities settings.

let session: UiSession;
let page: Page;
let as: AuthServer;
let protectedMcp: ProtectedMcpServer;
let echo: HeaderEchoServer;

beforeAll(async () => {
  buildForE2e();
  let resource = '';
  as = await startAuthServer({ resource: () => resource });
  protectedMcp = await startProtectedMcpServer({ authServer: as.issuer });
  resource = protectedMcp.url;
  echo = await startHeaderEchoServer('x-api-key');
  session = await openSession();
  page = session.page;
});

afterAll(async () => {
  await session?.close();
  await echo?.close();
  await protectedMcp?.close();
  await as?.close();
});

async function authStatus(name: string): Promise<AuthStatusView> {
  return (await pageApi<AuthStatusView>(page, 'GET', `/servers/${name}/auth`)).body;
}

async function tryWhoami(): Promise<string> {
  await page.getByRole('button', { name: 'Try whoami' }).click();
  const dialog = page.getByRole('dialog', { name: 'Try whoami' });
  await dialog.getByRole('button', { name: 'Call tool' }).click();
  const text = (await dialog.getByTestId('tool-result').textContent()) ?? '';
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  return text;
}

describe('upstream auth in the web UI', () => {
  it('adds a server with individual API keys, leads from the "needs auth" pill to "My own key", and uses that key', async () => {
    await page.goto(`${session.hub.url}/add/remote`);
    await page.getByLabel('URL').fill(echo.url);
    await page.getByLabel('Name', { exact: true }).fill('keys');
    await page.getByRole('radio', { name: 'API key' }).click();
    await page.getByRole('radio', { name: /Individual/ }).click();
    await page.getByLabel('Header', { exact: true }).fill('X-Api-Key');
    await page.getByLabel('Value template').fill('k-{{API_KEY}}');
    await page.locator('.page-body').evaluate((element) => element.scrollTo(0, 420));
    await screenshots(page, 'auth-01-add-individual-key');
    await page.getByRole('button', { name: 'Add server', exact: true }).click();
    await page.waitForURL(`${session.hub.url}/servers/keys`);
    const view = (await pageApi<ServerView>(page, 'GET', '/servers/keys')).body;
    expect(view.auth).toEqual({ type: 'api-key', mode: 'individual', header: 'X-Api-Key', template: 'k-{{API_KEY}}' });
    await page.getByTestId('auth-card').getByText('Needs connect').waitFor();

    // The list's "needs auth" pill is a link to the key form.
    await page.getByRole('link', { name: 'Servers', exact: true }).first().click();
    const pill = page.locator('[data-server="keys"] a.pill-link');
    await pill.waitFor({ timeout: 30_000 });
    await pill.click();
    await page.waitForURL(`${session.hub.url}/servers/keys?connect=1`);
    const input = page.getByLabel('Your key for keys');
    await expect.poll(() => inPage<string>(page, 'document.activeElement ? document.activeElement.id : ""')).toBe('override-keys');

    await input.fill('mine-0123456789');
    await page.getByRole('button', { name: 'Save key' }).click();
    const card = page.getByTestId('auth-card');
    await card.getByText('Connected').waitFor();
    await card.getByRole('form', { name: 'My own key' }).getByText('Set', { exact: true }).waitFor();
    expect(await input.inputValue()).toBe('');
    expect((await authStatus('keys')).hasOverride).toBe(true);
    await page.locator('.page-header .pill', { hasText: 'Running' }).waitFor({ timeout: 30_000 });
    await page.locator('[data-tool="whoami"]').waitFor();
    await screenshots(page, 'auth-02-my-own-key');
    expect(await tryWhoami()).toContain('k-mine-0123456789');
    // The key is never sent back.
    expect(JSON.stringify((await pageApi(page, 'GET', '/servers/keys')).body)).not.toContain('mine-0123456789');

    await card.getByRole('button', { name: 'Remove my key' }).click();
    await card.getByText('Needs connect').waitFor();
    expect((await authStatus('keys')).hasOverride).toBe(false);
  });

  it('offers every OAuth field, and "Connect now" signs in through the tab it opens', async () => {
    await page.goto(`${session.hub.url}/add/remote`);
    await page.getByLabel('URL').fill(protectedMcp.url);
    await page.getByLabel('Name', { exact: true }).fill('proto');
    await page.getByRole('radio', { name: 'OAuth' }).click();
    await page.getByRole('radio', { name: /Client credentials/ }).click();
    await page.getByLabel('Client ID').waitFor();
    await page.getByLabel('Client authentication').selectOption('post');
    await page.locator('.page-body').evaluate((element) => element.scrollTo(0, 420));
    await screenshots(page, 'auth-03-add-client-credentials');
    await page.getByRole('radio', { name: /Sign in/ }).click();
    await page.getByRole('button', { name: 'Endpoints and client' }).click();
    for (const label of ['Authorization URL', 'Token URL', 'Registration URL', 'Client ID', 'Client secret', 'Code challenge methods', 'JWT source', 'Scopes']) await page.getByLabel(label).waitFor();
    // A bad field is named before anything is sent.
    await page.getByLabel('Code challenge methods').fill('plain');
    await page.getByRole('button', { name: 'Add server', exact: true }).click();
    await page.getByText('list S256 among the code challenge methods').waitFor();
    await page.getByLabel('Code challenge methods').fill('');
    await page.locator('.page-body').evaluate((element) => element.scrollTo(0, 420));
    await screenshots(page, 'auth-04-add-oauth');
    await page.getByRole('button', { name: 'Add server', exact: true }).click();
    await page.waitForURL(`${session.hub.url}/servers/proto`);
    const card = page.getByTestId('auth-card');
    await card.getByText('Needs connect').waitFor();
    await screenshots(page, 'auth-05-needs-connect');

    const [popup] = await Promise.all([session.context.waitForEvent('page'), card.getByRole('button', { name: 'Connect now' }).click()]);
    await popup.waitForURL((url) => url.href.startsWith(`${as.issuer}/`));
    await card.getByText('Waiting for you to sign in').waitFor();
    // oidc-provider's development login and consent pages, in the tab the UI opened.
    await popup.locator('input[name="login"]').fill('bea');
    await popup.locator('input[name="password"]').fill('any');
    await popup.locator('button[type="submit"]').click();
    await popup.locator('button[type="submit"]', { hasText: /continue/i }).click();
    await popup.waitForURL(`${session.hub.url}/oauth/callback?**`);
    await popup.getByRole('heading', { name: 'Connected' }).waitFor();
    await popup.close();

    await card.getByText('Connected', { exact: true }).waitFor();
    await page.locator('.page-header .pill', { hasText: 'Running' }).waitFor({ timeout: 30_000 });
    await page.locator('[data-tool="whoami"]').waitFor();
    expect((await authStatus('proto')).status).toBe('connected');
    await card.getByText('Token expires').waitFor();
    await screenshots(page, 'auth-06-connected');
    expect(await tryWhoami()).toContain('bea');

    await card.getByRole('button', { name: 'Revoke' }).click();
    await card.getByText('Needs connect').waitFor();
    expect((await authStatus('proto')).status).toBe('needs-connect');
  });

  it('lists, adds and removes external identities in Settings', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const card = page.getByRole('region', { name: 'External identities' });
    await card.getByText('None yet').waitFor();
    await card.getByRole('button', { name: 'Add identity provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an identity provider' });
    await dialog.getByLabel('Name').fill('company-sso');
    await dialog.getByLabel('Issuer').fill(as.issuer);
    await dialog.getByLabel('JWKS URL').fill(`${as.issuer}/jwks`);
    await dialog.getByLabel('Audience').fill('patchbay');
    await dialog.getByLabel('User claim').fill('email');
    await dialog.getByRole('button', { name: 'Add identity' }).click();
    await card.locator('[data-identity="company-sso"]').getByText('email').waitFor();
    const { body } = await pageApi<IdentityView[]>(page, 'GET', '/identities');
    expect(body).toEqual([expect.objectContaining({ name: 'company-sso', issuer: as.issuer, audience: 'patchbay', userClaim: 'email' })]);
    await card.scrollIntoViewIfNeeded();
    await screenshots(page, 'auth-07-identities');

    await card.getByRole('button', { name: 'Remove identity company-sso' }).click();
    await page.getByRole('dialog', { name: 'Remove company-sso?' }).getByRole('button', { name: 'Remove identity' }).click();
    await card.getByText('None yet').waitFor();
  });
});
