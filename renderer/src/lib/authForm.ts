// The "Authentication" part of the add-remote-server form: its state, defaults from a catalog entry,
// and state -> the admin API's AuthInput (or a message naming what to fix). Pure, so unit-tested.
import type { AuthInput, AuthStatus } from '../../../shared/api';
import type { CatalogEntry } from '../../../shared/catalog';
import { API_KEY_PLACEHOLDER } from '../../../shared/types';
import { apiKeyHeaderValue } from './catalog';
import type { Tone } from './servers';

export type AuthKind = 'none' | 'api-key' | 'oauth2' | 'passthrough';
export type KeyMode = 'shared' | 'individual';
export type Grant = 'authorization_code' | 'client_credentials';

export interface AuthFormState {
  kind: AuthKind;
  keyMode: KeyMode;
  keyHeader: string;
  /** Shared: the header value, or `secret:NAME` (a secret stored with `patchbay secret set`). */
  keyValue: string;
  /** Individual: the header value with {{API_KEY}}; a catalog entry's template for shared keys. */
  keyTemplate: string;
  grant: Grant;
  authorizationUrl: string;
  tokenUrl: string;
  registrationUrl: string;
  clientId: string;
  clientSecret: string;
  clientAuth: 'basic' | 'post';
  /** Space- or comma-separated. */
  scopes: string;
  /** Space- or comma-separated, e.g. "S256". */
  codeChallengeMethods: string;
  jwtSource: 'access_token' | 'id_token';
}

export function initialAuthForm(entry?: CatalogEntry): AuthFormState {
  const base: AuthFormState = {
    kind: 'none',
    keyMode: 'shared',
    keyHeader: 'Authorization',
    keyValue: '',
    keyTemplate: 'Bearer {{API_KEY}}',
    grant: 'authorization_code',
    authorizationUrl: '',
    tokenUrl: '',
    registrationUrl: '',
    clientId: '',
    clientSecret: '',
    clientAuth: 'basic',
    scopes: '',
    codeChallengeMethods: '',
    jwtSource: 'access_token',
  };
  if (entry?.auth.type === 'api-key') return { ...base, kind: 'api-key', keyHeader: entry.auth.header, keyTemplate: entry.auth.template };
  if (entry?.auth.type === 'oauth2') return { ...base, kind: 'oauth2', scopes: (entry.auth.scopes ?? []).join(' ') };
  return base;
}

const words = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

function urlProblem(label: string, value: string): string | undefined {
  if (!value.trim()) return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  } catch {
    // falls through
  }
  return `The ${label} "${value.trim()}" is not an http(s) URL: use an absolute address such as https://auth.example.com/token, or leave it empty.`;
}

/**
 * The AuthInput for the form, `{ auth: undefined }` for "None", or the first problem.
 * `catalogTemplate`: a catalog entry's header template; the shared key is put into it.
 */
export function buildAuthInput(state: AuthFormState, catalogTemplate?: string): { auth: AuthInput | undefined } | { error: string } {
  switch (state.kind) {
    case 'none':
      return { auth: undefined };
    case 'passthrough':
      return { auth: { type: 'passthrough' } };
    case 'api-key': {
      const header = state.keyHeader.trim();
      if (!header) return { error: 'Enter the header that carries the API key (often Authorization or X-Api-Key).' };
      if (!HEADER_NAME.test(header)) return { error: `Header name "${header}" is not valid: use letters, digits and - (e.g. X-Api-Key).` };
      if (state.keyMode === 'individual') {
        const template = state.keyTemplate.trim();
        if (!API_KEY_PLACEHOLDER.test(template)) return { error: 'The template needs the placeholder {{API_KEY}} where each user\'s key goes, e.g. "Bearer {{API_KEY}}".' };
        return { auth: { type: 'api-key', mode: 'individual', header, template } };
      }
      const value = state.keyValue.trim();
      if (!value) return { error: 'Enter the API key (or secret:NAME for a stored secret), or choose "None".' };
      if (value.startsWith('secret:')) {
        if (value.length === 'secret:'.length) return { error: 'Name the stored secret after "secret:", e.g. secret:github-token.' };
        return { auth: { type: 'api-key', mode: 'shared', header, value } };
      }
      return { auth: { type: 'api-key', mode: 'shared', header, value: { value: catalogTemplate ? apiKeyHeaderValue(catalogTemplate, value) : value, secret: true } } };
    }
    case 'oauth2':
      return oauthInput(state);
  }
}

function oauthInput(state: AuthFormState): { auth: AuthInput } | { error: string } {
  const scopes = words(state.scopes);
  const badScope = scopes.find((scope) => /["\\]/.test(scope));
  if (badScope) return { error: `The scope ${badScope} contains a quote or backslash; scopes are single words such as repo or read:user.` };
  const secret = state.clientSecret.trim();
  const secretInput = secret ? (secret.startsWith('secret:') ? secret : { value: secret, secret: true }) : undefined;
  const clientId = state.clientId.trim();
  if (state.grant === 'client_credentials') {
    const problem = urlProblem('token URL', state.tokenUrl);
    if (problem) return { error: problem };
    if (!clientId) return { error: 'Client credentials need the client ID the authorization server gave you.' };
    if (!secretInput) return { error: 'Client credentials need the client secret (or secret:NAME for a stored secret).' };
    return {
      auth: {
        type: 'oauth2',
        grant: 'client_credentials',
        clientId,
        clientSecret: secretInput,
        clientAuth: state.clientAuth,
        ...(state.tokenUrl.trim() && { tokenUrl: state.tokenUrl.trim() }),
        ...(scopes.length > 0 && { scopes }),
      },
    };
  }
  for (const [label, value] of [
    ['authorization URL', state.authorizationUrl],
    ['token URL', state.tokenUrl],
    ['registration URL', state.registrationUrl],
  ] as const) {
    const problem = urlProblem(label, value);
    if (problem) return { error: problem };
  }
  const methods = words(state.codeChallengeMethods);
  if (methods.length > 0 && !methods.includes('S256')) return { error: 'Patchbay always uses PKCE with S256: list S256 among the code challenge methods, or leave them empty to discover them.' };
  return {
    auth: {
      type: 'oauth2',
      grant: 'authorization_code',
      jwtSource: state.jwtSource,
      ...(state.authorizationUrl.trim() && { authorizationUrl: state.authorizationUrl.trim() }),
      ...(state.tokenUrl.trim() && { tokenUrl: state.tokenUrl.trim() }),
      ...(state.registrationUrl.trim() && { registrationUrl: state.registrationUrl.trim() }),
      ...(clientId && { clientId }),
      ...(secretInput !== undefined && { clientSecret: secretInput }),
      ...(scopes.length > 0 && { scopes }),
      ...(methods.length > 0 && { codeChallengeMethods: methods }),
    },
  };
}

export const AUTH_STATUS_LABEL: Record<AuthStatus, string> = {
  'not-required': 'No sign-in needed',
  connected: 'Connected',
  'needs-connect': 'Needs connect',
  expired: 'Expired',
  error: 'Error',
};

export const AUTH_STATUS_TONE: Record<AuthStatus, Tone> = {
  'not-required': 'neutral',
  connected: 'success',
  'needs-connect': 'warning',
  expired: 'warning',
  error: 'danger',
};
