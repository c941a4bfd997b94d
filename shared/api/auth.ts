// Admin API contract: auth. Part of shared/api.ts (the barrel); see there.
import { z } from 'zod';
import { API_KEY_PLACEHOLDER } from '../types';
import type { ExternalIdentity } from '../types';
import { HeaderNameSchema, HttpUrlSchema, InputValueSchema } from './common';
import type { ValueView } from './core';

// ---- upstream auth (hub/auth) --------------------------------------------------------------------
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
