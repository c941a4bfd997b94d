// The OAuth requests themselves, on the SDK's functions: dynamic client registration (RFC 7591),
// the authorization URL with PKCE S256 and the resource indicator (RFC 8707), the code exchange,
// refresh, client credentials, and token revocation (RFC 7009, the one thing written by hand: the
// SDK has no helper for it). Every failure becomes a HubError whose message carries no secret.
import type { AuthorizationServerMetadata, FetchLike, OAuthClientInformationMixed, OAuthClientProvider, OAuthTokens } from '@modelcontextprotocol/client';
import { ClientCredentialsProvider, exchangeAuthorization, fetchToken, OAuthError, refreshAuthorization, registerClient, startAuthorization } from '@modelcontextprotocol/client';
import { errorMessage, HubError } from '../core/errors';
import type { Redactor } from '../core/redact';
import type { StoredClient, StoredTokens } from './authSecrets';
import type { OAuthEndpoints } from './oauthDiscovery';
import { revocationEndpoint } from './oauthDiscovery';

export const CLIENT_NAME = 'Patchbay';

/** Token-endpoint answers that mean the grant is gone and the user must connect again. */
const REFUSED = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'access_denied', 'invalid_scope']);

export interface GrantContext {
  server: string;
  redactor: Redactor;
  fetchFn?: FetchLike;
  now: () => number;
}

/** Whether a failed token request was refused (re-connect needed) rather than failed (retry later). */
export function isRefusal(error: unknown): boolean {
  return error instanceof HubError && error.code === 'AUTH_REQUIRED';
}

export async function registerPatchbay(ctx: GrantContext, endpoints: OAuthEndpoints, redirectUri: string): Promise<StoredClient> {
  if (!endpoints.metadata.registration_endpoint && endpoints.discovered) {
    throw new HubError(
      'AUTH_REQUIRED',
      `The authorization server of "${ctx.server}" does not support dynamic client registration. Register Patchbay there as a client with the redirect URI ${redirectUri}, then give its client ID (and secret) in the server's auth settings.`,
    );
  }
  try {
    const info = await registerClient(endpoints.authorizationServerUrl, {
      metadata: endpoints.metadata,
      clientMetadata: {
        client_name: CLIENT_NAME,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        application_type: 'native',
        ...(endpoints.scope && { scope: endpoints.scope }),
      },
      ...(ctx.fetchFn && { fetchFn: ctx.fetchFn }),
    });
    ctx.redactor.add(info.client_secret);
    return {
      clientId: info.client_id,
      ...(info.client_secret && { clientSecret: info.client_secret }),
      redirectUri,
      issuer: endpoints.metadata.issuer,
      ...(info.token_endpoint_auth_method && { tokenEndpointAuthMethod: info.token_endpoint_auth_method }),
    };
  } catch (error) {
    throw failure(ctx, 'register Patchbay as an OAuth client', error);
  }
}

export async function authorizationUrl(
  ctx: GrantContext,
  endpoints: OAuthEndpoints,
  client: StoredClient,
  redirectUri: string,
  state: string,
): Promise<{ url: string; codeVerifier: string }> {
  try {
    const { authorizationUrl, codeVerifier } = await startAuthorization(endpoints.authorizationServerUrl, {
      metadata: endpoints.metadata,
      clientInformation: clientInformation(client),
      redirectUrl: redirectUri,
      state,
      ...(endpoints.scope && { scope: endpoints.scope }),
      ...(endpoints.resource && { resource: endpoints.resource }),
    });
    return { url: authorizationUrl.href, codeVerifier };
  } catch (error) {
    throw new HubError('AUTH_REQUIRED', `Cannot start authorization for "${ctx.server}": ${ctx.redactor.redact(errorMessage(error))}`, { cause: error });
  }
}

export async function exchangeCode(
  ctx: GrantContext,
  endpoints: OAuthEndpoints,
  client: StoredClient,
  input: { code: string; iss?: string; codeVerifier: string; redirectUri: string },
): Promise<StoredTokens> {
  try {
    const tokens = await exchangeAuthorization(endpoints.authorizationServerUrl, {
      metadata: endpoints.metadata,
      clientInformation: clientInformation(client),
      authorizationCode: input.code,
      // Without discovered metadata there is no trustworthy issuer to compare `iss` with.
      ...(endpoints.discovered && input.iss !== undefined && { iss: input.iss }),
      codeVerifier: input.codeVerifier,
      redirectUri: input.redirectUri,
      ...(endpoints.resource && { resource: endpoints.resource }),
      ...(ctx.fetchFn && { fetchFn: ctx.fetchFn }),
    });
    return stored(ctx, tokens);
  } catch (error) {
    throw failure(ctx, 'exchange the authorization code', error);
  }
}

export async function refresh(ctx: GrantContext, endpoints: OAuthEndpoints, client: StoredClient, current: StoredTokens): Promise<StoredTokens> {
  if (!current.refreshToken) throw new HubError('AUTH_REQUIRED', `The token for "${ctx.server}" expired and the server gave no refresh token. Run \`patchbay auth connect ${ctx.server}\`.`);
  try {
    const tokens = await refreshAuthorization(endpoints.authorizationServerUrl, {
      metadata: endpoints.metadata,
      clientInformation: clientInformation(client),
      refreshToken: current.refreshToken,
      ...(endpoints.resource && { resource: endpoints.resource }),
      ...(ctx.fetchFn && { fetchFn: ctx.fetchFn }),
    });
    // A refresh may leave out the ID token; keep the one we have.
    return { ...(current.idToken && { idToken: current.idToken }), ...stored(ctx, tokens) };
  } catch (error) {
    throw failure(ctx, 'renew the access token', error);
  }
}

