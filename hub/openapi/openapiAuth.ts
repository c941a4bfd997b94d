// Auth of imported APIs: the user's choice (CLI / API input) -> the stored config (secret values in
// the SecretStore, references in SQLite) -> the executor's resolved credentials at call time.
// Where the user leaves details out, they are mapped from the spec's securitySchemes.
import type { InputValue, OpenApiAuthInput, OpenApiAuthView } from '../../shared/api';
import type { ValueRef } from '../../shared/types';
import { HubError } from '../core/errors';
import type { Redactor } from '../core/redact';
import type { SecretStore } from '../secrets/secretStore';
import { userSecretKey, valueView } from '../serverService';
import type { OpenApiAuthConfig } from '../store/openapiRepo';
import type { OpenApiAuth, SecuritySchemeInfo, SuggestedAuth } from './types';

/** Secrets of one imported API live under this prefix (removed with the server). */
export function openApiSecretPrefix(serverId: string): string {
  return `server/${serverId}/openapi/`;
}

/** Builds the stored auth config, writing secret values to the SecretStore. */
export async function storeAuth(input: OpenApiAuthInput, schemes: SecuritySchemeInfo[], serverId: string, secrets: SecretStore): Promise<OpenApiAuthConfig> {
  const key = `${openApiSecretPrefix(serverId)}auth`;
  switch (input.type) {
    case 'none':
      return { type: 'none' };
    case 'api-key': {
      const placed = apiKeyPlacement(input, schemes);
      return { type: 'api-key', ...placed, value: await storeValue(key, input.value, secrets) };
    }
    case 'bearer': {
      const scheme = pickScheme(schemes, input.scheme, ['bearer', 'oauth2', 'openIdConnect']);
      return { type: 'bearer', ...(scheme ? { scheme } : {}), token: await storeValue(key, input.token, secrets) };
    }
    case 'basic': {
      const scheme = pickScheme(schemes, input.scheme, ['basic']);
      return { type: 'basic', ...(scheme ? { scheme } : {}), username: input.username, password: await storeValue(key, input.password, secrets) };
    }
  }
}

function apiKeyPlacement(input: Extract<OpenApiAuthInput, { type: 'api-key' }>, schemes: SecuritySchemeInfo[]): { in: 'header' | 'query' | 'cookie'; name: string; scheme?: string } {
  const apiKeySchemes = schemes.filter((scheme): scheme is SecuritySchemeInfo & { suggested: Extract<SuggestedAuth, { kind: 'apiKey' }> } => scheme.suggested.kind === 'apiKey');
  if (input.in && input.name) {
    // Scope the key to the matching scheme, if the spec declares one for the same place.
    const match = input.scheme
      ? apiKeySchemes.find((scheme) => scheme.name === input.scheme)
      : apiKeySchemes.find((scheme) => scheme.suggested.in === input.in && scheme.suggested.name.toLowerCase() === input.name?.toLowerCase());
    return { in: input.in, name: input.name, ...(match ? { scheme: match.name } : {}) };
  }
  if (input.in || input.name) {
    throw new HubError('VALIDATION_FAILED', 'An API key needs both where it goes and its name: give --api-key-header NAME or --api-key-query NAME (API: "in" and "name"), or neither to use the spec\'s apiKey scheme.');
  }
  const chosen = input.scheme ? apiKeySchemes.find((scheme) => scheme.name === input.scheme) : apiKeySchemes[0];
  if (!chosen) {
    const known = apiKeySchemes.map((scheme) => scheme.name);
    throw new HubError(
      'VALIDATION_FAILED',
      input.scheme
        ? `The spec has no apiKey security scheme named "${input.scheme}"${known.length ? ` (it has ${known.join(', ')})` : ''}. Pick one of those, or say where the key goes with --api-key-header NAME or --api-key-query NAME.`
        : 'The spec declares no apiKey security scheme, so the hub cannot tell where the key goes. Say it with --api-key-header NAME or --api-key-query NAME (API: "in" and "name").',
    );
  }
  return { in: chosen.suggested.in, name: chosen.suggested.name, scheme: chosen.name };
}

function pickScheme(schemes: SecuritySchemeInfo[], wanted: string | undefined, kinds: SuggestedAuth['kind'][]): string | undefined {
  if (wanted) {
    if (!schemes.some((scheme) => scheme.name === wanted)) {
      throw new HubError('VALIDATION_FAILED', `The spec has no security scheme named "${wanted}"${schemes.length ? ` (it has ${schemes.map((scheme) => scheme.name).join(', ')})` : ''}. Pick one of those or leave the scheme out.`);
    }
    return wanted;
  }
  for (const kind of kinds) {
    const found = schemes.find((scheme) => scheme.suggested.kind === kind);
    if (found) return found.name;
  }
  return undefined;
}

