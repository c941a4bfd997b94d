// The admin API contract (`/api/...`): zod schemas for every request body, and the response
// types. The hub validates every input with these schemas at the boundary; the renderer uses the
// same types. Errors are `{ error: { code, message } }` (shared/errors.ts).
import { z } from 'zod';
import type { ConnectionState, LogLevelName, TokenInfo, ToolInfo, PromptInfo, ResourceInfo, ResourceTemplateInfo } from './apiTypes';
import { API_KEY_PLACEHOLDER, SERVER_NAME_PATTERN, SERVER_NAME_RULE } from './types';
import type { ExternalIdentity } from './types';

export type { ConnectionState, LogLevelName, TokenInfo, ToolInfo, PromptInfo, ResourceInfo, ResourceTemplateInfo };

// ---- inputs ---------------------------------------------------------------------------------------

export const ServerNameSchema = z.string().regex(SERVER_NAME_PATTERN, `Invalid server name: ${SERVER_NAME_RULE}.`);

/**
 * A header or env value as a user gives it:
 * - a plain string: stored as a secret when it looks like one (any header except a few harmless
 *   ones like Accept; env names containing KEY, TOKEN, SECRET, PASSWORD, ...), otherwise as is;
 * - `{ value, secret }` to say explicitly;
 * - `"secret:NAME"` or `{ secretRef: NAME }` to use a secret stored with `patchbay secret set NAME`.
 */
export const InputValueSchema = z.union([
  z.string().max(16_384),
  z.object({ value: z.string().max(16_384), secret: z.boolean().optional() }).strict(),
  z.object({ secretRef: z.string().min(1).max(128) }).strict(),
]);
export type InputValue = z.infer<typeof InputValueSchema>;

const HeaderNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Header names may contain letters, digits and !#$%&\'*+.^_`|~- only.');
const EnvNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Environment variable names start with a letter or _ and contain letters, digits and _ only.');

export const StdioTransportInputSchema = z
  .object({
    type: z.literal('stdio'),
    command: z.string().min(1, 'command is required, e.g. "npx"').max(4096),
    args: z.array(z.string().max(16_384)).max(256).default([]),
    env: z.record(EnvNameSchema, InputValueSchema).default({}),
    cwd: z.string().max(4096).optional(),
  })
  .strict();