export async function clientCredentials(
  ctx: GrantContext,
  endpoints: OAuthEndpoints,
  client: { clientId: string; clientSecret: string; clientAuth: 'basic' | 'post' },
): Promise<StoredTokens> {
  const provider: OAuthClientProvider = Object.assign(new ClientCredentialsProvider({ clientId: client.clientId, clientSecret: client.clientSecret, clientName: CLIENT_NAME, ...(endpoints.scope && { scope: endpoints.scope }) }), {
    addClientAuthentication: (headers: Headers, params: URLSearchParams) => {
      if (client.clientAuth === 'post') {
        params.set('client_id', client.clientId);
        params.set('client_secret', client.clientSecret);
      } else {
        headers.set('Authorization', `Basic ${basic(client.clientId, client.clientSecret)}`);
      }
    },
  });
  try {
    const tokens = await fetchToken(provider, endpoints.authorizationServerUrl, {
      metadata: endpoints.metadata,
      ...(endpoints.resource && { resource: endpoints.resource }),
      ...(endpoints.scope && { scope: endpoints.scope }),
      ...(ctx.fetchFn && { fetchFn: ctx.fetchFn }),
    });
    return stored(ctx, tokens);
  } catch (error) {
    throw failure(ctx, 'obtain a token with the client credentials', error);
  }
}

/** RFC 7009. Returns whether the server had a revocation endpoint (failures are reported, not thrown). */
export async function revoke(
  ctx: GrantContext,
  metadata: AuthorizationServerMetadata,
  client: { clientId: string; clientSecret?: string },
  tokens: StoredTokens,
): Promise<{ revoked: boolean; problem?: string }> {
  const endpoint = revocationEndpoint(metadata);
  if (!endpoint) return { revoked: false };
  const problems: string[] = [];
  // The refresh token first: revoking it usually ends the whole grant.
  for (const [token, hint] of [[tokens.refreshToken, 'refresh_token'], [tokens.accessToken, 'access_token']] as const) {
    if (!token) continue;
    const body = new URLSearchParams({ token, token_type_hint: hint });
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    if (client.clientSecret) headers.Authorization = `Basic ${basic(client.clientId, client.clientSecret)}`;
    else body.set('client_id', client.clientId);
    try {
      const response = await (ctx.fetchFn ?? fetch)(endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) });
      const answer = (await response.json().catch(() => undefined)) as { error?: unknown } | undefined;
      // RFC 7009 §2.2.1: a server that cannot revoke this kind of token (e.g. self-contained JWT
      // access tokens) says unsupported_token_type; revoking the refresh token ended the grant.
      if (!response.ok && answer?.error !== 'unsupported_token_type') {
        problems.push(`revoking the ${hint.replace('_', ' ')} answered HTTP ${response.status}${typeof answer?.error === 'string' && /^[a-z_]{1,64}$/.test(answer.error) ? ` (${answer.error})` : ''}`);
      }
    } catch (error) {
      problems.push(`revoking the ${hint.replace('_', ' ')} failed: ${ctx.redactor.redact(errorMessage(error))}`);
    }
  }
  return { revoked: problems.length === 0, ...(problems.length > 0 && { problem: problems.join('; ') }) };
}

function clientInformation(client: StoredClient): OAuthClientInformationMixed {
  return {
    client_id: client.clientId,
    ...(client.clientSecret && { client_secret: client.clientSecret }),
    ...(client.tokenEndpointAuthMethod && { token_endpoint_auth_method: client.tokenEndpointAuthMethod }),
  } as OAuthClientInformationMixed;
}

function stored(ctx: GrantContext, tokens: OAuthTokens): StoredTokens {
  const now = ctx.now();
  for (const value of [tokens.access_token, tokens.refresh_token, tokens.id_token]) ctx.redactor.add(value);
  return {
    accessToken: tokens.access_token,
    ...(tokens.refresh_token && { refreshToken: tokens.refresh_token }),
    ...(tokens.id_token && { idToken: tokens.id_token }),
    tokenType: tokens.token_type,
    ...(typeof tokens.expires_in === 'number' && { expiresAt: now + tokens.expires_in * 1000 }),
    ...(tokens.scope && { scope: tokens.scope }),
    obtainedAt: now,
  };
}

function basic(id: string, secret: string): string {
  return Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
}

/** AUTH_REQUIRED when the authorization server refused (the user must act), UPSTREAM_UNAVAILABLE otherwise. */
function failure(ctx: GrantContext, what: string, error: unknown): HubError {
  if (error instanceof HubError) return error;
  const detail = ctx.redactor.redact(errorMessage(error));
  if (error instanceof OAuthError && REFUSED.has(error.code)) {
    return new HubError('AUTH_REQUIRED', `The authorization server of "${ctx.server}" refused to ${what} (${error.code}: ${detail}). Run \`patchbay auth connect ${ctx.server}\` to authorize again.`, { cause: error });
  }
  if (error instanceof OAuthError || (error instanceof Error && error.name === 'RegistrationRejectedError')) {
    return new HubError('AUTH_REQUIRED', `Could not ${what} for "${ctx.server}": ${detail}. Check the server's OAuth settings.`, { cause: error });
  }
  return new HubError('UPSTREAM_UNAVAILABLE', `Could not ${what} for "${ctx.server}": ${detail}. Check that its authorization server is reachable; the hub retries on the next call.`, { cause: error });
}
