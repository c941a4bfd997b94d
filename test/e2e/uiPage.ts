import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Page } from 'playwright-core';
import type { CreatedToken } from '../../shared/api';
import { SCREENSHOTS } from './e2eHub';

// Page helpers for the UI tests: API calls through the logged-in page, screenshots, waits.

/** Calls the admin API from inside the page (session cookie + Origin, as the UI itself does). */
export async function pageApi<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(`/api${path}`, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    { method, path, body },
  ) as Promise<{ status: number; body: T }>;
}

/** Creates many servers from inside the page, `concurrency` requests at a time. */
export async function createServersInPage(page: Page, inputs: unknown[], concurrency = 8): Promise<number[]> {
  return page.evaluate(
    async ({ inputs, concurrency }) => {
      const statuses: number[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < inputs.length) {
          const input = inputs[next++];
          const response = await fetch('/api/servers', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
          statuses.push(response.status);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return statuses;
    },
    { inputs, concurrency },
  );
}

/** Evaluates a browser-side expression (a string: this test code is type-checked without DOM types). */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

export async function screenshot(page: Page, name: string, scheme: 'light' | 'dark'): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.emulateMedia({ colorScheme: scheme });
  // The theme follows prefers-color-scheme; wait until the page shows it, then until no spinner shows.
  await page.waitForFunction(`window.matchMedia('(prefers-color-scheme: dark)').matches === ${scheme === 'dark'}`);
  await page.waitForFunction(`!document.querySelector('.loading, .spinner')`);
  const file = join(SCREENSHOTS, `${name}-${scheme}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  return file;
}

/** Both themes of the current screen. */
export async function screenshots(page: Page, name: string): Promise<void> {
  await screenshot(page, name, 'light');
  await screenshot(page, name, 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Milliseconds `action` takes until `done` resolves. */
export async function timed(action: () => Promise<unknown>, done: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  await done();
  return Math.round(performance.now() - start);
}

export function rowsInDom(page: Page, selector: string): Promise<number> {
  return page.locator(selector).count();
}


/** Polls `check` (state, not sleeps) until it returns a truthy value or `timeoutMs` passes. */
export async function waitUntil<T>(check: () => Promise<T>, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The tool names an MCP endpoint lists, read with a real MCP client and a fresh hub token. */
export async function mcpToolNames(page: Page, url: string): Promise<string[]> {
  const { body } = await pageApi<CreatedToken>(page, 'POST', '/tokens', { name: `e2e-${Date.now()}` });
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${body.token}` } } }));
  try {
    return (await client.listTools()).tools.map((tool) => tool.name).sort();
  } finally {
    await client.close();
  }
}

/** How far the page sticks out sideways, and (if it does) which elements stick out. */
export async function horizontalOverflow(page: Page): Promise<{ overflow: number; culprits: string[] }> {
  const overflow = await inPage<number>(page, 'document.documentElement.scrollWidth - document.documentElement.clientWidth');
  const culprits =
    overflow > 0
      ? await inPage<string[]>(page, `[...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 8).map((el) => el.tagName + '.' + el.className)`)
      : [];
  return { overflow: Math.max(0, overflow), culprits };
}
