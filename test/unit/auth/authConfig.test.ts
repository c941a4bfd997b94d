import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authView, isPerUser, storeAuthConfig } from '../../../hub/auth/authConfig';
import { authInputFromOptions } from '../../../hub/cli/authCommands';
import type { HubError } from '../../../hub/core/errors';
import { FileSecretStore } from '../../../hub/secrets/fileSecretStore';

// Auth settings in, stored config out: secret parts land in the secret store (SQLite gets only
// references), invalid settings are refused with messages that say what to write instead.

const HTTP = { type: 'http' as const };

describe('storeAuthConfig', () => {
  let home: string;
  let secrets: FileSecretStore;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'patchbay-authconfig-'));
    secrets = new FileSecretStore({ home, env: {} });
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('keeps a shared API key and an OAuth client secret in the secret store, only references in the config', async () => {
    const key = await storeAuthConfig(secrets, 'srv', { type: 'api-key', value: 'Bearer sk-0123456789' }, HTTP);
    expect(key).toEqual({ type: 'api-key', mode: 'shared', header: 'Authorization', value: { secret: 'server/srv/auth/value' } });
    expect(await secrets.get('server/srv/auth/value')).toBe('Bearer sk-0123456789');
    const oauth = await storeAuthConfig(secrets, 'srv', { type: 'oauth2', clientId: 'abc', clientSecret: 'shh-0123456789', scopes: ['read'] }, HTTP);
    expect(JSON.stringify(oauth)).not.toContain('shh-0123456789');
    expect(oauth).toMatchObject({ type: 'oauth2', grant: 'authorization_code', clientId: 'abc', jwtSource: 'access_token', clientSecret: { secret: 'server/srv/auth/client-secret' } });
    expect(authView(oauth)).toMatchObject({ clientSecret: { secret: true } });
    expect(JSON.stringify(authView(key))).not.toContain('sk-0123456789');
  });

  it('references a named secret with secret:NAME, and refuses one that does not exist', async () => {
    await secrets.set('user/team-key', 'v-0123456789');
    const key = await storeAuthConfig(secrets, 'srv', { type: 'api-key', header: 'X-Api-Key', value: 'secret:team-key' }, HTTP);
    expect(key).toMatchObject({ value: { secret: 'user/team-key' } });
    expect(authView(key)).toMatchObject({ value: { secret: true, ref: 'team-key' } });
    const missing = (await storeAuthConfig(secrets, 'srv', { type: 'api-key', value: 'secret:nope' }, HTTP).catch((error: unknown) => error)) as HubError;
    expect(missing.code).toBe('SECRET_NOT_FOUND');
    expect(missing.message).toContain('patchbay secret set nope');
  });

  it('refuses settings that cannot work, saying what to write', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ type: 'api-key', mode: 'individual', template: 'Bearer KEY' }, /placeholder, e.g. "Bearer \{\{API_KEY\}\}"/],
      [{ type: 'api-key' }, /shared API keys need a value/],
      [{ type: 'oauth2', grant: 'client_credentials', clientId: 'x' }, /client credentials need a client secret/],
      [{ type: 'oauth2', codeChallengeMethods: ['plain'] }, /always uses PKCE with S256/],
      [{ type: 'oauth2', tokenUrl: 'ftp://x' }, /tokenUrl: must start with http/],
    ];
    for (const [input, message] of cases) {
      const error = (await storeAuthConfig(secrets, 'srv', input as never, HTTP).catch((caught: unknown) => caught)) as HubError;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toMatch(message);
    }
    const stdio = (await storeAuthConfig(secrets, 'srv', { type: 'passthrough' }, { type: 'stdio' }).catch((caught: unknown) => caught)) as HubError;
    expect(stdio.message).toContain('--secret-env');
  });

  it('knows which modes need one connection per user', async () => {
    expect(isPerUser(await storeAuthConfig(secrets, 's', { type: 'oauth2' }, HTTP))).toBe(true);
    expect(isPerUser(await storeAuthConfig(secrets, 's', { type: 'oauth2', grant: 'client_credentials', clientId: 'c', clientSecret: 'secret-0123' }, HTTP))).toBe(false);
    expect(isPerUser(await storeAuthConfig(secrets, 's', { type: 'api-key', mode: 'individual', template: '{{API_KEY}}' }, HTTP))).toBe(true);
    expect(isPerUser(await storeAuthConfig(secrets, 's', { type: 'passthrough' }, HTTP))).toBe(true);
  });
});

describe('authInputFromOptions (patchbay server add / auth set)', () => {
  it('turns flags into auth settings', () => {
    expect(authInputFromOptions({})).toBeUndefined();
    expect(authInputFromOptions({ auth: 'api-key', apiKeyTemplate: 'Bearer {{API_KEY}}' })).toEqual({ type: 'api-key', mode: 'individual', template: 'Bearer {{API_KEY}}' });
    expect(authInputFromOptions({ auth: 'oauth2', grant: 'client_credentials', clientId: 'c', clientSecret: 's', clientAuth: 'post', scope: ['a', 'b'] })).toEqual({
      type: 'oauth2',
      grant: 'client_credentials',
      clientId: 'c',
      clientSecret: 's',
      clientAuth: 'post',
      scopes: ['a', 'b'],
    });
  });

  it('refuses flags that do not go together', () => {
    expect(() => authInputFromOptions({ clientId: 'x' })).toThrow(/--client-id need --auth/);
    expect(() => authInputFromOptions({ auth: 'oauth2', apiKey: 'x' })).toThrow(/--api-key go with --auth api-key/);
    expect(() => authInputFromOptions({ auth: 'api-key' })).toThrow(/--api-key VALUE/);
  });
});