export const HttpTransportInputSchema = z
  .object({
    type: z.literal('http'),
    url: z
      .string()
      .url('url must be an absolute http(s) URL, e.g. https://example.com/mcp')
      .refine((value) => /^https?:\/\//i.test(value), 'url must start with http:// or https://'),
    headers: z.record(HeaderNameSchema, InputValueSchema).default({}),
    mode: z.enum(['auto', 'streamable-http', 'sse']).default('auto'),
  })
  .strict();

export const TransportInputSchema = z.discriminatedUnion('type', [StdioTransportInputSchema, HttpTransportInputSchema]);
export type TransportInput = z.infer<typeof TransportInputSchema>;

export const CreateServerSchema = z
  .object({
    name: ServerNameSchema,
    description: z.string().max(2000).optional(),
    enabled: z.boolean().default(true),
    transport: TransportInputSchema,
    auth: z.lazy(() => AuthInputSchema).optional(),
  })
  .strict();
export type CreateServerInput = z.input<typeof CreateServerSchema>;

export const UpdateServerSchema = z
  .object({
    description: z.string().max(2000).optional(),
    enabled: z.boolean().optional(),
    transport: TransportInputSchema.optional(),
    auth: z.lazy(() => AuthInputSchema).optional(),
  })
  .strict();
export type UpdateServerInput = z.input<typeof UpdateServerSchema>;

export const CreateTokenSchema = z
  .object({
    name: z.string().min(1, 'token name is required').max(64),
    expiresInDays: z.number().int().positive().max(3650).optional(),
  })
  .strict();
export type CreateTokenInput = z.input<typeof CreateTokenSchema>;

export const CallToolSchema = z
  .object({
    server: ServerNameSchema,
    tool: z.string().min(1).max(256),
    arguments: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type CallToolInput = z.input<typeof CallToolSchema>;

export const LogQuerySchema = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  limit: z.coerce.number().int().positive().max(1000).optional(),
});

// ---- outputs --------------------------------------------------------------------------------------

/** A configured value as the API shows it: secrets are never sent back, only that they are set. */
export type ValueView = { value: string } | { secret: true; ref?: string };

export type TransportView =
  | { type: 'stdio'; command: string; args: string[]; env: Record<string, ValueView>; cwd?: string }
  | { type: 'http'; url: string; headers: Record<string, ValueView>; mode: 'auto' | 'streamable-http' | 'sse' };

export interface ServerView {
  id: string;
  name: string;
  description?: string;
  enabled: boolean;
  transport: TransportView;
  state: ConnectionState;
  /** How the hub authenticates to the server (secrets never included). */
  auth?: AuthView;
  /** Whether the calling user is authorized to use it (see `AuthStatusView`). */
  authStatus?: AuthStatusView;
  /** Number of tools, when the server is running and has listed them. */
  toolCount?: number;
  createdAt: string;
  updatedAt: string;
}

export interface ServerDetail extends ServerView {
  tools: ToolInfo[];
  prompts: PromptInfo[];
  resources: ResourceInfo[];
  resourceTemplates: ResourceTemplateInfo[];
  stderr: string[];
  /** The MCP endpoint of this server alone. */
  endpoint: string;
}

export interface StatusView {
  version: string;
  startedAt: string;
  endpoint: string;
  dataDir: string;
  secretStore: { kind: 'keychain' | 'file'; warning?: string };
  servers: { total: number; running: number; error: number; disabled: number };
}

export interface CreatedToken {
  /** The token itself: shown once, never again. */
  token: string;
  info: TokenInfo;
}

export interface LogEntryView {
  time: string;
  level: LogLevelName;
  message: string;
  fields: Record<string, unknown>;
}

export interface HealthView {
  ok: true;
  version: string;
}

// ---- upstream auth (hub/auth) --------------------------------------------------------------------

const HttpUrlSchema = z
  .string()
  .url('must be an absolute http(s) URL')
  .refine((value) => /^https?:\/\//i.test(value), 'must start with http:// or https://');
const ScopesSchema = z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'scopes are single words without spaces or quotes')).max(64);

export const ApiKeyAuthInputSchema = z
  .object({
    type: z.literal('api-key'),
    mode: z.enum(['shared', 'individual']).default('shared'),
    header: HeaderNameSchema.default('Authorization'),
    /** shared: the header value (stored as a secret), e.g. "Bearer sk-...", or "secret:NAME". */
    value: InputValueSchema.optional(),
    /** individual: the header value with a placeholder each user fills, e.g. "Bearer {{API_KEY}}". */
    template: z.string().max(4096).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.mode === 'shared' && input.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'shared API keys need a value, e.g. "Bearer sk-..." or "secret:NAME"' });
    if (input.mode === 'shared' && input.template !== undefined) ctx.addIssue({ code: 'custom', path: ['template'], message: 'template is for individual API keys (mode "individual")' });
    if (input.mode === 'individual') {
      if (input.value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'individual API keys take a template; each user sets their own value with `patchbay auth override`' });
      if (!input.template || !API_KEY_PLACEHOLDER.test(input.template)) ctx.addIssue({ code: 'custom', path: ['template'], message: 'individual API keys need a template with a placeholder, e.g. "Bearer {{API_KEY}}"' });
    }
  });

