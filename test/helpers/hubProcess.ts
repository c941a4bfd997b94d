import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Runs the real `patchbay` CLI (the built dist/cli.mjs) against a temporary data directory.

export const ROOT = resolve(__dirname, '..', '..');
export const CLI = join(ROOT, 'bin', 'patchbay.mjs');
export const EVERYTHING = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export interface TempHome {
  home: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

/** A fresh PATCHBAY_HOME. Secrets go to the encrypted-file store unless `keychain` is asked for. */
export function tempHome(options: { keychain?: boolean } = {}): TempHome {
  const home = mkdtempSync(join(tmpdir(), 'patchbay-test-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PATCHBAY_HOME: home, PATCHBAY_LOG_LEVEL: process.env.PATCHBAY_TEST_LOG_LEVEL ?? 'warn' };
  if (!options.keychain) env.PATCHBAY_SECRET_STORE = 'file';
  return { home, env, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function cli(home: TempHome, args: string[], input?: string): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { env: home.env, encoding: 'utf8', input, timeout: 60_000 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function cliJson<T>(home: TempHome, args: string[]): T {
  const result = cli(home, [...args, '--json']);
  if (result.status !== 0) throw new Error(`patchbay ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** The connection status `patchbay server list` shows for server `name` (undefined: not listed). */
export function serverStatus(home: TempHome, name: string): string | undefined {
  return cliJson<Array<{ name: string; state: { status: string } }>>(home, ['server', 'list']).find((server) => server.name === name)?.state.status;
}

export interface ServeHandle {
  process: ChildProcess;
  url: string;
  endpoint: string;
  loginUrl: string;
  /** What the hub wrote to stderr so far (its log). */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `patchbay serve --port 0 --json` and waits for its first output line. */
export async function serve(home: TempHome, extraArgs: string[] = []): Promise<ServeHandle> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--json', ...extraArgs], { env: home.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const line = await new Promise<string>((resolvePromise, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`patchbay serve did not start within 30 s. stderr: ${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolvePromise(buffer.slice(0, newline));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`patchbay serve exited with ${code}. stderr: ${stderr}`));
    });
  });
  const info = JSON.parse(line) as { url: string; endpoint: string; loginUrl: string };
  return {
    process: child,
    ...info,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolvePromise) => {
        if (child.exitCode !== null) return resolvePromise();
        child.once('exit', () => resolvePromise());
        child.kill('SIGTERM');
      }),
  };
}

/** Polls `check` until it returns a truthy value (state, not sleeps), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 15_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether a process id is alive. */
export function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
