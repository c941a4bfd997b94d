import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDetail, ServerView, TokenInfo } from '../../shared/api';
import { buildForE2e, EVERYTHING, launchChromium, MANY_TOOLS, SCREENSHOTS, startHub } from './e2eHub';
import type { E2eHub } from './e2eHub';
import { createServersInPage, inPage, pageApi, rowsInDom, screenshots, timed, waitUntil } from './uiPage';

// The web UI against a real `patchbay serve`, driven in Debian's Chromium. The tests run in order
// and share one hub and one browser page (each builds on the servers the previous ones added).

let hub: E2eHub;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let upstream: Server;
let upstreamUrl: string;
const upstreamHeaders: IncomingHttpHeaders[] = [];
const metrics: Record<string, number> = {};

beforeAll(async () => {
  buildForE2e();
  hub = await startHub();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.url });
  page = await context.newPage();
  // A loopback "remote server" that records what the hub sends and refuses it (wrong key).
  upstream = createServer((req, res) => {
    upstreamHeaders.push(req.headers);
    req.resume();
    res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid api key' }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`;
});

afterAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(join(SCREENSHOTS, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  console.log('UI metrics (ms unless noted):', metrics);
  await context?.close();
  await browser?.close();
  await hub?.stop();
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
});

const row = (name: string) => page.locator(`[data-server="${name}"]`);

async function serverView(name: string): Promise<ServerView | undefined> {
  const { body } = await pageApi<ServerView[]>(page, 'GET', '/servers');
  return body.find((server) => server.name === name);
}

