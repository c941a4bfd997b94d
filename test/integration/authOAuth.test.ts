import { existsSync, readFileSync } from 'node:fs';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthConnectView, AuthStatusView } from '../../shared/api';
import type { ToolResult } from '../../shared/types';
import { hubPaths } from '../../hub/core/paths';
import { startAuthServer } from '../fixtures/oauth/authServer';
import type { AuthServer } from '../fixtures/oauth/authServer';
import { startHeaderEchoServer } from '../fixtures/oauth/headerEchoServer';
import type { HeaderEchoServer } from '../fixtures/oauth/headerEchoServer';
import { runBrowser, startTestHub } from '../fixtures/oauth/hubHarness';
import type { TestHub } from '../fixtures/oauth/hubHarness';
import { startProtectedMcpServer } from '../fixtures/oauth/protectedMcpServer';
import type { ProtectedMcpServer } from '../fixtures/oauth/protectedMcpServer';
import { startTestIssuer } from '../fixtures/oauth/testIssuer';
import type { TestIssuer } from '../fixtures/oauth/testIssuer';
import { waitFor } from '../helpers/hubProcess';

// Upstream auth end to end, in one process: a real OAuth authorization server (oidc-provider) in
// front of a real MCP server protected with the SDK's bearer-auth helper and RFC 9728 metadata, a
// real hub (store, encrypted-file secret store, HTTP server), real MCP clients, and the headless
// browser script for the sign-in. The hub's clock can be moved forward to expire tokens.

const AUDIENCE = 'patchbay-test';
let as: AuthServer;
let mcp: ProtectedMcpServer;
let echo: HeaderEchoServer;
let issuer: TestIssuer;
let foreign: TestIssuer;
let t: TestHub;
let ownerToken: string;
let bobToken: string;
let carolToken: string;
/** Every error text the tests saw (checked for token values at the end). */
const errorTexts: string[] = [];

async function api<T>(method: string, path: string, body?: unknown, token = ownerToken): Promise<{ status: number; body: T }> {
  const response = await fetch(`${t.http.url}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = (await response.json()) as T;
  if (!response.ok) errorTexts.push(JSON.stringify(parsed));
  return { status: response.status, body: parsed };
}

async function mcpClient(token: string, path = '/mcp'): Promise<Client> {
  const client = new Client({ name: 'auth-test', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${t.http.url}${path}`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

function text(result: ToolResult | { content?: unknown }): string {
  const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
  return content.map((block) => block.text ?? '').join('');
}

/** Signs in (owner unless `token` says otherwise) through the hub's API and the headless browser. */
async function connect(server: string, login = 'alice', token = ownerToken): Promise<AuthStatusView> {
  const started = await api<AuthConnectView>('POST', `/servers/${server}/auth/connect`, {}, token);
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const browser = await runBrowser(started.body.authorizationUrl, { OAUTH_TEST_LOGIN: login });
  expect(browser.code, browser.output).toBe(0);
  return waitFor(async () => {
    const status = await api<AuthStatusView>('GET', `/servers/${server}/auth?state=${encodeURIComponent(started.body.state)}`, undefined, token);
    return status.body.flow?.status === 'done' ? status.body : undefined;
  }, 15_000, `sign-in to ${server}`);
}

function refreshes(): number {
  return as.tokenRequests.filter((request) => request.grantType === 'refresh_token').length;
}

beforeAll(async () => {
  let resource = '';
  as = await startAuthServer({
    resource: () => resource,
    clients: [
      { client_id: 'pre-registered', client_secret: 'pre-registered-secret-0123456789', token_endpoint_auth_method: 'client_secret_basic' },
      { client_id: 'machine', client_secret: 'machine-secret-0123456789', grant_types: ['client_credentials'], redirect_uris: [], token_endpoint_auth_method: 'client_secret_post', scope: 'mcp:tools' },
    ],
  });
  issuer = await startTestIssuer();
  foreign = await startTestIssuer();
  mcp = await startProtectedMcpServer({ authServer: as.issuer, extraIssuers: [{ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, audience: AUDIENCE }] });
  resource = mcp.url;
  echo = await startHeaderEchoServer('x-api-key');
  t = await startTestHub();
  ownerToken = t.hub.store.tokens.create({ name: 'owner' }).token;
  bobToken = t.hub.store.tokens.create({ name: 'bob', userId: 'bob' }).token;
  carolToken = t.hub.store.tokens.create({ name: 'carol', userId: 'carol' }).token;
});

afterAll(async () => {
  await t?.close();
  await Promise.all([mcp?.close(), echo?.close(), issuer?.close(), foreign?.close()]);
  await as?.close();
});

describe('OAuth authorization code (discovery + DCR + PKCE)', () => {
  it('starts in needs-connect, signs in through the browser, and calls the protected server as the user', async () => {
    const created = await api('POST', '/servers', { name: 'proto', transport: { type: 'http', url: mcp.url }, auth: { type: 'oauth2' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const before = await api<AuthStatusView>('GET', '/servers/proto/auth');
    expect(before.body.status).toBe('needs-connect');
    expect(before.body.message).toContain('patchbay auth connect proto');
    await waitFor(() => t.hub.registry.state('proto').status === 'needs-auth', 10_000, 'needs-auth state');

    const started = await api<AuthConnectView>('POST', '/servers/proto/auth/connect', {});
    const url = new URL(started.body.authorizationUrl);
    expect(url.origin).toBe(as.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('resource')).toBe(mcp.url);
    expect(url.searchParams.get('redirect_uri')).toBe(`${t.http.url}/oauth/callback`);
    expect(url.searchParams.get('scope')?.split(' ')).toContain('mcp:tools');
    expect(as.registrations).toBe(1);
    const browser = await runBrowser(started.body.authorizationUrl);
    expect(browser.code, browser.output).toBe(0);
    const after = await waitFor(async () => {
      const status = await api<AuthStatusView>('GET', `/servers/proto/auth?state=${encodeURIComponent(started.body.state)}`);
      return status.body.flow?.status === 'done' ? status.body : undefined;
    });
    expect(after.status).toBe('connected');
    expect(after.expiresAt).toBeDefined();

    await waitFor(() => t.hub.registry.state('proto').status === 'running', 15_000, 'proto running');
    const client = await mcpClient(ownerToken);
    try {
      const result = await client.callTool({ name: 'proto__whoami', arguments: {} });
      expect(JSON.parse(text(result)).sub).toBe('alice');
    } finally {
      await client.close();
    }
  });
});
