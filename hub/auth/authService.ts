// Upstream auth for the whole hub: what each (server, user) sends upstream, their status, the
// OAuth connect flow (start -> browser -> /oauth/callback), revoke, and individual API-key
// overrides. Secrets stay in the SecretStore (AuthSecrets); nothing here writes SQLite.
import type { FetchLike } from '@modelcontextprotocol/client';
import type { AuthConnectView, AuthStatusView } from '../../shared/api';
import type { AuthConfig, OAuth2AuthorizationCodeAuth, OAuth2ClientCredentialsAuth, ServerConfig } from '../../shared/types';
import { API_KEY_PLACEHOLDER } from '../../shared/types';
import type { Clock } from '../core/clock';
import { errorMessage, HubError } from '../core/errors';
import { loadOnce } from '../core/loadOnce';
import type { Logger } from '../core/logger';
import type { Redactor } from '../core/redact';
import type { SecretStore } from '../secrets/secretStore';
import type { UpstreamAuthProvider } from '../upstream/connection';
import { AuthSecrets, SERVICE_USER } from './authSecrets';
import type { StoredClient, StoredTokens } from './authSecrets';
import { ConnectFlows, FLOW_TTL_MS } from './connectFlows';
import type { FlowOutcome } from './connectFlows';
import type { OAuthEndpoints } from './oauthDiscovery';
import type { GrantContext } from './oauthGrants';
import type * as OAuthWire from './oauthWire';
import { computeAuthStatus, notConnected } from './authStatus';
import type { Problem } from './authStatus';
import { TokenSource } from './tokenSource';

/** OAuth's protocol side, loaded with the first OAuth operation (oauthWire.ts). */
const oauth = loadOnce((): Promise<typeof OAuthWire> => import('./oauthWire'));

export const OWNER = 'owner';

export interface AuthServiceOptions {
  /** Current server configs by name (the store). */
  servers: { get(name: string): ServerConfig | undefined };
  secrets: SecretStore;
  redactor: Redactor;
  logger: Logger;
  clock: Clock;
  /** For tests that count requests; default global fetch. */
  fetchFn?: FetchLike;
}

/** What one upstream connection of (server, user) sends: extra headers and/or a bearer provider. */
export interface UpstreamCredentials {
  headers: Record<string, string>;
  auth?: UpstreamAuthProvider;
}


export class AuthService {
  readonly store: AuthSecrets;
  private readonly flows: ConnectFlows;
  private readonly sources = new Map<string, TokenSource>();
  private readonly endpointCache = new Map<string, Promise<OAuthEndpoints>>();
  private readonly problems = new Map<string, Problem>();
  private readonly bearers = new Map<string, { bearer: string; at: number }>();
  private readonly statusCache = new Map<string, AuthStatusView>();
  private readonly listeners = new Set<(serverId: string, userId: string) => void>();
  private readonly log: Logger;

  constructor(private readonly options: AuthServiceOptions) {
    this.store = new AuthSecrets(options.secrets, options.redactor);
    this.flows = new ConnectFlows(options.clock);
    this.log = options.logger.child({ component: 'auth' });
  }

