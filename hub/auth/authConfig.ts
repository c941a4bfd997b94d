// Auth settings as a user gives them (shared/api.ts AuthInput) -> as stored (shared/types.ts
// AuthConfig): secret parts (API key values, client secrets) go to the SecretStore under
// `server/<id>/auth/...`, SQLite keeps the reference. And back to what the API shows (AuthView).
import type { AuthInput, AuthView, InputValue, ValueView } from '../../shared/api';
import type { AuthConfig, TransportConfig, ValueRef } from '../../shared/types';
import { HubError } from '../core/errors';
import { parseApiInput } from '../core/validate';
import type { SecretStore } from '../secrets/secretStore';

/** Secret keys of a server's auth settings (removed with the server, replaced when auth changes). */
export function authConfigSecretPrefix(serverId: string): string {
  return `server/${serverId}/auth/`;
}

export async function storeAuthConfig(secrets: SecretStore, serverId: string, raw: AuthInput, transport: TransportConfig | { type: 'stdio' | 'http' }): Promise<AuthConfig> {
  const input = await parseApiInput('AuthInputSchema', raw, 'auth settings');
  if (input.type !== 'none' && transport.type !== 'http') {
    throw new HubError('VALIDATION_FAILED', `Auth "${input.type}" is for remote (HTTP) servers. Local (stdio) servers get their credentials through --env / --secret-env.`);
  }
  const prefix = authConfigSecretPrefix(serverId);
  switch (input.type) {
    case 'none':
    case 'passthrough':
      return { type: input.type };
    case 'api-key':
      if (input.mode === 'individual') return { type: 'api-key', mode: 'individual', header: input.header, template: input.template ?? '' };
      return { type: 'api-key', mode: 'shared', header: input.header, value: await storeSecret(secrets, `${prefix}value`, input.value ?? '') };
    case 'oauth2': {
      const clientSecret = input.clientSecret === undefined ? undefined : await storeSecret(secrets, `${prefix}client-secret`, input.clientSecret);
      if (input.grant === 'client_credentials') {
        return {
          type: 'oauth2',
          grant: 'client_credentials',
          clientId: input.clientId ?? '',
          clientSecret: clientSecret ?? { value: '' },
          clientAuth: input.clientAuth,
          ...optional({ tokenUrl: input.tokenUrl, revocationUrl: input.revocationUrl, scopes: input.scopes }),
        };
      }
      return {
        type: 'oauth2',
        grant: 'authorization_code',
        jwtSource: input.jwtSource,
        ...optional({
          authorizationUrl: input.authorizationUrl,
          tokenUrl: input.tokenUrl,
          registrationUrl: input.registrationUrl,
          revocationUrl: input.revocationUrl,
          clientId: input.clientId,
          clientSecret,
          codeChallengeMethods: input.codeChallengeMethods,
          scopes: input.scopes,
        }),
      };
    }
  }
}

export async function deleteAuthConfigSecrets(secrets: SecretStore, serverId: string): Promise<void> {
  for (const key of await secrets.list(authConfigSecretPrefix(serverId))) await secrets.delete(key);
}

export function authView(auth: AuthConfig): AuthView {
  switch (auth.type) {
    case 'none':
    case 'passthrough':
      return { type: auth.type };
    case 'api-key':
      return auth.mode === 'shared' ? { type: 'api-key', mode: 'shared', header: auth.header, value: valueView(auth.value) } : { ...auth };
    case 'oauth2': {
      const { clientSecret, ...rest } = auth;
      return { ...rest, ...(clientSecret && { clientSecret: valueView(clientSecret) }) };
    }
  }
}

/** Per-user auth modes need one upstream connection per user. */
export function isPerUser(auth: AuthConfig): boolean {
  return (auth.type === 'api-key' && auth.mode === 'individual') || (auth.type === 'oauth2' && auth.grant === 'authorization_code') || auth.type === 'passthrough';
}

async function storeSecret(secrets: SecretStore, key: string, value: InputValue): Promise<ValueRef> {
  const ref = typeof value === 'object' && 'secretRef' in value ? value.secretRef : typeof value === 'string' && value.startsWith('secret:') ? value.slice('secret:'.length) : undefined;
  if (ref !== undefined) {
    const userKey = `user/${ref}`;
    if ((await secrets.get(userKey)) === undefined) throw new HubError('SECRET_NOT_FOUND', `No secret named "${ref}". Create it first with \`patchbay secret set ${ref}\`.`);
    return { secret: userKey };
  }
  const plain = typeof value === 'string' ? value : 'value' in value ? value.value : '';
  if (!plain) throw new HubError('VALIDATION_FAILED', 'The secret value is empty.');
  await secrets.set(key, plain);
  return { secret: key };
}

function valueView(ref: ValueRef): ValueView {
  if ('value' in ref) return { value: ref.value };
  return ref.secret.startsWith('user/') ? { secret: true, ref: ref.secret.slice('user/'.length) } : { secret: true };
}

function optional<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
