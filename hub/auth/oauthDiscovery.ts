// OAuth discovery per the MCP authorization spec, on the SDK's helpers: probe the server for its
// 401 `WWW-Authenticate` challenge, read the protected-resource metadata (RFC 9728), then the
// authorization-server metadata (RFC 8414, with the OpenID configuration fallback). Configured
// URLs override what discovery found; discovery fills in everything left out.
import type { AuthorizationServerMetadata, FetchLike, OAuthProtectedResourceMetadata } from '@modelcontextprotocol/client';
import { checkResourceAllowed, discoverOAuthServerInfo, extractWWWAuthenticateParams, resourceUrlFromServerUrl } from '@modelcontextprotocol/client';
import type { OAuth2AuthorizationCodeAuth, OAuth2ClientCredentialsAuth } from '../../shared/types';
import { errorMessage, HubError } from '../core/errors';

export type OAuth2Config = OAuth2AuthorizationCodeAuth | OAuth2ClientCredentialsAuth;

export interface OAuthEndpoints {
  authorizationServerUrl: string;
  /** The authorization server's metadata with the configured URLs laid over it. */
  metadata: AuthorizationServerMetadata;
  /** False when nothing was discovered and the metadata is built from the configured URLs only. */
  discovered: boolean;
  /** RFC 8707 resource indicator (from the protected-resource metadata). */
  resource?: URL;
  /** The scopes to ask for, space-separated. */
  scope?: string;
}

export interface DiscoverInput {
  server: string;
  serverUrl: string;
  auth: OAuth2Config;
  fetchFn?: FetchLike;
  /** A challenge already in hand (from an upstream 401); otherwise the server is probed. */
  wwwAuthenticate?: string;
}

/** What an unauthenticated request to the server answers: its `WWW-Authenticate` challenge, if any. */
export async function probeChallenge(serverUrl: string, fetchFn: FetchLike = fetch): Promise<string | undefined> {
  const response = await fetchFn(serverUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'patchbay', version: '0' } } }),
    signal: AbortSignal.timeout(15_000),
  });
  await response.body?.cancel().catch(() => undefined);
  return response.status === 401 || response.status === 403 ? (response.headers.get('www-authenticate') ?? undefined) : undefined;
}

export async function discoverEndpoints(input: DiscoverInput): Promise<OAuthEndpoints> {
  const { auth, server } = input;
  let challenge = input.wwwAuthenticate;
  if (challenge === undefined) {
    try {
      challenge = await probeChallenge(input.serverUrl, input.fetchFn);
    } catch (error) {
      throw new HubError('UPSTREAM_UNAVAILABLE', `Could not reach "${server}" at ${input.serverUrl} to discover its authorization server: ${errorMessage(error)}. Check that it is running and the URL is right.`, { cause: error });
    }
  }
  const params = challenge ? extractWWWAuthenticateParams(new Response(null, { headers: { 'www-authenticate': challenge } })) : {};

  let authorizationServerUrl: string | undefined;
  let found: AuthorizationServerMetadata | undefined;
  let resourceMetadata: OAuthProtectedResourceMetadata | undefined;
  let failure: unknown;
  try {
    const info = await discoverOAuthServerInfo(input.serverUrl, { ...(params.resourceMetadataUrl && { resourceMetadataUrl: params.resourceMetadataUrl }), ...(input.fetchFn && { fetchFn: input.fetchFn }) });
    authorizationServerUrl = info.authorizationServerUrl;
    found = info.authorizationServerMetadata;
    resourceMetadata = info.resourceMetadata;
  } catch (error) {
    failure = error;
  }

  const configuredIssuer = auth.grant === 'authorization_code' ? (auth.authorizationUrl ?? auth.tokenUrl) : auth.tokenUrl;
  authorizationServerUrl ??= configuredIssuer ? new URL('/', configuredIssuer).href : new URL('/', input.serverUrl).href;
  const metadata = overlay(found, authorizationServerUrl, auth);
  const missing = auth.grant === 'authorization_code' && !metadata.authorization_endpoint ? 'authorization URL' : !metadata.token_endpoint ? 'token URL' : undefined;
  if (missing) {
    const why = failure ? `discovery failed (${errorMessage(failure)})` : 'the server publishes no OAuth metadata';
    throw new HubError('AUTH_REQUIRED', `Could not find the ${missing} for "${server}": ${why}. Give it in the server's auth settings (--authorization-url / --token-url).`, { cause: failure });
  }

  let resource: URL | undefined;
  if (resourceMetadata) {
    const expected = resourceUrlFromServerUrl(input.serverUrl);
    if (!checkResourceAllowed({ requestedResource: expected, configuredResource: resourceMetadata.resource })) {
      throw new HubError('AUTH_REQUIRED', `"${server}" published protected-resource metadata for ${resourceMetadata.resource}, which is not its own URL (${expected.href}); refusing to request tokens for it. Check the server URL.`);
    }
    resource = new URL(resourceMetadata.resource);
  }

  return { authorizationServerUrl, metadata, discovered: found !== undefined, ...(resource && { resource }), ...scopeOf(auth, params.scope, resourceMetadata, metadata) };
}

function overlay(found: AuthorizationServerMetadata | undefined, authorizationServerUrl: string, auth: OAuth2Config): AuthorizationServerMetadata {
  const out: Record<string, unknown> = found ? { ...found } : { issuer: authorizationServerUrl.replace(/\/$/, ''), response_types_supported: ['code'] };
  const configured: Record<string, unknown> = {
    token_endpoint: auth.tokenUrl,
    revocation_endpoint: auth.revocationUrl,
    ...(auth.grant === 'authorization_code' && {
      authorization_endpoint: auth.authorizationUrl,
      registration_endpoint: auth.registrationUrl,
      code_challenge_methods_supported: auth.codeChallengeMethods,
    }),
  };
  for (const [key, value] of Object.entries(configured)) if (value !== undefined) out[key] = value;
  return out as AuthorizationServerMetadata;
}

/** The RFC 7009 revocation endpoint, when the server has one. */
export function revocationEndpoint(metadata: AuthorizationServerMetadata): string | undefined {
  const value = (metadata as Record<string, unknown>).revocation_endpoint;
  return typeof value === 'string' ? value : undefined;
}

/** Scopes: configured, else the challenge's, else the resource's; plus openid / offline_access where they apply. */
function scopeOf(auth: OAuth2Config, challenged: string | undefined, resource: OAuthProtectedResourceMetadata | undefined, metadata: AuthorizationServerMetadata): { scope?: string } {
  const scopes = new Set<string>(auth.scopes ?? challenged?.split(' ').filter(Boolean) ?? resource?.scopes_supported ?? []);
  if (auth.grant === 'authorization_code') {
    if (auth.jwtSource === 'id_token') scopes.add('openid');
    if (!auth.scopes && metadata.scopes_supported?.includes('offline_access')) scopes.add('offline_access');
  }
  return scopes.size > 0 ? { scope: [...scopes].join(' ') } : {};
}
