import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { EVERYTHING, ROOT, serve, tempHome } from '../helpers/hubProcess';
import type { ServeHandle } from '../helpers/hubProcess';

// The UI tests' hub (the real `patchbay serve` on a temporary PATCHBAY_HOME, via the shared
// helper) and Debian's Chromium.

export { EVERYTHING, ROOT };
export const MANY_TOOLS = join(ROOT, 'test', 'e2e', 'fixtures', 'manyTools.mjs');
export const FORM_TOOLS = join(ROOT, 'test', 'e2e', 'fixtures', 'formTools.mjs');
export const SCREENSHOTS = join(ROOT, 'test', 'e2e', 'screenshots');

export interface E2eHub extends ServeHandle {
  home: string;
}

/**
 * Builds the CLI and the UI: the tests must run against the current sources, as users get them
 * (NODE_ENV=production: vitest's NODE_ENV=test would otherwise give React's development build).
 */
export function buildForE2e(): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), 'cli', 'renderer'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000, env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
}

/** `env`: extra environment for the hub process (e.g. HOME, so client config files go to a temp dir). */
export async function startHub(options: { env?: NodeJS.ProcessEnv } = {}): Promise<E2eHub> {
  const home = tempHome();
  // Info-level logs, so the Logs screen has entries of several levels.
  home.env.PATCHBAY_LOG_LEVEL = 'info';
  Object.assign(home.env, options.env);
  try {
    const handle = await serve(home);
    return {
      ...handle,
      home: home.home,
      stop: async () => {
        await handle.stop();
        home.cleanup();
      },
    };
  } catch (error) {
    home.cleanup();
    throw error;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PATCHBAY_E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** Calls the admin API with a bearer token (test set-up that need not go through the UI). */
export function apiClient(baseUrl: string, token: string) {
  return async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
}