async function storeValue(key: string, value: InputValue, secrets: SecretStore): Promise<ValueRef> {
  const userRef = typeof value === 'object' && 'secretRef' in value ? value.secretRef : typeof value === 'string' && value.startsWith('secret:') ? value.slice('secret:'.length) : undefined;
  if (userRef !== undefined) {
    const userKey = userSecretKey(userRef);
    if ((await secrets.get(userKey)) === undefined) throw new HubError('SECRET_NOT_FOUND', `No secret named "${userRef}". Create it first with \`patchbay secret set ${userRef}\`.`);
    return { secret: userKey };
  }
  const plain = typeof value === 'string' ? value : 'value' in value ? value.value : '';
  if (plain === '') throw new HubError('VALIDATION_FAILED', 'The credential is empty. Pass the key, token or password (with --secret, or on stdin).');
  // Credentials are always secret, whatever `secret: false` says.
  await secrets.set(key, plain);
  return { secret: key };
}

/** The stored config -> credentials for the executor, reading secrets now (so changes apply at once). */
export async function resolveAuth(
  config: OpenApiAuthConfig,
  deps: { secrets: SecretStore; redactor: Redactor; server: string; oauth2Token?: () => Promise<string> },
): Promise<OpenApiAuth | undefined> {
  const scope = config.scheme ? { scheme: config.scheme } : {};
  const read = async (ref: ValueRef): Promise<string> => {
    if ('value' in ref) return ref.value;
    const value = await deps.secrets.get(ref.secret);
    if (value === undefined) {
      throw new HubError('SECRET_NOT_FOUND', `The credential of the imported API "${deps.server}" is missing from the secret store. Set it again with \`patchbay openapi auth ${deps.server} ...\`.`);
    }
    deps.redactor.add(value);
    return value;
  };
  switch (config.type) {
    case 'none':
      return undefined;
    case 'api-key':
      return { ...scope, type: 'apiKey', in: config.in, name: config.name, value: await read(config.value) };
    case 'bearer':
      return { ...scope, type: 'bearer', token: await read(config.token) };
    case 'basic':
      return { ...scope, type: 'basic', username: config.username, password: await read(config.password) };
    case 'oauth2': {
      // TODO(issue 3): upstream OAuth2 provides `oauth2Token` (authorization code / client credentials, refresh on demand).
      if (!deps.oauth2Token) {
        throw new HubError('AUTH_REQUIRED', `The imported API "${deps.server}" uses OAuth2, which this hub cannot connect yet. Use a token instead: \`patchbay openapi auth ${deps.server} --auth bearer\`.`);
      }
      const token = await deps.oauth2Token();
      deps.redactor.add(token);
      return { ...scope, type: 'bearer', token };
    }
  }
}

export function authView(config: OpenApiAuthConfig): OpenApiAuthView {
  const scheme = config.scheme ? { scheme: config.scheme } : {};
  switch (config.type) {
    case 'none':
    case 'oauth2':
      return { type: config.type, ...scheme };
    case 'api-key':
      return { type: 'api-key', in: config.in, name: config.name, ...scheme, secret: valueView(config.value) };
    case 'bearer':
      return { type: 'bearer', ...scheme, secret: valueView(config.token) };
    case 'basic':
      return { type: 'basic', username: config.username, ...scheme, secret: valueView(config.password) };
  }
}

/** What to tell the user when the spec asks for credentials that were not configured. */
export function authHints(server: string, schemes: SecuritySchemeInfo[], config: OpenApiAuthConfig): string[] {
  if (config.type !== 'none' || schemes.length === 0) return [];
  const described = schemes.map((scheme) => `${scheme.name} (${describeSuggestion(scheme.suggested)})`).join(', ');
  const first = schemes.find((scheme) => ['apiKey', 'bearer', 'basic'].includes(scheme.suggested.kind))?.suggested.kind;
  const command =
    first === 'apiKey'
      ? `patchbay openapi auth ${server} --auth api-key`
      : first === 'basic'
        ? `patchbay openapi auth ${server} --auth basic --username USER`
        : `patchbay openapi auth ${server} --auth bearer`;
  return [`The API declares security schemes ${described}; no credentials are configured. Add them with \`${command}\` (the secret is read from stdin or --secret).`];
}

function describeSuggestion(suggested: SuggestedAuth): string {
  switch (suggested.kind) {
    case 'apiKey':
      return `API key in ${suggested.in} "${suggested.name}"`;
    case 'bearer':
      return 'bearer token';
    case 'basic':
      return 'HTTP basic';
    case 'oauth2':
      return 'OAuth2';
    case 'openIdConnect':
      return 'OpenID Connect';
    case 'unsupported':
      return `unsupported: ${suggested.reason}`;
  }
}
