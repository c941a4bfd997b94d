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
let bobId: string;
let carolId: string;
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
      { client_id: 'machine', client_secret: 'machine-secret-0123456789', grant_types: ['client_credentials'], redirect_uris: [], response_types: [], token_endpoint_auth_method: 'client_secret_post', scope: 'mcp:tools' },
    ],
  });
  issuer = await startTestIssuer();
  foreign = await startTestIssuer();
  mcp = await startProtectedMcpServer({ authServer: as.issuer, extraIssuers: [{ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, audience: AUDIENCE }] });
  resource = mcp.url;
  echo = await startHeaderEchoServer('x-api-key');
  t = await startTestHub();
  ownerToken = t.hub.store.tokens.create({ name: 'owner' }).token;
  // Two more hub users (issue 8: tokens belong to users that exist).
  bobId = t.hub.store.users.create({ name: 'bob' }).id;
  carolId = t.hub.store.users.create({ name: 'carol' }).id;
  bobToken = t.hub.store.tokens.create({ name: 'bob', userId: bobId }).token;
  carolToken = t.hub.store.tokens.create({ name: 'carol', userId: carolId }).token;
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

describe('OAuth refresh on demand', () => {
  it('renews an expired access token once for 100 parallel calls', async () => {
    const before = refreshes();
    t.clock.offset += 2 * 60 * 60_000;
    const results = await Promise.all(Array.from({ length: 100 }, () => t.hub.callTool('proto', 'whoami', {})));
    for (const result of results) expect(JSON.parse(text(result)).sub).toBe('alice');
    expect(refreshes() - before).toBe(1);
  });

  it('renews once after the upstream answers 401, and retries', async () => {
    const before = refreshes();
    mcp.denySeenTokens();
    const results = await Promise.all(Array.from({ length: 20 }, () => t.hub.callTool('proto', 'whoami', {})));
    for (const result of results) expect(JSON.parse(text(result)).sub).toBe('alice');
    expect(refreshes() - before).toBe(1);
  });

  it('moves to needs-connect with a clear message when the refresh token was revoked', async () => {
    await as.revokeAllRefreshTokens();
    t.clock.offset += 2 * 60 * 60_000;
    const failure = await t.hub.callTool('proto', 'whoami', {}).then(
      () => undefined,
      (error: unknown) => error as Error & { code?: string },
    );
    expect(failure?.code, failure?.message).toBe('AUTH_REQUIRED');
    expect(failure?.message).toContain('patchbay auth connect proto');
    errorTexts.push(failure?.message ?? '');
    const status = await api<AuthStatusView>('GET', '/servers/proto/auth');
    expect(status.body.status).toBe('needs-connect');
    expect(status.body.message).toContain('refused');
    await waitFor(() => t.hub.registry.state('proto').status === 'needs-auth', 10_000, 'needs-auth after refused refresh');
    // An MCP client gets a tool error it can read (the tool is gone from the list, so call it directly).
    const again = await t.hub.callTool('proto', 'whoami', {}).catch((error: Error) => error.message);
    expect(again).toContain('patchbay auth connect proto');
  });

  it('connects again, then revokes at the server (RFC 7009) and forgets the tokens', async () => {
    const status = await connect('proto');
    expect(status.status).toBe('connected');
    expect(JSON.parse(text(await t.hub.callTool('proto', 'whoami', {}))).sub).toBe('alice');
    const revocations = as.revocations;
    const revoked = await api<{ revoked: boolean; deleted: boolean }>('POST', '/servers/proto/auth/revoke', {});
    expect(revoked.body, JSON.stringify(revoked.body)).toMatchObject({ revoked: true, deleted: true });
    expect(as.revocations - revocations).toBe(2);
    const server = t.hub.servers.get('proto');
    expect(await t.hub.secrets.list(`auth/${server.id}/owner/`)).toEqual([]);
    expect((await api<AuthStatusView>('GET', '/servers/proto/auth')).body.status).toBe('needs-connect');
  });
});

describe('OAuth callback checks', () => {
  it('refuses a state it never issued and a replayed callback; the real one connects once', async () => {
    const started = await api<AuthConnectView>('POST', '/servers/proto/auth/connect', {});
    const file = `${t.home}/callback.txt`;
    const browser = await runBrowser(started.body.authorizationUrl, { OAUTH_TEST_SKIP_CALLBACK: '1', OAUTH_TEST_CALLBACK_FILE: file });
    expect(browser.code, browser.output).toBe(0);
    const callback = new URL(readFileSync(file, 'utf8').trim());
    expect(callback.searchParams.get('state')).toBe(started.body.state);

    const forged = new URL(callback);
    forged.searchParams.set('state', 'not-a-state-the-hub-issued');
    const refused = await fetch(forged);
    expect(refused.status).toBe(400);
    const refusedText = await refused.text();
    expect(refusedText).toContain('unknown or already used state');
    errorTexts.push(refusedText);

    const codeExchanges = as.tokenRequests.filter((request) => request.grantType === 'authorization_code').length;
    expect((await fetch(callback)).status).toBe(200);
    const replay = await fetch(callback);
    expect(replay.status).toBe(400);
    errorTexts.push(await replay.text());
    expect(as.tokenRequests.filter((request) => request.grantType === 'authorization_code').length - codeExchanges).toBe(1);
    expect((await api<AuthStatusView>('GET', '/servers/proto/auth')).body.status).toBe('connected');
  });
});