describe('Patchbay web UI', () => {
  it('refuses an unauthenticated browser, then logs in with the one-time link', async () => {
    await page.goto(hub.url);
    await page.getByRole('heading', { name: 'Sign in to Patchbay' }).waitFor();
    await page.goto(hub.loginUrl);
    await page.waitForURL(`${hub.url}/servers`);
    await page.getByRole('heading', { name: 'No MCP servers yet' }).waitFor();
    await screenshots(page, '01-servers-empty');
  });

  it('adds a local stdio server through the form and lists its tools', async () => {
    await page.getByRole('button', { name: 'Add MCP Server' }).click();
    await page.waitForURL(/\/add$/);
    await screenshots(page, '02-add-chooser');
    await page.getByRole('link', { name: /Local command/ }).click();
    await page.getByLabel('Command', { exact: true }).fill('node');
    await page.getByLabel('Arguments').fill(EVERYTHING);
    await page.getByLabel('Name', { exact: true }).fill('everything');
    await page.getByRole('button', { name: 'Add variable' }).click();
    await page.getByLabel('Variable 1 name').fill('DEMO_API_KEY');
    await page.getByLabel('Variable 1 value').fill('s3cret-value');
    expect(await page.getByLabel('Variable 1 is secret').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Add variable' }).click();
    await page.getByLabel('Variable 2 name').fill('LOG_LEVEL');
    await page.getByLabel('Variable 2 value').fill('debug');
    expect(await page.getByLabel('Variable 2 is secret').isChecked()).toBe(false);
    await screenshots(page, '03-add-stdio-form');
    await page.getByRole('button', { name: 'Add server', exact: true }).click();

    await page.waitForURL(`${hub.url}/servers/everything`);
    await page.locator('.page-header .pill', { hasText: 'Running' }).waitFor({ timeout: 30_000 });
    await page.locator('[data-tool="echo"]').waitFor();
    const view = await serverView('everything');
    expect(view?.transport).toMatchObject({ type: 'stdio', command: 'node', args: [EVERYTHING], env: { DEMO_API_KEY: { secret: true }, LOG_LEVEL: { value: 'debug' } } });

    // Schema toggles open; "Try it" calls the tool through POST /api/call.
    await page.getByRole('button', { name: 'Show the input schema of echo' }).click();
    await page.getByLabel('Input schema of echo', { exact: true }).waitFor();
    await screenshots(page, '04-server-tools');
    await page.getByRole('button', { name: 'Try echo' }).click();
    const dialog = page.getByRole('dialog', { name: 'Try echo' });
    await dialog.getByLabel('Arguments (JSON)').fill('{ "message": "hello from the UI" }');
    await dialog.getByRole('button', { name: 'Call tool' }).click();
    await dialog.getByTestId('tool-result').getByText('hello from the UI').waitFor();
    await screenshots(page, '05-try-tool');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // Prompts and resources, reached with the keyboard (arrow keys move between tabs).
    await page.getByRole('tab', { name: /Tools/ }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(`${hub.url}/servers/everything/prompts`);
    await page.locator('[data-prompt]').first().waitFor();
    await screenshots(page, '04b-server-prompts');
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(`${hub.url}/servers/everything/resources`);
    await page.locator('.item-uri').first().waitFor();
    await screenshots(page, '04c-server-resources');
  });

  it('turns a server off and on from the list', async () => {
    await page.getByRole('link', { name: 'Servers', exact: true }).first().click();
    await row('everything').locator('[data-status="running"], .pill', { hasText: 'Running' }).first().waitFor();
    await page.getByRole('switch', { name: 'Disable everything' }).click();
    await page.locator('[data-server="everything"][data-status="disabled"]').waitFor();
    expect((await serverView('everything'))?.enabled).toBe(false);
    await page.getByRole('switch', { name: 'Enable everything' }).click();
    await page.locator('[data-server="everything"][data-status="running"]').waitFor({ timeout: 30_000 });
    expect((await serverView('everything'))?.enabled).toBe(true);
  });

  it('adds a remote server with an API-key header; the key reaches the upstream and is stored as a secret', async () => {
    await page.goto(`${hub.url}/add/catalog`);
    await page.locator('[data-catalog="github"]').waitFor();
    await screenshots(page, '06-add-catalog');
    await page.getByLabel('Search the catalog').fill('sentry');
    await page.locator('[data-catalog="github"]').waitFor({ state: 'detached' });
    await page.locator('[data-catalog="sentry"]').click();
    const sentry = page.getByRole('dialog', { name: 'Add Sentry' });
    await sentry.getByTestId('catalog-url').getByText('https://mcp.sentry.dev/mcp').waitFor();
    await sentry.getByRole('link', { name: 'Use the full form' }).click();
    await page.getByRole('heading', { name: 'Connect Sentry' }).waitFor();
    expect(await page.getByLabel('URL').inputValue()).toBe('https://mcp.sentry.dev/mcp');
    expect(await page.getByRole('radio', { name: 'OAuth', exact: true }).getAttribute('aria-checked')).toBe('true');

    await page.goto(`${hub.url}/add/remote`);
    await page.getByLabel('URL').fill(upstreamUrl);
    await page.getByLabel('Name', { exact: true }).fill('remote-api');
    await page.getByRole('radio', { name: 'API key' }).click();
    await page.getByLabel('Header', { exact: true }).fill('X-Api-Key');
    await page.getByLabel('Header value').fill('sk-test-123');
    await page.locator('.page-body').evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await screenshots(page, '07-add-remote-form');
    await page.getByRole('button', { name: 'Add server', exact: true }).click();
    await page.waitForURL(`${hub.url}/servers/remote-api`);
    await page.locator('.page-header .pill', { hasText: /Error|Needs auth/ }).waitFor({ timeout: 30_000 });
    expect(upstreamHeaders.some((headers) => headers['x-api-key'] === 'sk-test-123')).toBe(true);
    const view = await serverView('remote-api');
    expect(view?.transport).toMatchObject({ type: 'http', url: upstreamUrl });
    expect(view?.auth).toMatchObject({ type: 'api-key', mode: 'shared', header: 'X-Api-Key', value: { secret: true } });
    expect(JSON.stringify(view)).not.toContain('sk-test-123');
  });

  it('shows How To Use with endpoints, copyable client configs and an Add to Cursor link', async () => {
    await page.goto(`${hub.url}/servers/everything/usage`);
    const endpoint = `${hub.endpoint}/everything`;
    await page.getByTestId('server-endpoint').getByText(endpoint).waitFor();
    await page.getByRole('button', { name: 'Copy config' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    // The snippets are the hub's config writers' own output (GET /api/clients/snippets?target=everything).
    const cursor = JSON.parse(await inPage<string>(page, 'navigator.clipboard.readText()')) as { mcpServers: Record<string, { url: string; headers: Record<string, string> }> };
    expect(cursor.mcpServers['patchbay-everything']).toEqual({ url: endpoint, headers: { Authorization: 'Bearer <token>' } });

    await page.getByRole('tab', { name: 'VS Code' }).click();
    await page.getByRole('button', { name: 'Copy config' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    const vscode = JSON.parse(await inPage<string>(page, 'navigator.clipboard.readText()')) as { servers: Record<string, unknown> };
    expect(vscode.servers['patchbay-everything']).toEqual({ type: 'http', url: endpoint, headers: { Authorization: 'Bearer <token>' } });

    const href = await page.getByTestId('add-to-cursor').getAttribute('href');
    const link = new URL(href ?? '');
    expect(link.protocol).toBe('cursor:');
    expect(link.searchParams.get('name')).toBe('patchbay-everything');
    expect(JSON.parse(Buffer.from(link.searchParams.get('config') ?? '', 'base64').toString('utf8'))).toEqual({ url: endpoint, headers: { Authorization: 'Bearer <token>' } });
    await page.getByRole('tab', { name: 'Cursor' }).click();
    await screenshots(page, '08-how-to-use');
  });

  it('creates a token, shows it once, and revokes it after confirmation', async () => {
    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.getByRole('button', { name: 'Create token' }).first().click();
    const create = page.getByRole('dialog', { name: 'Create a token' });
    await create.getByLabel('Name').fill('e2e-client');
    await create.getByLabel('Name').press('Enter');
    const shown = page.getByRole('dialog', { name: 'Your new token' });
    const token = (await shown.getByTestId('new-token').textContent()) ?? '';
    expect(token).toMatch(/^pb_/);
    await shown.getByText('shown only this once').waitFor();
    await screenshots(page, '09-token-created');
    await shown.getByRole('button', { name: 'Copy token' }).click();
    expect(await inPage<string>(page, 'navigator.clipboard.readText()')).toBe(token);
    await shown.getByRole('button', { name: 'Done' }).click();

    const status = async (): Promise<number> => (await fetch(`${hub.url}/api/status`, { headers: { Authorization: `Bearer ${token}` } })).status;
    expect(await status()).toBe(200);
    await page.locator('[data-token="e2e-client"]').getByText('Active').waitFor();
    await screenshots(page, '10-tokens');

    await page.getByRole('button', { name: 'Revoke e2e-client' }).click();
    const confirm = page.getByRole('dialog', { name: /Revoke/ });
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await page.locator('[data-token="e2e-client"]').getByText('Revoked').waitFor();
    expect(await status()).toBe(401);
    const { body } = await pageApi<TokenInfo[]>(page, 'GET', '/tokens');
    expect(body.find((info) => info.name === 'e2e-client')?.revokedAt).toBeTruthy();
  });

  it('reports an upstream that crashes, with its stderr', async () => {
    await page.goto(`${hub.url}/add/stdio`);
    await page.getByLabel('Name', { exact: true }).fill('crashy');
    await page.getByLabel('Command', { exact: true }).fill('node');
    await page.getByLabel('Arguments').fill(`-e "process.stderr.write('boom'); process.exit(1)"`);
    await page.getByRole('button', { name: 'Add server', exact: true }).click();
    await page.waitForURL(`${hub.url}/servers/crashy`);
    const banner = page.getByRole('alert').filter({ hasText: 'This server is not working' });
    await banner.waitFor({ timeout: 30_000 });
    await banner.getByLabel('Last error output of crashy').getByText(/boom/).waitFor();
    const view = await serverView('crashy');
    expect(view?.transport).toMatchObject({ args: ['-e', "process.stderr.write('boom'); process.exit(1)"] });
    await screenshots(page, '11-server-error');

    await page.getByRole('tab', { name: 'Logs' }).click();
    await page.getByLabel('stderr of crashy').getByText(/boom/).waitFor();

    await page.getByRole('link', { name: 'Servers', exact: true }).first().click();
    await page.locator('[data-server="crashy"][data-status="error"]').getByLabel('Last error output of crashy').getByText(/boom/).waitFor();
    await screenshots(page, '12-servers');
  });

  it('keeps the list fast with 200 servers: render, filter, toggle', async () => {
    const inputs = Array.from({ length: 200 }, (_, index) => ({
      name: `srv-${String(index).padStart(3, '0')}`,
      description: index % 10 === 0 ? `Team service ${index} (billing)` : `Team service ${index}`,
      enabled: false,
      transport: { type: 'stdio', command: 'node', args: ['server.js', String(index)] },
    }));
    let statuses: number[] = [];
    const created = await timed(
      async () => {
        statuses = await createServersInPage(page, inputs);
      },
      async () => undefined,
    );
    expect(statuses.every((status) => status === 201)).toBe(true);
    metrics['create 200 servers via API (in page)'] = created;
    const total = (await pageApi<ServerView[]>(page, 'GET', '/servers')).body.length;
    expect(total).toBe(203);

    metrics['servers page: navigation to 203 servers listed'] = await timed(
      () => page.goto(`${hub.url}/servers`),
      () => page.locator(`.server-list[data-count="${total}"] [data-server]`).first().waitFor(),
    );
    const dom = await rowsInDom(page, '.server-list [data-server]');
    metrics['servers page: rows in the DOM (of 203)'] = dom;
    expect(dom).toBeLessThan(40);

    const search = page.getByLabel('Search servers');
    await page.locator('body').press('/');
    expect(await search.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await inPage(page, `window.__longTasks = []; new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__longTasks.push(entry.duration); }).observe({ type: 'longtask' })`);
    metrics['servers filter "billing": keystrokes to 20 rows (incl. 120 ms debounce)'] = await timed(
      () => search.pressSequentially('billing'),
      () => page.locator('.server-list[data-count="20"]').waitFor(),
    );
    metrics['servers filter "srv-19": fill to 10 rows (incl. 120 ms debounce)'] = await timed(
      () => search.fill('srv-19'),
      () => page.locator('.server-list[data-count="10"]').waitFor(),
    );
    metrics['servers filter: clear to all 203 (incl. debounce)'] = await timed(
      () => search.fill(''),
      () => page.locator(`.server-list[data-count="${total}"]`).waitFor(),
    );
    const longTasks = await inPage<number[]>(page, 'window.__longTasks');
    metrics['servers filter: longest main-thread task'] = Math.round(Math.max(0, ...longTasks));

    metrics['servers list: scroll to the end until srv-199 shows'] = await timed(
      () => page.locator('.server-list').evaluate((element) => element.scrollTo(0, element.scrollHeight)),
      () => page.locator('[data-server="srv-199"]').waitFor(),
    );
    metrics['servers list: toggle srv-199 on -> state shown'] = await timed(
      () => page.getByRole('switch', { name: 'Enable srv-199' }).click(),
      () => page.locator('[data-server="srv-199"]:not([data-status="disabled"])').waitFor(),
    );
    await page.getByRole('switch', { name: 'Disable srv-199' }).click();
    await page.locator('[data-server="srv-199"][data-status="disabled"]').waitFor();
    await page.locator('.server-list').evaluate((element) => element.scrollTo(0, 0));
  });

  it('shows 10,000 tools without lag: render, filter, scroll, expand', async () => {
    const add = await pageApi<ServerView>(page, 'POST', '/servers', { name: 'many-tools', transport: { type: 'stdio', command: process.execPath, args: [MANY_TOOLS] } });
    expect(add.status).toBe(201);
    const detail = await waitUntil(async () => {
      const { body } = await pageApi<ServerDetail>(page, 'GET', '/servers/many-tools');
      return body.tools.length === 10_000 ? body : undefined;
    }, 'many-tools to list 10,000 tools');
    expect(detail.toolCount).toBe(10_000);

    metrics['tools tab: navigation to first of 10,000 tools visible'] = await timed(
      () => page.goto(`${hub.url}/servers/many-tools`),
      () => page.locator('[data-tool="tool-00000"]').waitFor(),
    );
    const dom = await rowsInDom(page, '.tool-list [data-tool]');
    metrics['tools tab: rows in the DOM (of 10,000)'] = dom;
    expect(dom).toBeLessThan(60);

    const search = page.getByLabel('Search tools');
    metrics['tools filter "inventory": to 1,429 matches (incl. 150 ms debounce)'] = await timed(
      () => search.fill('inventory'),
      () => page.locator('.tool-list[data-count="1429"]').waitFor(),
    );
    metrics['tools filter "tool-09999": to 1 match (incl. debounce)'] = await timed(
      () => search.fill('tool-09999'),
      () => page.locator('.tool-list[data-count="1"] [data-tool="tool-09999"]').waitFor(),
    );
    metrics['tools filter: clear to 10,000 (incl. debounce)'] = await timed(
      () => search.fill(''),
      () => page.locator('.tool-list[data-count="10000"]').waitFor(),
    );
    metrics['tools list: jump to the end until tool-09999 shows'] = await timed(
      () => page.locator('.tool-list').evaluate((element) => element.scrollTo(0, element.scrollHeight)),
      () => page.locator('[data-tool="tool-09999"]').waitFor(),
    );
    metrics['tools list: expand the schema of tool-09999'] = await timed(
      () => page.getByRole('button', { name: 'Show the input schema of tool-09999' }).click(),
      () => page.getByLabel('Input schema of tool-09999', { exact: true }).waitFor(),
    );
    await page.locator('.tool-list').evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await page.getByLabel('Input schema of tool-09999', { exact: true }).waitFor();
    await screenshots(page, '13-10k-tools');
  });

  it('shows the hub log with a level filter, and settings with status and theme', async () => {
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.locator('.log-row').first().waitFor();
    await page.getByRole('radio', { name: 'Warnings' }).click();
    await page.locator('.log-row.log-warn').first().waitFor();
    expect(await page.locator('.log-row.log-info').count()).toBe(0);
    await screenshots(page, '14-logs');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByText(hub.home).waitFor();
    await screenshots(page, '15-settings');
    await page.getByRole('radio', { name: 'Dark' }).click();
    expect(await inPage(page, 'document.documentElement.dataset.theme')).toBe('dark');
    await page.reload();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await inPage(page, `[document.documentElement.dataset.theme, localStorage.getItem('patchbay.theme')]`)).toEqual(['dark', 'dark']);
    await page.getByRole('radio', { name: 'System' }).click();
    expect(await inPage(page, 'document.documentElement.dataset.theme ?? null')).toBeNull();
  });

  it('stays usable at 900 px wide', async () => {
    await page.setViewportSize({ width: 900, height: 700 });
    await page.goto(`${hub.url}/servers`);
    await page.locator('[data-server="crashy"]').waitFor();
    const overflow = await inPage<number>(page, 'document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshots(page, '16-servers-900px');
    await page.goto(`${hub.url}/servers/everything`);
    await page.locator('[data-tool="echo"]').waitFor();
    await screenshots(page, '17-server-900px');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
