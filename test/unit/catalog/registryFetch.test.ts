// fetchRegistryServer against a real HTTP server on 127.0.0.1 serving fixture JSON.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import { fetchRegistryServer } from '../../../hub/catalog';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8'));

const routes: Record<string, () => { status: number; body: string; type?: string }> = {
  '/weather/server.json': () => ({ status: 200, body: JSON.stringify(fixture('npm-env.server.json')) }),
  '/v0.1/servers': () => ({
    status: 200,
    body: JSON.stringify({ servers: [{ server: fixture('remote.server.json'), _meta: { 'io.modelcontextprotocol.registry/official': { status: 'active' } } }], metadata: { nextCursor: 'next-page', count: 1 } }),
  }),
  '/v0.1/servers/com.example%2Fboth/versions/latest': () => ({ status: 200, body: JSON.stringify({ server: fixture('both.server.json'), _meta: {} }) }),
  '/broken.json': () => ({ status: 200, body: JSON.stringify(fixture('invalid-remote-url.server.json')) }),
  '/html': () => ({ status: 200, body: '<html>not json</html>', type: 'text/html' }),
  '/huge.json': () => ({ status: 200, body: JSON.stringify({ padding: 'x'.repeat(4096) }) }),
  '/down': () => ({ status: 503, body: 'maintenance' }),
};

describe('fetchRegistryServer', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} accept=${req.headers.accept}`);
      const route = routes[req.url?.split('?')[0] ?? ''];
      const reply = route ? route() : { status: 404, body: '{"error":"Server not found"}' };
      res.writeHead(reply.status, { 'content-type': reply.type ?? 'application/json' });
      res.end(reply.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  async function failure(url: string, options?: { maxBytes?: number }): Promise<HubError> {
    const error = await fetchRegistryServer(url, fetch, options).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(HubError);
    return error as HubError;
  }

  it('fetches and parses a raw server.json', async () => {
    const result = await fetchRegistryServer(`${base}/weather/server.json`, fetch);
    expect(result.servers).toHaveLength(1);
    expect(result.servers[0]?.candidates[0]?.transport).toMatchObject({ command: 'npx', args: ['-y', '@example/server-weather@1.0.2', '{config_path}', '--port', '8080'] });
    expect(seen).toContain('GET /weather/server.json accept=application/json');
  });

  it('fetches a registry list response with its cursor', async () => {
    const result = await fetchRegistryServer(`${base}/v0.1/servers?search=weather&limit=1`, fetch);
    expect(result.nextCursor).toBe('next-page');
    expect(result.servers[0]?.registryName).toBe('io.example/Weather_Remote');
    expect(result.servers[0]?.meta).toEqual({ 'io.modelcontextprotocol.registry/official': { status: 'active' } });
  });

  it('fetches a single-server registry response', async () => {
    const result = await fetchRegistryServer(`${base}/v0.1/servers/com.example%2Fboth/versions/latest`, fetch);
    expect(result.servers[0]?.candidates.map((candidate) => candidate.kind)).toEqual(['remote', 'package', 'package']);
  });

  it('reports HTTP errors, non-JSON bodies, invalid documents and oversize bodies', async () => {
    const notFound = await failure(`${base}/v0.1/servers/nope/versions/latest`);
    expect(notFound.code).toBe('NOT_FOUND');
    expect(notFound.message).toContain('HTTP 404');
    expect((await failure(`${base}/down`)).code).toBe('UPSTREAM_ERROR');
    expect((await failure(`${base}/html`)).message).toMatch(/did not return JSON/);
    const invalid = await failure(`${base}/broken.json`);
    expect(invalid.code).toBe('VALIDATION_FAILED');
    expect(invalid.message).toContain('remotes[0].url');
    expect((await failure(`${base}/huge.json`, { maxBytes: 1024 })).message).toMatch(/larger than 1024 bytes/);
  });

  it('only allows https, except on loopback, and keeps credentials out of URLs', async () => {
    expect((await failure('http://registry.example.com/v0.1/servers')).message).toMatch(/must use https:\/\//);
    expect((await failure(`http://user:pw@127.0.0.1:1/x`)).message).toMatch(/must not contain a user name or password/);
    expect((await failure('not a url')).code).toBe('VALIDATION_FAILED');
  });

  it('reports an unreachable registry without leaking query strings', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(`http://127.0.0.1:${port}/v0.1/servers?token=secret123`);
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).not.toContain('secret123');
  });
});
