import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

// Starts the real `patchbay serve --port 0 --json` on a temporary PATCHBAY_HOME for the UI tests,
// and Debian's Chromium. PATCHBAY_E2E_CLI may point at another built CLI (dist/cli.mjs-like).

export const ROOT = resolve(__dirname, '..', '..');
export const EVERYTHING = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
export const MANY_TOOLS = join(ROOT, 'test', 'e2e', 'fixtures', 'manyTools.mjs');
export const SCREENSHOTS = join(ROOT, 'test', 'e2e', 'screenshots');

export interface E2eHub {
  url: string;
  endpoint: string;
  loginUrl: string;
  home: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Builds the UI (always: the tests must see the current sources) and the CLI when it is missing. */
export function buildForE2e(): void {
  const parts = ['renderer'];
  if (!process.env.PATCHBAY_E2E_CLI && !existsSync(join(ROOT, 'dist', 'cli.mjs'))) parts.push('cli');
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), ...parts], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
}

export async function startHub(): Promise<E2eHub> {
  const home = mkdtempSync(join(tmpdir(), 'patchbay-e2e-'));
  const cli = process.env.PATCHBAY_E2E_CLI ?? join(ROOT, 'bin', 'patchbay.mjs');
  const env = { ...process.env, PATCHBAY_HOME: home, PATCHBAY_SECRET_STORE: 'file', PATCHBAY_LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const line = await new Promise<string>((resolveLine, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`patchbay serve did not start within 30 s. stderr: ${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolveLine(buffer.slice(0, newline));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`patchbay serve exited with ${code}. stderr: ${stderr}`));
    });
  });
  const info = JSON.parse(line) as { url: string; endpoint: string; loginUrl: string };
  return {
    ...info,
    home,
    process: child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolveExit) => {
          child.once('exit', () => resolveExit());
          child.kill('SIGTERM');
        });
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
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