describe('OAuth with a pre-registered client and with client credentials', () => {
  it('uses the configured client ID and secret without registering', async () => {
    const registrations = as.registrations;
    const created = await api('POST', '/servers', {
      name: 'prereg',
      transport: { type: 'http', url: mcp.url },
      auth: { type: 'oauth2', clientId: 'pre-registered', clientSecret: 'pre-registered-secret-0123456789', scopes: ['mcp:tools', 'offline_access'] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('pre-registered-secret');
    const status = await connect('prereg', 'erin');
    expect(status.status).toBe('connected');
    expect(as.registrations).toBe(registrations);
    const who = JSON.parse(text(await t.hub.callTool('prereg', 'whoami', {})));
    expect(who).toMatchObject({ sub: 'erin', clientId: 'pre-registered' });
  });

  it('gets a token with client credentials (post) without any user interaction', async () => {
    const created = await api('POST', '/servers', {
      name: 'machine',
      transport: { type: 'http', url: mcp.url },
      auth: { type: 'oauth2', grant: 'client_credentials', clientId: 'machine', clientSecret: 'machine-secret-0123456789', clientAuth: 'post' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await waitFor(() => t.hub.registry.state('machine').status === 'running', 15_000, 'machine running').catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(t.hub.registry.state('machine'))}`);
    });
    const who = JSON.parse(text(await t.hub.callTool('machine', 'whoami', {})));
    expect(who).toMatchObject({ clientId: 'machine', sub: 'machine' });
    expect((await api<AuthStatusView>('GET', '/servers/machine/auth')).body.status).toBe('connected');
    // Renewed automatically when it expires: a new client-credentials grant, not a refresh.
    const grants = as.tokenRequests.filter((request) => request.grantType === 'client_credentials').length;
    t.clock.offset += 2 * 60 * 60_000;
    expect(JSON.parse(text(await t.hub.callTool('machine', 'whoami', {}))).clientId).toBe('machine');
    expect(as.tokenRequests.filter((request) => request.grantType === 'client_credentials').length - grants).toBe(1);
  });
});

describe('API keys', () => {
  it('sends one shared key for everybody', async () => {
    const created = await api('POST', '/servers', { name: 'shared', transport: { type: 'http', url: echo.url }, auth: { type: 'api-key', header: 'X-Api-Key', value: 'shared-key-0123456789' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('shared-key-0123456789');
    t.hub.access.grant({ kind: 'server', name: 'shared' }, { user: bobId }, 'user');
    await waitFor(() => t.hub.registry.state('shared').status === 'running', 15_000, 'shared running');
    for (const token of [ownerToken, bobToken]) {
      const client = await mcpClient(token, '/mcp/shared');
      try {
        expect(text(await client.callTool({ name: 'whoami', arguments: {} }))).toBe('shared-key-0123456789');
      } finally {
        await client.close();
      }
    }
  });

  it('sends each user their own key, and tells a user without one how to set it', async () => {
    const created = await api('POST', '/servers', { name: 'keys', transport: { type: 'http', url: echo.url }, auth: { type: 'api-key', mode: 'individual', header: 'X-Api-Key', template: 'key-{{API_KEY}}' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // bob and carol may use the server (a role), each with their own key.
    for (const user of [bobId, carolId]) t.hub.access.grant({ kind: 'server', name: 'keys' }, { user }, 'user');
    expect((await api<AuthStatusView>('GET', '/servers/keys/auth')).body).toMatchObject({ status: 'needs-connect', hasOverride: false });
    expect((await api('PUT', '/servers/keys/auth/override', { value: 'alpha-0123456789' })).status).toBe(200);
    expect((await api('PUT', '/servers/keys/auth/override', { value: 'bravo-0123456789' }, bobToken)).status).toBe(200);
    expect((await api<AuthStatusView>('GET', '/servers/keys/auth', undefined, bobToken)).body).toMatchObject({ userId: bobId, status: 'connected', hasOverride: true });
    await waitFor(() => t.hub.registry.state('keys').status === 'running', 15_000, 'keys running');

    const seen: Record<string, string> = {};
    for (const [who, token] of [['owner', ownerToken], ['bob', bobToken], ['carol', carolToken]] as const) {
      const client = await mcpClient(token);
      try {
        const result = await client.callTool({ name: 'keys__whoami', arguments: {} });
        seen[who] = text(result);
        if (result.isError) errorTexts.push(seen[who]);
      } finally {
        await client.close();
      }
    }
    expect(seen.owner).toBe('key-alpha-0123456789');
    expect(seen.bob).toBe('key-bravo-0123456789');
    expect(seen.carol).toContain('"keys" uses individual API keys');
    expect(seen.carol).toContain('patchbay auth override keys --value');
    // The override is never returned.
    const view = await api('GET', '/servers/keys');
    expect(JSON.stringify(view.body)).not.toContain('alpha-0123456789');
  });
});

describe('token passthrough', () => {
  it('accepts JWTs of a configured identity and forwards them untouched; refuses a foreign issuer', async () => {
    t.clock.offset = 0;
    const identity = await api('POST', '/identities', { name: 'test-idp', issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, audience: AUDIENCE });
    expect(identity.status, JSON.stringify(identity.body)).toBe(201);
    const created = await api('POST', '/servers', { name: 'pass', transport: { type: 'http', url: mcp.url }, auth: { type: 'passthrough' } });
    expect(created.status).toBe(201);
    // The JWT's `sub` names the hub user it acts as; that user needs a role on the server.
    const dave = t.hub.store.users.create({ name: 'dave' }).id;
    t.hub.access.grant({ kind: 'server', name: 'pass' }, { user: dave }, 'user');

    const jwt = await issuer.sign({ sub: 'dave', aud: AUDIENCE });
    const client = await mcpClient(jwt, '/mcp/pass');
    try {
      const result = await client.callTool({ name: 'whoami', arguments: {} });
      expect(JSON.parse(text(result))).toMatchObject({ sub: 'dave', iss: issuer.issuer });
      expect(mcp.seenTokens).toContain(jwt);
    } finally {
      await client.close();
    }

    const stranger = await foreign.sign({ sub: 'mallory', aud: AUDIENCE });
    const refused = await fetch(`${t.http.url}/mcp`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stranger}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
    });
    expect(refused.status).toBe(401);
    errorTexts.push(await refused.text());
    const nobody = await issuer.sign({ sub: 'nobody', aud: AUDIENCE });
    const unmapped = await fetch(`${t.http.url}/mcp`, { method: 'POST', headers: { Authorization: `Bearer ${nobody}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(unmapped.status).toBe(401); // valid signature, but no hub user named "nobody"
    const expired = await issuer.sign({ sub: 'dave', aud: AUDIENCE, expiresIn: '-1m' });
    const late = await fetch(`${t.http.url}/mcp`, { method: 'POST', headers: { Authorization: `Bearer ${expired}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(late.status).toBe(401);
    // A hub token cannot be forwarded: the owner gets told what passthrough needs.
    const owner = await t.hub.callTool('pass', 'whoami', {}).catch((error: Error) => error.message);
    expect(owner).toContain('token passthrough');
    errorTexts.push(String(owner));
  });
});

describe('secrets stay secret', () => {
  it('keeps every token value out of SQLite, the logs and every error text', async () => {
    const values = new Set<string>(mcp.seenTokens);
    for (const key of await t.hub.secrets.list('auth/')) {
      const raw = (await t.hub.secrets.get(key)) ?? '';
      if (key.endsWith('/tokens')) {
        const tokens = JSON.parse(raw) as Record<string, unknown>;
        for (const field of ['accessToken', 'refreshToken', 'idToken']) if (typeof tokens[field] === 'string') values.add(tokens[field]);
      } else if (key.endsWith('/override')) values.add(raw);
    }
    for (const value of ['pre-registered-secret-0123456789', 'machine-secret-0123456789', 'shared-key-0123456789']) values.add(value);
    expect(values.size).toBeGreaterThan(10);

    const paths = hubPaths(t.home);
    const database = [paths.db, `${paths.db}-wal`].filter((file) => existsSync(file)).map((file) => readFileSync(file).toString('latin1')).join('\n');
    const logs = t.logLines.join('\n');
    expect(logs).toContain('authorization completed');
    const errors = errorTexts.join('\n');
    expect(errors.length).toBeGreaterThan(100);
    for (const value of values) {
      expect(database.includes(value), 'a token value is in the SQLite file').toBe(false);
      expect(logs.includes(value), 'a token value is in the logs').toBe(false);
      expect(errors.includes(value), 'a token value is in an error text').toBe(false);
    }
  });
});
