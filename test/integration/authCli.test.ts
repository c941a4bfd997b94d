import { spawn } from 'node:child_process';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthStatusView, ServerView } from '../../shared/api';
import { startAuthServer } from '../fixtures/oauth/authServer';
import type { AuthServer } from '../fixtures/oauth/authServer';
import { startHeaderEchoServer } from '../fixtures/oauth/headerEchoServer';
import type { HeaderEchoServer } from '../fixtures/oauth/headerEchoServer';
import { BROWSER_SCRIPT, runBrowser } from '../fixtures/oauth/hubHarness';
import { startProtectedMcpServer } from '../fixtures/oauth/protectedMcpServer';
import type { ProtectedMcpServer } from '../fixtures/oauth/protectedMcpServer';
import { CLI, serve, tempHome, waitFor } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// Upstream auth from the real `patchbay` CLI (dist/cli.mjs): secret references, API keys, and the
// OAuth sign-in with and without a running hub, the browser being the headless $BROWSER script.
// The authorization server and the MCP servers run in this process, so the CLI runs asynchronously.

let as: AuthServer;
let mcp: ProtectedMcpServer;
let echo: HeaderEchoServer;
let home: TempHome;
let hub: ServeHandle | undefined;
const BROWSER = `${process.execPath} ${BROWSER_SCRIPT}`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}, onStderr?: (text: string) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...home.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr);
    });
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

async function json<T>(args: string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
  const result = await run([...args, '--json'], env);
  expect(result.status, `patchbay ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as T;
}

beforeAll(async () => {
  let resource = '';
  as = await startAuthServer({ resource: () => resource });
  mcp = await startProtectedMcpServer({ authServer: as.issuer });
  resource = mcp.url;
  echo = await startHeaderEchoServer('x-api-key');
  home = tempHome();
});

afterAll(async () => {
  await hub?.stop();
  await Promise.all([mcp?.close(), echo?.close()]);
  await as?.close();
  home?.cleanup();
});

describe('patchbay CLI without a running hub', () => {
  it('uses secret:NAME references in headers and API keys, end to end', async () => {
    await json(['secret', 'set', 'echo-key', '--value', 'sk-live-0123456789']);
    expect(await json<string[]>(['secret', 'list'])).toContain('echo-key');
    await json(['server', 'add', 'viaheader', '--url', echo.url, '--header', 'X-Api-Key: secret:echo-key']);
    await json(['server', 'add', 'viakey', '--url', echo.url, '--auth', 'api-key', '--api-key-header', 'X-Api-Key', '--api-key', 'secret:echo-key']);
    for (const server of ['viaheader', 'viakey']) {
      const shown = await run(['server', 'show', server, '--json']);
      expect(shown.stdout).not.toContain('sk-live-0123456789');
      expect(shown.stdout).toContain('echo-key');
      const called = await run(['call', `${server}/whoami`]);
      expect(called.status, called.stderr).toBe(0);
      expect(called.stdout.trim()).toBe('sk-live-0123456789');
    }
    const removed = await run(['secret', 'remove', 'echo-key']);
    expect(removed.status).toBe(0);
    expect(await json<string[]>(['secret', 'list'])).not.toContain('echo-key');
  });

  it('asks for your own key on individual API keys, and uses it once set', async () => {
    await json(['server', 'add', 'keys', '--url', echo.url, '--auth', 'api-key', '--api-key-header', 'X-Api-Key', '--api-key-template', 'k-{{API_KEY}}']);
    const before = await run(['call', 'keys/whoami']);
    expect(before.status).toBe(1);
    expect(before.stderr).toContain('patchbay auth override keys --value');
    await json(['auth', 'override', 'keys', '--value', 'mine-0123456789']);
    const after = await run(['call', 'keys/whoami']);
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout.trim()).toBe('k-mine-0123456789');
  });

  it('signs in with `auth connect` on its own callback listener, then calls with the stored token', async () => {
    await json(['server', 'add', 'proto', '--url', mcp.url, '--auth', 'oauth2']);
    expect((await json<AuthStatusView>(['auth', 'status', 'proto'])).status).toBe('needs-connect');
    const connected = await json<AuthStatusView>(['auth', 'connect', 'proto'], { BROWSER });
    expect(connected.status).toBe('connected');
    const called = await run(['call', 'proto/whoami']);
    expect(called.status, called.stderr).toBe(0);
    expect(JSON.parse(called.stdout).sub).toBe('alice');
    const revoked = await json<{ deleted: boolean; revoked: boolean }>(['auth', 'revoke', 'proto']);
    expect(revoked).toMatchObject({ deleted: true, revoked: true });
    expect((await json<AuthStatusView>(['auth', 'status', 'proto'])).status).toBe('needs-connect');
  });
});

describe('patchbay CLI with a running hub', () => {
  it('connects through the hub\'s /oauth/callback and the hub uses the token at once', async () => {
    hub = await serve(home);
    await waitFor(async () => (await json<ServerView[]>(['server', 'list'])).find((view) => view.name === 'proto')?.state.status === 'needs-auth', 15_000, 'proto needs auth');
    const connected = await json<AuthStatusView>(['auth', 'connect', 'proto'], { BROWSER, OAUTH_TEST_LOGIN: 'bea' });
    expect(connected.status).toBe('connected');
    const token = (await json<{ token: string }>(['token', 'create', 'cli-test'])).token;
    await waitFor(async () => (await json<ServerView[]>(['server', 'list'])).find((view) => view.name === 'proto')?.state.status === 'running', 15_000, 'proto running');
    const client = new Client({ name: 'cli-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${hub.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    try {
      const result = await client.callTool({ name: 'proto__whoami', arguments: {} });
      expect(JSON.stringify(result.content)).toContain('bea');
    } finally {
      await client.close();
    }
  });

  it('prints the URL with --no-browser and returns when the callback arrives', async () => {
    expect((await json<{ deleted: boolean }>(['auth', 'revoke', 'proto'])).deleted).toBe(true);
    let url: string | undefined;
    let browsed: Promise<{ code: number | null; output: string }> | undefined;
    const result = await run(['auth', 'connect', 'proto', '--no-browser', '--json'], {}, (stderr) => {
      url ??= /(http:\/\/127\.0\.0\.1:\d+\/auth\?\S+)/.exec(stderr)?.[1];
      if (url && !browsed) browsed = runBrowser(url, { OAUTH_TEST_LOGIN: 'cy' });
    });
    expect(result.status, result.stderr).toBe(0);
    expect(url).toBeDefined();
    expect((await browsed)?.code).toBe(0);
    expect(JSON.parse(result.stdout).status).toBe('connected');
    expect(JSON.parse((await run(['call', 'proto/whoami'])).stdout).sub).toBe('cy');
  });
});