export const OAuth2AuthInputSchema = z
  .object({
    type: z.literal('oauth2'),
    grant: z.enum(['authorization_code', 'client_credentials']).default('authorization_code'),
    authorizationUrl: HttpUrlSchema.optional(),
    tokenUrl: HttpUrlSchema.optional(),
    registrationUrl: HttpUrlSchema.optional(),
    revocationUrl: HttpUrlSchema.optional(),
    clientId: z.string().min(1).max(512).optional(),
    clientSecret: InputValueSchema.optional(),
    clientAuth: z.enum(['basic', 'post']).default('basic'),
    codeChallengeMethods: z.array(z.string().max(32)).max(8).optional(),
    scopes: ScopesSchema.optional(),
    jwtSource: z.enum(['access_token', 'id_token']).default('access_token'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.grant === 'client_credentials') {
      if (!input.clientId) ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'client credentials need a client ID' });
      if (input.clientSecret === undefined) ctx.addIssue({ code: 'custom', path: ['clientSecret'], message: 'client credentials need a client secret' });
    }
    if (input.codeChallengeMethods && !input.codeChallengeMethods.includes('S256')) {
      ctx.addIssue({ code: 'custom', path: ['codeChallengeMethods'], message: 'Patchbay always uses PKCE with S256; list S256 among the methods (or leave them out to discover them)' });
    }
  });

export const AuthInputSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  ApiKeyAuthInputSchema,
  OAuth2AuthInputSchema,
  z.object({ type: z.literal('passthrough') }).strict(),
]);
export type AuthInput = z.input<typeof AuthInputSchema>;

/** PUT /api/servers/NAME/auth/override: the caller's own value for an individual API key. */
export const AuthOverrideSchema = z.object({ value: z.string().min(1, 'the value is empty').max(16_384) }).strict();
export type AuthOverrideInput = z.input<typeof AuthOverrideSchema>;

/** POST /api/servers/NAME/auth/connect. `redirectUri` defaults to the hub's own /oauth/callback. */
export const AuthConnectSchema = z.object({ redirectUri: HttpUrlSchema.optional() }).strict().default({});

export const CreateIdentitySchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'identity names use lowercase letters, digits and hyphens'),
    issuer: HttpUrlSchema,
    jwksUrl: HttpUrlSchema,
    audience: z.string().min(1).max(1024),
    userClaim: z.string().min(1).max(128).default('sub'),
  })
  .strict();
export type CreateIdentityInput = z.input<typeof CreateIdentitySchema>;

/** The auth part of a server as the API shows it: secrets are never sent back. */
export type AuthView =
  | { type: 'none' }
  | { type: 'api-key'; mode: 'shared'; header: string; value: ValueView }
  | { type: 'api-key'; mode: 'individual'; header: string; template: string }
  | {
      type: 'oauth2';
      grant: 'authorization_code' | 'client_credentials';
      authorizationUrl?: string;
      tokenUrl?: string;
      registrationUrl?: string;
      revocationUrl?: string;
      clientId?: string;
      clientSecret?: ValueView;
      clientAuth?: 'basic' | 'post';
      codeChallengeMethods?: string[];
      scopes?: string[];
      jwtSource?: 'access_token' | 'id_token';
    }
  | { type: 'passthrough' };

/**
 * Whether one user can use one server: `connected` (credentials in place), `needs-connect` (run
 * `patchbay auth connect` / set an override), `expired` (token expired, no way to renew it
 * silently), `error` (the last attempt failed; see message), `not-required` (no auth, passthrough).
 */
export type AuthStatus = 'not-required' | 'connected' | 'needs-connect' | 'expired' | 'error';

export interface AuthStatusView {
  server: string;
  userId: string;
  type: AuthView['type'];
  status: AuthStatus;
  /** What to do next (never a secret). */
  message?: string;
  /** When the current access token expires (OAuth). */
  expiresAt?: string;
  scopes?: string[];
  /** Individual API keys: whether this user has set their value. */
  hasOverride?: boolean;
  /** With `?state=`: the outcome of one `connect` flow. */
  flow?: { status: 'pending' | 'done' | 'failed'; message?: string };
}

export interface AuthConnectView {
  authorizationUrl: string;
  /** Pass as `?state=` to GET /api/servers/NAME/auth to follow this flow. */
  state: string;
  redirectUri: string;
}

export type IdentityView = ExternalIdentity;
