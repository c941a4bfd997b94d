import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cli, cliJson, FIXTURES, ROOT, serve, tempHome, waitFor } from '../helpers/hubProcess';
import type { ServeHandle, TempHome } from '../helpers/hubProcess';

// `patchbay serve` off loopback: refused without TLS, allowed with --insecure-http (warned), and
// served over HTTPS with a generated self-signed certificate that clients trust explicitly.

const ECHO = join(FIXTURES, 'servers', 'echo.mjs');
let home: TempHome;

beforeAll(() => {
  home = tempHome();
  expect(cli(home, ['server', 'add', 'echo', '--', process.execPath, ECHO]).status).toBe(0);
});
afterAll(() => home?.cleanup());

function httpsGet(url: string, ca: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { ca, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('serve on a network address', () => {
  it('refuses 0.0.0.0 without TLS or --insecure-http, and starts nothing', () => {
    const result = cli(home, ['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/needs TLS: pass --tls-cert FILE --tls-key FILE, or --tls-self-signed/);
    expect(existsSync(join(home.home, 'hub.json'))).toBe(false);
  });

  it('serves plain HTTP with --insecure-http, with a warning', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--host', '0.0.0.0', '--port', '0', '--insecure-http', '--json'], { env: home.env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const { line, stderr } = await new Promise<{ line: string; stderr: string }>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve({ line: out.slice(0, out.indexOf('\n')), stderr: err });
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
      });
      expect(stderr).toMatch(/WARNING: serving plain HTTP on 0\.0\.0\.0 \(--insecure-http\)/);
      const info = JSON.parse(line) as { url: string };
      expect(info.url).toMatch(/^http:\/\//);
      expect((await fetch(`${info.url}/api/health`)).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
  });

  describe('with --tls-self-signed', () => {
    let hub: ServeHandle;
    let tls: { certFile: string; fingerprint256: string; selfSigned: boolean };
    let ca: string;
    let token: string;

    beforeAll(async () => {
      token = cliJson<{ token: string }>(home, ['token', 'create', 'tls-client']).token;
      hub = await serve(home, ['--host', '0.0.0.0', '--tls-self-signed']);
      const line = hub as unknown as { tls?: typeof tls };
      tls = line.tls!;
      ca = readFileSync(tls.certFile, 'utf8');
    });
    afterAll(async () => {
      await hub?.stop();
    });

    it('serves HTTPS that a client trusting the generated certificate accepts', async () => {
      expect(hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(tls.selfSigned).toBe(true);
      const health = await httpsGet(`${hub.url}/api/health`, ca);
      expect(health.status).toBe(200);
      const servers = await httpsGet(`${hub.url}/api/servers`, ca, { Authorization: `Bearer ${token}` });
      expect(JSON.parse(servers.body)).toEqual([expect.objectContaining({ name: 'echo' })]);
      // A client that does not trust it refuses to talk.
      await expect(fetch(`${hub.url}/api/health`)).rejects.toThrow();
    });

    it('serves MCP over HTTPS to a third-party client told to trust the certificate', () => {
      const inspector = join(ROOT, 'node_modules', '.bin', 'mcp-inspector');
      const call = spawnSync(inspector, ['--cli', `${hub.url}/mcp`, '--transport', 'http', '--header', `Authorization: Bearer ${token}`, '--method', 'tools/call', '--tool-name', 'echo__echo', '--tool-arg', 'text=over tls'], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.certFile },
      });
      expect(call.status, call.stderr).toBe(0);
      expect(call.stdout).toContain('echo: over tls');
    });

    it('lets the CLI reach the TLS hub, pinning its certificate', async () => {
      const result = cliJson<{ content: Array<{ text?: string }> }>(home, ['call', 'echo/echo', '--args', '{"text":"pinned"}']);
      expect(result.content[0]?.text).toBe('echo: pinned');
      // Served by the running hub (not in process): its audit row names the hub's CLI token.
      await waitFor(() => cliJson<Array<{ face: string; tokenName?: string }>>(home, ['logs', '--server', 'echo', '--tool', 'echo']).some((row) => row.face === 'cli' && row.tokenName === 'patchbay-cli'), 10_000, 'the CLI row');
    });
  });
});
