import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundlePreview, ClientStatusView, ServerDetail, ServerView } from '../../shared/api';
import type { Conversation } from '../../shared/playground';
import { openAi } from '../fixtures/llm/sse';
import { startScriptedLlmServer } from '../fixtures/llm/scriptedLlmServer';
import type { ScriptedLlmServer } from '../fixtures/llm/scriptedLlmServer';
import { buildForE2e, EVERYTHING, FORM_TOOLS, launchChromium, ROOT, startHub } from './e2eHub';
import type { E2eHub } from './e2eHub';
import { horizontalOverflow, inPage, mcpToolNames, pageApi, screenshots, waitUntil } from './uiPage';

// The screens added on top of the server list: virtual servers, the Playground (chat against a
// scripted OpenAI-compatible model, and the direct tool runner), OpenAPI import, catalog
// one-click, client setup and server editing. One hub (its HOME a temp dir, so client config
// files are written there), one browser page; the tests build on each other.

let hub: E2eHub;
let home: string;
let llm: ScriptedLlmServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  buildForE2e();
  home = mkdtempSync(join(tmpdir(), 'patchbay-e2e-home-'));
  // Cursor "has" one server of its own, for the import test.
  mkdirSync(join(home, '.cursor'), { recursive: true });
  writeFileSync(join(home, '.cursor', 'mcp.json'), JSON.stringify({ mcpServers: { 'order-desk': { command: process.execPath, args: [FORM_TOOLS, '--desk'] } } }, null, 2));
  hub = await startHub({ env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') } });
  llm = await startScriptedLlmServer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  await page.goto(hub.loginUrl);
  await page.waitForURL(`${hub.url}/servers`);
  for (const [name, args] of [
    ['everything', [EVERYTHING]],
    ['forms', [FORM_TOOLS]],
  ] as const) {
    const created = await pageApi(page, 'POST', '/servers', { name, transport: { type: 'stdio', command: process.execPath, args } });
    expect(created.status).toBe(201);
  }
  await waitUntil(async () => {
    const { body } = await pageApi<ServerView[]>(page, 'GET', '/servers');
    return body.filter((server) => server.state.status === 'running').length === 2;
  }, 'everything and forms to run');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await hub?.stop();
  await llm?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('virtual servers', () => {
  it('builds a bundle: pick, pattern, rename, preview with a missing tool; its endpoint lists exactly those tools', async () => {
    await page.getByRole('link', { name: 'Virtual servers' }).click();
    await page.getByRole('heading', { name: 'No virtual servers yet' }).waitFor();
    await screenshots(page, '20-virtual-empty');
    await page.getByRole('button', { name: 'Build a virtual server' }).click();
    await page.waitForURL(`${hub.url}/virtual/new`);
    await page.getByLabel('Name', { exact: true }).fill('writing');

    // Pick one tool by search, narrowed to one server.
    await page.locator('[data-pick="everything/echo"]').waitFor();
    await page.getByLabel('Server', { exact: true }).selectOption('everything');
    await page.getByLabel('Search tools to add').fill('echo');
    await page.getByRole('checkbox', { name: 'Include everything/echo' }).check();
    const preview = page.getByRole('region', { name: 'What clients will see' });
    await preview.locator('[data-exposed="echo"]').waitFor();

    // A pattern rule takes every tool of "forms"; an exact rule points at a tool that does not exist.
    await page.getByLabel('Rule pattern').fill('forms/*');
    await page.getByLabel('Rule pattern').press('Enter');
    await preview.locator('[data-exposed="create_order"]').waitFor();
    await page.getByLabel('Rule pattern').fill('everything/no_such_tool');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await preview.locator('[data-missing="everything/no_such_tool"]').waitFor();

    // Rename echo and give it a new description.
    await preview.getByRole('button', { name: 'Rename or describe echo' }).click();
    await preview.getByLabel('Name clients see').fill('say');
    await preview.getByLabel('Description clients see').fill('Says the message back.');
    await preview.getByRole('button', { name: 'Apply' }).click();
    await preview.locator('[data-exposed="say"]').getByText('Says the message back.').waitFor();
    await page.getByLabel('Search tools to add').fill('');
    await page.getByLabel('Server', { exact: true }).selectOption('all');
    await page.locator('[data-pick="everything/get-env"]').waitFor();
    await screenshots(page, '21-virtual-builder');

    await page.getByRole('button', { name: 'Create virtual server' }).click();
    await page.waitForURL(`${hub.url}/virtual/writing`);
    await page.locator('[data-exposed="say"]').waitFor();
    await page.locator('[data-missing="everything/no_such_tool"]').waitFor();
    await screenshots(page, '22-virtual-detail');

    const saved = await pageApi<BundlePreview>(page, 'GET', '/bundles/writing/preview');
    expect(saved.body.tools.map((tool) => tool.name).sort()).toEqual(['create_order', 'say']);
    expect(saved.body.missing.map((item) => item.pattern)).toEqual(['everything/no_such_tool']);
    expect(await mcpToolNames(page, `${hub.url}/mcp/writing`)).toEqual(['create_order', 'say']);

    await page.getByRole('tab', { name: 'How To Use' }).click();
    await page.getByTestId('server-endpoint').getByText(`${hub.endpoint}/writing`).waitFor();
    await page.getByText('"patchbay-writing"').first().waitFor();
    await screenshots(page, '23-virtual-how-to-use');

    await page.getByRole('link', { name: 'Virtual servers', exact: true }).first().click();
    await page.locator('[data-bundle="writing"]').waitFor();
    await screenshots(page, '24-virtual-list');
  });
});

describe('playground', () => {
  it('chats with a scripted model that calls a real tool; approves a call; conversations are listed', async () => {
    await page.getByRole('link', { name: 'Playground' }).click();
    await page.getByRole('heading', { name: 'Connect a model to chat' }).waitFor();
    await screenshots(page, '30-playground-empty');

    llm.enqueue({ status: 200, json: { object: 'list', data: [{ id: 'scripted-model' }, { id: 'scripted-large' }] } });
    await page.getByRole('button', { name: 'Add a provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a provider' });
    await dialog.getByLabel('Id').fill('scripted');
    await dialog.getByLabel('Label').fill('Scripted model');
    await dialog.getByLabel('Base URL').fill(`${llm.url}/v1`);
    await dialog.getByLabel('API key').fill('sk-e2e-secret-key');
    await dialog.getByLabel('Default model').fill('scripted-model');
    await dialog.getByRole('button', { name: 'Save provider' }).click();
    await page.getByRole('dialog', { name: 'LLM providers' }).locator('[data-provider="scripted"]').getByText('key stored').waitFor();
    await page.getByRole('dialog', { name: 'LLM providers' }).getByRole('button', { name: 'Done' }).click();
    await page.getByText('2 models available').waitFor();
    const providers = await pageApi<unknown[]>(page, 'GET', '/playground/providers');
    expect(JSON.stringify(providers.body)).not.toContain('sk-e2e-secret-key');

    await page.getByRole('checkbox', { name: 'Offer the tools of everything' }).check();
    await page.getByLabel('System prompt').fill('Be brief.');
    const sent = llm.requests.length;
    llm.enqueue(
      { sse: openAi.toolCalls([{ id: 'call_echo', name: 'everything__echo', fragments: ['{"message":', '"hi from the model"}'] }], { text: 'Let me echo that. ' }) },
      { sse: openAi.text(['The tool answered: ', 'hi from the model']) },
    );
    await page.getByLabel('Message').fill('Echo something please');
    await page.getByLabel('Message').press('Enter');
    const card = page.locator('[data-card="call_echo"][data-status="done"]');
    await card.getByTestId('tool-result').getByText('Echo: hi from the model').waitFor();
    await page.locator('.msg-assistant', { hasText: 'The tool answered: hi from the model' }).waitFor();
    await page.getByRole('button', { name: 'Send' }).waitFor();
    await page.waitForURL(/\/playground\/c\//);
    expect(await card.getByText('everything /').count()).toBe(1);
    const request = llm.requests[sent]!;
    expect(request.headers.authorization).toBe('Bearer sk-e2e-secret-key');
    expect((request.body as { messages: Array<{ role: string; content: string }> }).messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    await screenshots(page, '31-playground-chat');

    // Ask before each call: the card waits for Approve.
    await page.getByRole('radio', { name: 'Ask me first' }).click();
    llm.enqueue(
      { sse: openAi.toolCalls([{ id: 'call_two', name: 'everything__echo', fragments: ['{"message":"second"}'] }]) },
      { sse: openAi.text(['Done twice.']) },
    );
    await page.getByLabel('Message').fill('Again, with approval');
    await page.getByRole('button', { name: 'Send' }).click();
    const waiting = page.locator('[data-card="call_two"][data-status="awaiting_approval"]');
    await waiting.getByRole('button', { name: 'Approve' }).waitFor();
    await screenshots(page, '32-playground-approval');
    await waiting.getByRole('button', { name: 'Approve' }).click();
    await page.locator('[data-card="call_two"][data-status="done"]').getByText('Echo: second').waitFor();
    await page.locator('.msg-assistant', { hasText: 'Done twice.' }).waitFor();

    // Stop ends a run that is still streaming (the hub closes the model's stream).
    llm.enqueue({ sse: [openAi.chunk({ role: 'assistant', content: '' }), openAi.chunk({ content: 'Thinking about it for a very long' }), { hold: true }] });
    const left = llm.clientLeft();
    await page.getByLabel('Message').fill('Take your time');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.msg-assistant', { hasText: 'Thinking about it for a very long' }).waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    await left;
    await page.getByRole('button', { name: 'Send' }).waitFor();

    const conversationId = decodeURIComponent(page.url().split('/playground/c/')[1] ?? '');
    const stored = await pageApi<Conversation>(page, 'GET', `/playground/conversations/${conversationId}`);
    expect(stored.body.messages.map((message) => message.role).slice(0, 9)).toEqual(['user', 'assistant', 'tool', 'assistant', 'user', 'assistant', 'tool', 'assistant', 'user']);

    // Reopen from the list (a fresh load of the stored transcript shows the same cards), rename.
    await page.getByRole('tab', { name: /Conversations/ }).click();
    await page.locator('[data-conversation="Echo something please"]').waitFor();
    await page.getByRole('button', { name: 'Rename Echo something please' }).click();
    await page.getByRole('dialog', { name: 'Rename conversation' }).getByLabel('Title').fill('Echo check');
    await page.getByRole('dialog', { name: 'Rename conversation' }).getByRole('button', { name: 'Rename' }).click();
    await page.locator('[data-conversation="Echo check"]').waitFor();
    const md = await page.getByRole('link', { name: 'Export Echo check as Markdown' }).getAttribute('href');
    const exported = await inPage<string>(page, `fetch(${JSON.stringify(md)}).then((response) => response.text())`);
    expect(exported).toContain('Echo something please');
    await page.reload();
    await page.locator('[data-card="call_echo"][data-status="done"]').getByText('Echo: hi from the model').waitFor();
    await page.getByRole('tab', { name: /Conversations/ }).click();
    await page.locator('[data-conversation="Echo check"]').waitFor();
    await screenshots(page, '33-playground-conversations');
  });

  it('runs a tool directly with a form built from its schema (nested object, array, enum, boolean)', async () => {
    await page.getByRole('tab', { name: 'Run a tool' }).click();
    await page.waitForURL(`${hub.url}/playground/run`);
    await page.getByLabel('Server', { exact: true }).selectOption('forms');
    await page.getByLabel('Tool', { exact: true }).selectOption('create_order');
    const form = page.getByRole('region', { name: 'Run create_order' });
    // Required fields are checked before the call.
    await form.getByRole('button', { name: 'Run tool' }).click();
    await form.getByText('Name is required.').waitFor();
    await form.getByText('Add at least 1 item.').waitFor();

    await form.getByRole('group', { name: 'Customer' }).getByLabel('Name').fill('Ada Lovelace');
    await form.getByRole('button', { name: 'Add to Items' }).click();
    await form.getByRole('group', { name: 'Items 1' }).getByLabel('Sku').fill('PB-1');
    await form.getByRole('group', { name: 'Items 1' }).getByLabel('Quantity').fill('3');
    await form.getByRole('button', { name: 'Add to Items' }).click();
    await form.getByRole('group', { name: 'Items 2' }).getByLabel('Sku').fill('PB-2');
    await form.getByRole('group', { name: 'Items 2' }).getByLabel('Quantity').fill('1');
    await form.getByRole('button', { name: 'Remove Items 2' }).click();
    await form.getByLabel('Priority').selectOption('high');
    await form.getByLabel('Gift').check();
    await screenshots(page, '34-playground-run-form');
    await form.getByRole('button', { name: 'Run tool' }).click();
    const result = form.getByTestId('tool-result');
    await result.getByText('order {').waitFor();
    const text = (await result.locator('.result-text').first().textContent()) ?? '';
    expect(JSON.parse(text.replace(/^order /, ''))).toEqual({ customer: { name: 'Ada Lovelace' }, items: [{ sku: 'PB-1', quantity: 3 }], priority: 'high', gift: true });
    await result.getByText('Structured content').waitFor();

    // The JSON editor shows the same arguments.
    await form.getByRole('radio', { name: 'JSON' }).click();
    expect(JSON.parse(await form.getByLabel('Arguments (JSON)').inputValue())).toMatchObject({ priority: 'high', items: [{ sku: 'PB-1', quantity: 3 }] });
    await screenshots(page, '35-playground-run-result');
  });
});

describe('adding servers', () => {
  it('imports an OpenAPI spec uploaded as a file and lists its tools', async () => {
    await page.goto(`${hub.url}/add`);
    await page.getByRole('link', { name: /Import OpenAPI/ }).click();
    await page.getByRole('radio', { name: 'Upload a file' }).click();
    await page.getByLabel('Spec file').setInputFiles(join(ROOT, 'test', 'fixtures', 'openapi', 'petstore.yaml'));
    await page.getByText(/Read petstore\.yaml/).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('petstore');
    await page.getByRole('checkbox', { name: 'exclude DELETE' }).click();
    await page.getByRole('radio', { name: 'API key' }).click();
    await page.getByLabel('API key', { exact: true }).fill('special-key');
    await screenshots(page, '40-openapi-form');
    await page.getByRole('button', { name: 'Import API' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    const shown = await pageApi<{ toolCount: number; tools: Array<{ method: string }>; auth: { type: string } }>(page, 'GET', '/openapi/petstore');
    expect(shown.body.toolCount).toBeGreaterThan(5);
    expect(shown.body.tools.some((tool) => tool.method.toLowerCase() === 'delete')).toBe(false);
    expect(shown.body.auth.type).toBe('api-key');
    await report.getByText(String(shown.body.toolCount), { exact: true }).first().waitFor();
    await screenshots(page, '41-openapi-report');

    await page.getByRole('button', { name: 'Open petstore' }).click();
    await page.waitForURL(`${hub.url}/servers/petstore`);
    await page.locator('[data-tool]').first().waitFor({ timeout: 30_000 });
    const detail = await pageApi<ServerDetail>(page, 'GET', '/servers/petstore');
    expect(detail.body.tools.length).toBe(shown.body.toolCount);
    await page.getByRole('tab', { name: 'REST API' }).click();
    await page.getByRole('heading', { name: /Swagger Petstore - OpenAPI 3.0/ }).waitFor();
    await screenshots(page, '42-openapi-server');

    await page.getByRole('button', { name: 'Re-import' }).click();
    await page.getByRole('dialog', { name: 'Re-import petstore' }).getByLabel('Spec text').fill(readFileSync(join(ROOT, 'test', 'fixtures', 'openapi', 'petstore.yaml'), 'utf8'));
    await page.getByRole('dialog', { name: 'Re-import petstore' }).getByRole('button', { name: 'Re-import' }).click();
    await page.getByText('No tool changed').waitFor();
  });

  it('adds a catalog entry in one step and shows the OAuth next step', async () => {
    await page.goto(`${hub.url}/add/catalog`);
    await page.getByLabel('Search the catalog').fill('sentry');
    await page.locator('[data-catalog="sentry"]').click();
    const dialog = page.getByRole('dialog', { name: 'Add Sentry' });
    await dialog.getByTestId('catalog-url').getByText('https://mcp.sentry.dev/mcp').waitFor();
    await dialog.getByText('Signs in with OAuth').waitFor();
    await dialog.getByLabel('Connect right away').uncheck();
    await screenshots(page, '43-catalog-one-click');
    await dialog.getByRole('button', { name: 'Add Sentry' }).click();
    await page.getByRole('dialog', { name: 'Sentry was added' }).getByTestId('next-steps').waitFor();
    const view = (await pageApi<ServerView[]>(page, 'GET', '/servers')).body.find((server) => server.name === 'sentry');
    expect(view).toMatchObject({ enabled: false, transport: { type: 'http', url: 'https://mcp.sentry.dev/mcp' } });
    await page.getByRole('dialog', { name: 'Sentry was added' }).getByRole('button', { name: 'Done' }).click();
    await page.waitForURL(`${hub.url}/servers/sentry`);
  });

  it('imports a server from an MCP Registry server.json: preview, pick, fill in its inputs', async () => {
    await page.goto(`${hub.url}/add`);
    await page.getByRole('link', { name: /Import from MCP Registry/ }).click();
    await page.getByRole('radio', { name: 'File or text' }).click();
    await page.getByLabel('server.json file').setInputFiles(join(ROOT, 'test', 'unit', 'catalog', 'fixtures', 'remote.server.json'));
    await page.getByRole('button', { name: 'Preview' }).click();
    const candidates = page.getByRole('radiogroup', { name: 'Candidates' });
    await candidates.getByRole('radio').nth(1).waitFor();
    expect(await candidates.getByRole('radio').count()).toBe(2);
    await page.getByLabel('Name', { exact: true }).fill('weather');
    await page.getByLabel(/^Authorization/).fill('Bearer reg-secret');
    await page.getByLabel('Connect right away').uncheck();
    await screenshots(page, '45-registry-import');
    await page.getByRole('button', { name: 'Add server' }).click();
    await page.waitForURL(`${hub.url}/servers/weather`);
    const view = (await pageApi<ServerView[]>(page, 'GET', '/servers')).body.find((server) => server.name === 'weather');
    expect(view).toMatchObject({ enabled: false, transport: { type: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: { secret: true } } } });
  });

  it('edits a server: the description alone, then its arguments (stored secrets kept), then replaces a secret', async () => {
    await page.goto(`${hub.url}/servers/forms`);
    await page.getByRole('button', { name: 'Edit forms' }).click();
    let dialog = page.getByRole('dialog', { name: 'Edit forms' });
    await dialog.getByLabel('Description').fill('Order form fixture');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.locator('.detail-description', { hasText: 'Order form fixture' }).waitFor();
    const forms = (await pageApi<ServerView[]>(page, 'GET', '/servers')).body.find((server) => server.name === 'forms');
    expect(forms).toMatchObject({ description: 'Order form fixture', transport: { type: 'stdio', args: [FORM_TOOLS] } });

    const created = await pageApi(page, 'POST', '/servers', { name: 'secretive', enabled: false, transport: { type: 'stdio', command: process.execPath, args: [FORM_TOOLS], env: { SERVICE_TOKEN: 'first-secret', MODE: { value: 'demo', secret: false } } } });
    expect(created.status).toBe(201);
    await page.goto(`${hub.url}/servers/secretive`);
    await page.getByRole('button', { name: 'Edit secretive' }).click();
    dialog = page.getByRole('dialog', { name: 'Edit secretive' });
    await dialog.getByLabel('Arguments').fill(`${FORM_TOOLS} --verbose`);
    await screenshots(page, '44-edit-server');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    let view = (await pageApi<ServerView[]>(page, 'GET', '/servers')).body.find((server) => server.name === 'secretive');
    expect(view?.transport).toEqual({ type: 'stdio', command: process.execPath, args: [FORM_TOOLS, '--verbose'], env: { SERVICE_TOKEN: { secret: true }, MODE: { value: 'demo' } } });

    await page.getByRole('button', { name: 'Edit secretive' }).click();
    dialog = page.getByRole('dialog', { name: 'Edit secretive' });
    await dialog.getByLabel('New value for SERVICE_TOKEN').fill('second-secret');
    await dialog.getByLabel('Arguments').fill(FORM_TOOLS);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    view = (await pageApi<ServerView[]>(page, 'GET', '/servers')).body.find((server) => server.name === 'secretive');
    expect(view?.transport).toEqual({ type: 'stdio', command: process.execPath, args: [FORM_TOOLS], env: { SERVICE_TOKEN: { secret: true }, MODE: { value: 'demo' } } });
    expect(JSON.stringify(view)).not.toContain('second-secret');
  });
});

describe('connect clients', () => {
  it('connects Cursor (preview first) and the doctor says it is connected; imports Cursor’s own server', async () => {
    await page.getByRole('link', { name: 'Connect clients' }).click();
    const cursor = page.locator('[data-client="cursor"]');
    await cursor.getByText('Not connected').waitFor();
    await screenshots(page, '50-clients');

    await page.getByRole('button', { name: 'Connect Cursor' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect Cursor' });
    await dialog.getByRole('button', { name: 'Preview changes' }).click();
    await dialog.getByTestId('connect-preview').getByText('"patchbay"').first().waitFor();
    await screenshots(page, '51-clients-connect-preview');
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('dialog', { name: 'Cursor is connected' }).getByRole('button', { name: 'Done' }).click();
    await page.locator('[data-client="cursor"][data-connected="true"]').getByText('Connected', { exact: true }).waitFor();
    const config = JSON.parse(readFileSync(join(home, '.cursor', 'mcp.json'), 'utf8')) as { mcpServers: Record<string, { url?: string }> };
    expect(config.mcpServers.patchbay?.url).toBe(hub.endpoint);
    expect(Object.keys(config.mcpServers).sort()).toEqual(['order-desk', 'patchbay']);
    const doctor = await pageApi<ClientStatusView[]>(page, 'GET', '/clients');
    expect(doctor.body.find((client) => client.client === 'cursor')?.connected).toBe(true);
    await screenshots(page, '52-clients-connected');

    await page.getByRole('button', { name: 'Import servers from Cursor' }).click();
    const imports = page.getByRole('dialog', { name: 'Import servers from Cursor' });
    await imports.locator('[data-import="order-desk"]').waitFor();
    expect((await pageApi<ServerView[]>(page, 'GET', '/servers')).body.some((server) => server.name === 'order-desk')).toBe(false);
    await screenshots(page, '53-clients-import');
    await imports.getByRole('button', { name: 'Import 1 server' }).click();
    await page.getByRole('dialog', { name: 'Imported from Cursor' }).getByText('order-desk').waitFor();
    expect((await pageApi<ServerView[]>(page, 'GET', '/servers')).body.find((server) => server.name === 'order-desk')?.transport).toMatchObject({ type: 'stdio', args: [FORM_TOOLS, '--desk'] });
    expect(existsSync(join(home, '.cursor', 'mcp.json'))).toBe(true);
    await page.getByRole('dialog', { name: 'Imported from Cursor' }).getByRole('button', { name: 'Done' }).click();
  });
});

describe('narrow windows', () => {
  it('keeps the new screens usable at 900 px', async () => {
    await page.setViewportSize({ width: 900, height: 700 });
    for (const [path, ready, name] of [
      ['/virtual/writing/edit', '[data-pick="everything/echo"]', '60-virtual-builder-900px'],
      ['/playground', '.chat-side', '61-playground-900px'],
      ['/clients', '[data-client="cursor"]', '62-clients-900px'],
    ] as const) {
      await page.goto(`${hub.url}${path}`);
      await page.locator(ready).first().waitFor();
      expect(await horizontalOverflow(page)).toEqual({ overflow: 0, culprits: [] });
      await screenshots(page, name);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
