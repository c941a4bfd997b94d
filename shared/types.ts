// Domain types shared by the hub, the Electron shell and the renderer. Plain data only.

/** Server names: lowercase letters, digits and hyphens, starting with a letter or digit. They
 * appear in URLs (`/mcp/NAME`) and as tool-name prefixes (`NAME__tool`). */
export const SERVER_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,47}$/;
export const SERVER_NAME_RULE = 'use 1-48 lowercase letters, digits or hyphens, starting with a letter or digit (e.g. "github" or "my-server")';

/**
 * A configured value (header value, env value) as stored in SQLite. Secret values never are:
 * `{ secret: KEY }` points into the SecretStore. `{ value }` is for values that are not secret
 * (e.g. `Accept: application/json`, `LOG_LEVEL=debug`).
 */
export type ValueRef = { value: string } | { secret: string };

export interface StdioTransportConfig {
  type: 'stdio';
  command: string;
  args: string[];
  env: Record<string, ValueRef>;
  cwd?: string;
}

/** `auto` tries Streamable HTTP and falls back to legacy SSE for old servers. */
export type HttpTransportMode = 'auto' | 'streamable-http' | 'sse';

export interface HttpTransportConfig {
  type: 'http';
  url: string;
  headers: Record<string, ValueRef>;
  mode: HttpTransportMode;
}

/**
 * A REST API imported from an OpenAPI spec (issue 4): it runs in the hub's process. Its converted
 * tools, filters and auth live in the `openapi_specs` table (hub/store/openapiRepo.ts); this part
 * only says where the spec came from and where requests go.
 */
export interface OpenApiTransportConfig {
  type: 'openapi';
  /** The spec as given at import: a file path, an http(s) URL, or "inline". */
  source: string;
  /** Where requests go: the user's override, else the spec's first server URL. */
  baseUrl: string;
}

export type TransportConfig = StdioTransportConfig | HttpTransportConfig | OpenApiTransportConfig;

/** How the hub authenticates to the upstream (hub/auth). Secret parts are ValueRefs into the SecretStore. */
export type AuthConfig = NoAuth | ApiKeyAuth | OAuth2AuthorizationCodeAuth | OAuth2ClientCredentialsAuth | PassthroughAuth;

// ---- upstream auth (hub/auth) --------------------------------------------------------------------

export interface NoAuth {
  type: 'none';
}

/** The placeholder an individual API-key template contains, e.g. `Bearer {{API_KEY}}`. */
export const API_KEY_PLACEHOLDER = /\{\{\s*[A-Za-z0-9_]+\s*\}\}/;

/**
 * One header sent upstream. `shared`: one value for every user. `individual`: `template` holds a
 * placeholder (`Bearer {{API_KEY}}`) filled with each user's own value (their "auth override").
 */
export type ApiKeyAuth =
  | { type: 'api-key'; mode: 'shared'; header: string; value: ValueRef }
  | { type: 'api-key'; mode: 'individual'; header: string; template: string };

/** OAuth2 authorization code + PKCE (S256); every field is optional where discovery can fill it. */
export interface OAuth2AuthorizationCodeAuth {
  type: 'oauth2';
  grant: 'authorization_code';
  authorizationUrl?: string;
  tokenUrl?: string;
  registrationUrl?: string;
  revocationUrl?: string;
  clientId?: string;
  clientSecret?: ValueRef;
  codeChallengeMethods?: string[];
  scopes?: string[];
  /** What goes upstream as the bearer: the access token (default) or the ID token. */
  jwtSource: 'access_token' | 'id_token';
}

export interface OAuth2ClientCredentialsAuth {
  type: 'oauth2';
  grant: 'client_credentials';
  /** Discovered from the server's metadata when absent. */
  tokenUrl?: string;
  clientId: string;
  clientSecret: ValueRef;
  clientAuth: 'basic' | 'post';
  scopes?: string[];
  revocationUrl?: string;
}

/** The caller's own bearer JWT is forwarded upstream untouched. */
export interface PassthroughAuth {
  type: 'passthrough';
}

export type AuthType = AuthConfig['type'];

/** A trusted external identity provider whose JWTs the hub accepts as downstream credentials. */
export interface ExternalIdentity {
  id: string;
  name: string;
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** The claim that names the hub user (default `sub`). */
  userClaim: string;
  createdAt: string;
}

export interface ServerConfig {
  id: string;
  name: string;
  enabled: boolean;
  description?: string;
  transport: TransportConfig;
  auth: AuthConfig;
  createdAt: string;
  updatedAt: string;
}

/** Connection state of one upstream, a discriminated union (like VS Code's McpConnectionState). */
export type ConnectionState =
  | { status: 'disabled' }
  | { status: 'stopped' }
  | { status: 'starting'; attempt: number }
  | { status: 'running'; era: ProtocolEra; protocolVersion: string; serverInfo: { name: string; version: string }; since: string }
  | { status: 'error'; message: string; attempt: number; retryAt?: string }
  | { status: 'needs-auth'; message: string };

export type ConnectionStatus = ConnectionState['status'];
export type ProtocolEra = 'legacy' | 'modern';

// ---- MCP items as the hub shows them (a small, SDK-independent subset) --------------------------

export type JsonObject = { [key: string]: unknown };

export interface ToolInfo {
  name: string;
  title?: string;
  description?: string;
  inputSchema: JsonObject;
  outputSchema?: JsonObject;
  annotations?: JsonObject;
  _meta?: JsonObject;
  icons?: unknown[];
}

export interface PromptInfo {
  name: string;
  title?: string;
  description?: string;
  arguments?: Array<{ name: string; description?: string; required?: boolean }>;
  _meta?: JsonObject;
  icons?: unknown[];
}

export interface ResourceInfo {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  annotations?: JsonObject;
  _meta?: JsonObject;
  icons?: unknown[];
}

export interface ResourceTemplateInfo {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  annotations?: JsonObject;
  _meta?: JsonObject;
  icons?: unknown[];
}

/** A tool result exactly as MCP defines it (content blocks, structured content, isError). */
export interface ToolResult {
  content: Array<JsonObject>;
  structuredContent?: unknown;
  isError?: boolean;
  _meta?: JsonObject;
}

// ---- Hub access tokens ---------------------------------------------------------------------------

export interface TokenInfo {
  id: string;
  name: string;
  /** The first characters of the token, enough to recognise it (`pb_ab12…`). */
  prefix: string;
  createdAt: string;
  lastUsedAt?: string;
  expiresAt?: string;
  revokedAt?: string;
  /** The hub user the token acts for ('owner' until users exist). */
  userId?: string;
}