  /** Called with (serverId, userId) when that user's credentials for that server changed. */
  onChange(listener: (serverId: string, userId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- credentials for upstream connections ------------------------------------------------------

  async credentials(config: ServerConfig, userId: string): Promise<UpstreamCredentials> {
    const auth = config.auth;
    switch (auth.type) {
      case 'none':
        return { headers: {} };
      case 'api-key': {
        if (auth.mode === 'shared') return { headers: { [auth.header]: await this.store.resolve(refKey(auth.value), `API key of "${config.name}"`) } };
        const value = await this.store.override(config.id, userId);
        if (value === undefined) throw this.noOverride(config, userId);
        return { headers: { [auth.header]: auth.template.replace(API_KEY_PLACEHOLDER, value) } };
      }
      case 'oauth2': {
        const source = this.source(config, auth.grant === 'client_credentials' ? SERVICE_USER : userId);
        return { headers: {}, auth: { token: () => source.bearer(), onUnauthorized: (challenge) => source.unauthorized(challenge.rejectedToken) } };
      }
      case 'passthrough':
        return {
          headers: {},
          auth: {
            token: async () => {
              const known = this.bearers.get(userId);
              if (!known) throw this.noBearer(config);
              return known.bearer;
            },
          },
        };
    }
  }

  /** Whether `userId` can use the server now; throws the AUTH_REQUIRED error that says what to do. */
  async check(config: ServerConfig, userId: string, caller?: { bearer?: string }): Promise<void> {
    const auth = config.auth;
    if (auth.type === 'passthrough') {
      // The freshest bearer is noted when the request is authenticated (noteBearer); a session's
      // principal may still carry the one it started with.
      if (caller?.bearer && !this.bearers.has(userId)) this.noteBearer(userId, caller.bearer);
      if (!this.bearers.has(userId)) throw this.noBearer(config);
      return;
    }
    if (auth.type === 'api-key' && auth.mode === 'individual' && (await this.store.override(config.id, userId)) === undefined) throw this.noOverride(config, userId);
    if (auth.type === 'oauth2' && auth.grant === 'authorization_code' && !(await this.source(config, userId).current())) {
      throw new HubError('AUTH_REQUIRED', this.problems.get(problemKey(config.id, userId))?.message ?? notConnected(config.name, userId));
    }
  }

  /** Users who can use a per-user server now, the owner first (the connection that lists tools). */
  async users(config: ServerConfig): Promise<string[]> {
    const auth = config.auth;
    let users: string[] = [];
    if (auth.type === 'passthrough') users = [...this.bearers.entries()].sort((a, b) => b[1].at - a[1].at).map(([user]) => user);
    else if (auth.type === 'api-key') users = await this.store.users(config.id, 'override');
    else if (auth.type === 'oauth2') users = (await this.store.users(config.id, 'tokens')).filter((user) => user !== SERVICE_USER);
    return users.includes(OWNER) ? [OWNER, ...users.filter((user) => user !== OWNER)] : users;
  }

  /** Remembers the bearer JWT an external-identity caller presented (token passthrough). */
  noteBearer(userId: string, bearer: string): void {
    this.options.redactor.add(bearer);
    const first = !this.bearers.has(userId);
    this.bearers.set(userId, { bearer, at: this.options.clock.now() });
    if (first) for (const listener of this.listeners) listener('*', userId);
  }

  // ---- status -------------------------------------------------------------------------------------

  async status(name: string, userId: string): Promise<AuthStatusView> {
    const config = this.server(name);
    const view = await computeAuthStatus(
      { store: this.store, now: () => this.options.clock.now(), problem: (user) => this.problems.get(problemKey(config.id, user)), noOverride: (user) => this.noOverride(config, user).message },
      config,
      userId,
    );
    this.statusCache.set(problemKey(config.id, userId), view);
    return view;
  }

  /** The last status computed for (server, user), for synchronous views (server list). */
  cachedStatus(config: ServerConfig, userId: string): AuthStatusView | undefined {
    if (config.auth.type === 'none') return { server: config.name, userId, type: 'none', status: 'not-required' };
    return this.statusCache.get(problemKey(config.id, userId));
  }

  flow(state: string): FlowOutcome | undefined {
    return this.flows.outcome(state);
  }

  waitForFlow(state: string, signal?: AbortSignal): Promise<FlowOutcome> {
    return this.flows.wait(state, signal);
  }

  // ---- connect, callback, revoke, overrides ---------------------------------------------------------

  async startConnect(name: string, userId: string, redirectUri: string): Promise<AuthConnectView> {
    const config = this.server(name);
    const auth = config.auth;
    if (auth.type !== 'oauth2' || auth.grant !== 'authorization_code' || config.transport.type !== 'http') {
      throw new HubError('BAD_REQUEST', `"${name}" does not use OAuth sign-in (its auth is ${describe(auth)}); there is nothing to connect.${auth.type === 'api-key' && auth.mode === 'individual' ? ` Set your API key with \`patchbay auth override ${name} --value ...\`.` : ''}`);
    }
    const endpoints = await (await oauth()).discoverEndpoints({ server: name, serverUrl: config.transport.url, auth, ...this.fetchOption() });
    this.endpointCache.set(`${config.id}@${config.updatedAt}`, Promise.resolve(endpoints));
    const client = await this.clientFor(config, auth, endpoints, redirectUri);
    const state = ConnectFlows.newState();
    const { url, codeVerifier } = await (await oauth()).authorizationUrl(this.grantContext(name), endpoints, client, redirectUri, state);
    this.flows.add(state, { serverId: config.id, server: name, userId, codeVerifier, redirectUri, endpoints, client, expiresAt: this.options.clock.now() + FLOW_TTL_MS });
    this.log.info('authorization started', { server: name, userId });
    return { authorizationUrl: url, state, redirectUri };
  }

  /** The browser came back to /oauth/callback: check `state`, exchange the code, store the tokens. */
  async handleCallback(query: URLSearchParams): Promise<{ server: string; userId: string }> {
    const state = query.get('state') ?? '';
    const flow = this.flows.take(state);
    if (!flow) {
      throw new HubError('BAD_REQUEST', 'This authorization response does not belong to a sign-in in progress (unknown or already used state). Start again with `patchbay auth connect NAME`.');
    }
    const fail = (message: string): HubError => {
      this.flows.finish(state, { status: 'failed', message, server: flow.server, userId: flow.userId });
      return new HubError('AUTH_REQUIRED', message);
    };
    const error = query.get('error');
    // error_description is chosen by whoever sent the browser here: show only the standard code.
    if (error) throw fail(`The authorization server did not authorize "${flow.server}" (${/^[a-z_]{1,64}$/.test(error) ? error : 'error'}). Run \`patchbay auth connect ${flow.server}\` to try again.`);
    const code = query.get('code');
    if (!code) throw fail(`The authorization response for "${flow.server}" has no code. Run \`patchbay auth connect ${flow.server}\` to try again.`);
    let tokens: StoredTokens;
    try {
      tokens = await (await oauth()).exchangeCode(this.grantContext(flow.server), flow.endpoints, flow.client, { code, iss: query.get('iss') ?? undefined, codeVerifier: flow.codeVerifier, redirectUri: flow.redirectUri });
    } catch (cause) {
      throw fail(errorMessage(cause));
    }
    await this.store.saveTokens(flow.serverId, flow.userId, tokens);
    this.changed(flow.serverId, flow.userId);
    this.flows.finish(state, { status: 'done', server: flow.server, userId: flow.userId });
    this.log.info('authorization completed', { server: flow.server, userId: flow.userId });
    return { server: flow.server, userId: flow.userId };
  }

  /** Revokes at the authorization server when it has an endpoint (RFC 7009); always forgets the tokens. */
  async revoke(name: string, userId: string): Promise<{ revoked: boolean; deleted: boolean; problem?: string }> {
    const config = this.server(name);
    const auth = config.auth;
    if (auth.type !== 'oauth2') throw new HubError('BAD_REQUEST', `"${name}" does not use OAuth (its auth is ${describe(auth)}); there are no tokens to revoke.`);
    const owner = auth.grant === 'client_credentials' ? SERVICE_USER : userId;
    const tokens = await this.store.tokens(config.id, owner).catch(() => undefined);
    let result: { revoked: boolean; problem?: string } = { revoked: false };
    if (tokens) {
      try {
        const endpoints = await this.endpoints(config, auth);
        const client = await this.grantClient(config, auth);
        result = await (await oauth()).revoke(this.grantContext(name), endpoints.metadata, client, tokens);
      } catch (error) {
        result = { revoked: false, problem: errorMessage(error) };
      }
    }
    await this.store.deleteTokens(config.id, owner);
    this.changed(config.id, owner);
    this.log.info('tokens deleted', { server: name, userId: owner, revokedUpstream: result.revoked });
    return { ...result, deleted: tokens !== undefined };
  }

  async setOverride(name: string, userId: string, value: string): Promise<void> {
    const config = this.server(name);
    if (config.auth.type !== 'api-key' || config.auth.mode !== 'individual') {
      throw new HubError('BAD_REQUEST', `"${name}" does not take individual API keys (its auth is ${describe(config.auth)}).`);
    }
    await this.store.setOverride(config.id, userId, value);
    this.changed(config.id, userId);
  }

  async deleteOverride(name: string, userId: string): Promise<boolean> {
    const config = this.server(name);
    const had = (await this.store.override(config.id, userId)) !== undefined;
    await this.store.deleteOverride(config.id, userId);
    this.changed(config.id, userId);
    return had;
  }

  /** The server's auth settings changed or it was removed: drop tokens, clients and caches. */
  async forget(serverId: string, options: { everything?: boolean } = {}): Promise<void> {
    if (options.everything) await this.store.deleteAll(serverId);
    else await this.store.forgetSession(serverId);
    for (const key of [...this.sources.keys()]) if (key.startsWith(`${serverId}/`)) this.sources.delete(key);
    for (const key of [...this.endpointCache.keys()]) if (key.startsWith(`${serverId}@`)) this.endpointCache.delete(key);
    for (const key of [...this.problems.keys()]) if (key.startsWith(`${serverId}/`)) this.problems.delete(key);
    for (const key of [...this.statusCache.keys()]) if (key.startsWith(`${serverId}/`)) this.statusCache.delete(key);
  }

  dispose(): void {
    this.flows.dispose();
    this.listeners.clear();
    this.sources.clear();
  }

  // ---- internals ------------------------------------------------------------------------------------

  private server(name: string): ServerConfig {
    const config = this.options.servers.get(name);
    if (!config) throw new HubError('NOT_FOUND', `No server named "${name}". Run \`patchbay server list\` to see the configured servers.`);
    return config;
  }

  private source(config: ServerConfig, userId: string): TokenSource {
    const key = `${config.id}/${userId}@${config.updatedAt}`;
    const existing = this.sources.get(key);
    if (existing) return existing;
    const auth = config.auth as OAuth2AuthorizationCodeAuth | OAuth2ClientCredentialsAuth;
    const ctx = this.grantContext(config.name);
    const source = new TokenSource({
      server: config.name,
      clock: this.options.clock,
      load: () => this.store.tokens(config.id, userId),
      save: async (tokens) => {
        await this.store.saveTokens(config.id, userId, tokens);
        this.problems.delete(problemKey(config.id, userId));
      },
      renew: async (current) => {
        const endpoints = await this.endpoints(config, auth);
        if (auth.grant === 'client_credentials') {
          return (await oauth()).clientCredentials(ctx, endpoints, { clientId: auth.clientId, clientSecret: await this.store.resolve(refKey(auth.clientSecret), `client secret of "${config.name}"`), clientAuth: auth.clientAuth });
        }
        if (!current) throw new HubError('AUTH_REQUIRED', notConnected(config.name, userId));
        this.log.info('renewing the access token', { server: config.name, userId });
        return (await oauth()).refresh(ctx, endpoints, await this.grantClient(config, auth), current);
      },
      onRefused: async (error, refused) => {
        // A sign-in that stored new tokens while the refused renewal was under way stands.
        const stored = await this.store.tokens(config.id, userId).catch(() => undefined);
        if (stored && !(refused && stored.accessToken === refused.accessToken && stored.refreshToken === refused.refreshToken)) return;
        this.problems.set(problemKey(config.id, userId), { status: auth.grant === 'client_credentials' ? 'error' : 'needs-connect', message: error.message });
        if (auth.grant === 'authorization_code' && stored) await this.store.deleteTokens(config.id, userId);
        this.log.warn('authorization refused; the user must connect again', { server: config.name, userId, message: error.message });
        this.changed(config.id, userId, { keepProblem: true });
      },
      pick: (tokens) => (auth.grant === 'authorization_code' && auth.jwtSource === 'id_token' ? tokens.idToken : tokens.accessToken),
      ...(auth.grant === 'authorization_code' && { missing: () => new HubError('AUTH_REQUIRED', this.problems.get(problemKey(config.id, userId))?.message ?? notConnected(config.name, userId)) }),
    });
    this.sources.set(key, source);
    return source;
  }

  private endpoints(config: ServerConfig, auth: OAuth2AuthorizationCodeAuth | OAuth2ClientCredentialsAuth): Promise<OAuthEndpoints> {
    // Keyed by the config's version: settings changed by another process (the CLI) are seen here.
    const key = `${config.id}@${config.updatedAt}`;
    const cached = this.endpointCache.get(key);
    if (cached) return cached;
    if (config.transport.type !== 'http') return Promise.reject(new HubError('BAD_REQUEST', `"${config.name}" is not an HTTP server.`));
    const serverUrl = config.transport.url;
    const found = oauth().then((wire) => wire.discoverEndpoints({ server: config.name, serverUrl, auth, ...this.fetchOption() }));
    this.endpointCache.set(key, found);
    found.catch(() => this.endpointCache.delete(key));
    return found;
  }

  /** The OAuth client for a connect: configured, or registered before (same AS and redirect URI), or registered now. */
  private async clientFor(config: ServerConfig, auth: OAuth2AuthorizationCodeAuth, endpoints: OAuthEndpoints, redirectUri: string): Promise<StoredClient> {
    if (auth.clientId) return this.configuredClient(config, auth, endpoints.metadata.issuer, redirectUri);
    const stored = await this.store.client(config.id);
    if (stored && stored.issuer === endpoints.metadata.issuer && stored.redirectUri === redirectUri) return stored;
    const registered = await (await oauth()).registerPatchbay(this.grantContext(config.name), endpoints, redirectUri);
    await this.store.saveClient(config.id, registered);
    this.log.info('registered Patchbay as an OAuth client', { server: config.name, issuer: registered.issuer });
    return registered;
  }

  /** The client whose tokens are being refreshed or revoked. */
  private async grantClient(config: ServerConfig, auth: OAuth2AuthorizationCodeAuth | OAuth2ClientCredentialsAuth): Promise<StoredClient> {
    if (auth.clientId) return this.configuredClient(config, auth, '', '');
    const stored = await this.store.client(config.id);
    if (!stored) throw new HubError('AUTH_REQUIRED', `The OAuth client registration for "${config.name}" is gone. Run \`patchbay auth connect ${config.name}\`.`);
    return stored;
  }

  private async configuredClient(config: ServerConfig, auth: OAuth2AuthorizationCodeAuth | OAuth2ClientCredentialsAuth, issuer: string, redirectUri: string): Promise<StoredClient> {
    const secret = auth.clientSecret ? await this.store.resolve(refKey(auth.clientSecret), `client secret of "${config.name}"`) : undefined;
    const method = auth.grant === 'client_credentials' ? (auth.clientAuth === 'post' ? 'client_secret_post' : 'client_secret_basic') : undefined;
    return { clientId: auth.clientId ?? '', ...(secret && { clientSecret: secret }), redirectUri, issuer, ...(method && { tokenEndpointAuthMethod: method }) };
  }

  private changed(serverId: string, userId: string, options: { keepProblem?: boolean } = {}): void {
    if (!options.keepProblem) this.problems.delete(problemKey(serverId, userId));
    for (const [key, source] of this.sources) if (key.startsWith(`${serverId}/${userId}@`)) source.reset();
    const cached = this.statusCache.get(problemKey(serverId, userId));
    if (cached) void this.status(cached.server, userId).catch(() => this.statusCache.delete(problemKey(serverId, userId)));
    for (const listener of this.listeners) {
      try {
        listener(serverId, userId);
      } catch (error) {
        this.log.warn(`auth change listener failed: ${errorMessage(error)}`);
      }
    }
  }

  private noOverride(config: ServerConfig, userId: string): HubError {
    return new HubError(
      'AUTH_REQUIRED',
      `"${config.name}" uses individual API keys and ${userId === OWNER ? 'you have' : `user "${userId}" has`} not set one. Set it with \`patchbay auth override ${config.name} --value YOUR_KEY\` (or PUT /api/servers/${config.name}/auth/override).`,
    );
  }

  private noBearer(config: ServerConfig): HubError {
    return new HubError(
      'AUTH_REQUIRED',
      `"${config.name}" uses token passthrough: the hub forwards the caller's own bearer JWT, and this caller presented none. Connect with a JWT from a configured external identity (\`patchbay auth identity add\`), not a hub token.`,
    );
  }

  private grantContext(server: string): GrantContext {
    return { server, redactor: this.options.redactor, now: () => this.options.clock.now(), ...this.fetchOption() };
  }

  private fetchOption(): { fetchFn?: FetchLike } {
    return this.options.fetchFn ? { fetchFn: this.options.fetchFn } : {};
  }
}

function problemKey(serverId: string, userId: string): string {
  return `${serverId}/${userId}`;
}

function refKey(ref: { secret: string } | { value: string }): string {
  if ('secret' in ref) return ref.secret;
  throw new HubError('INTERNAL', 'internal: an auth secret was stored as a plain value');
}


function describe(auth: AuthConfig): string {
  return auth.type === 'oauth2' ? `oauth2 (${auth.grant.replace('_', ' ')})` : auth.type === 'api-key' ? `api-key (${auth.mode})` : auth.type;
}
