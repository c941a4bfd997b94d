import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthSecrets, SERVICE_USER } from '../../../hub/auth/authSecrets';
import type { StoredTokens } from '../../../hub/auth/authSecrets';
import { HubError } from '../../../hub/core/errors';
import { Redactor } from '../../../hub/core/redact';
import { FileSecretStore } from '../../../hub/secrets/fileSecretStore';
import { KeychainSecretStore } from '../../../hub/secrets/keychainSecretStore';
import type { SecretStore } from '../../../hub/secrets/secretStore';
import { skipKeychainTests } from '../secrets/keychainAvailability';

// Upstream credentials in both secret stores: the OS keychain (a real Secret Service: run under
// `dbus-run-session -- bash .ci/with-keyring.sh`) and the encrypted-file fallback.

const TOKENS: StoredTokens = { accessToken: 'access-0123456789', refreshToken: 'refresh-0123456789', idToken: 'id-0123456789', tokenType: 'Bearer', expiresAt: 2_000_000, obtainedAt: 1_000_000, scope: 'mcp:tools' };

const stores: Array<[string, boolean, (home: string) => SecretStore]> = [
  ['encrypted file', false, (home) => new FileSecretStore({ home, env: {} })],
  ['OS keychain', skipKeychainTests, (home) => new KeychainSecretStore({ home })],
];

for (const [kind, skip, open] of stores) {
  describe.skipIf(skip)(`AuthSecrets on the ${kind}`, () => {
    let home: string;
    let store: SecretStore;
    let redactor: Redactor;
    let secrets: AuthSecrets;

    beforeEach(() => {
      home = mkdtempSync(join(tmpdir(), 'patchbay-authsecrets-'));
      store = open(home);
      redactor = new Redactor();
      secrets = new AuthSecrets(store, redactor);
    });
    afterEach(async () => {
      for (const key of await store.list()) await store.delete(key);
      rmSync(home, { recursive: true, force: true });
    });

    it('keeps tokens per server and user, and masks every value it reads', async () => {
      await secrets.saveTokens('srv-1', 'owner', TOKENS);
      await secrets.saveTokens('srv-1', 'team:bob@example.com', { ...TOKENS, accessToken: 'bob-access-0123456789' });
      expect(await secrets.tokens('srv-1', 'owner')).toEqual(TOKENS);
      expect((await secrets.tokens('srv-1', 'team:bob@example.com'))?.accessToken).toBe('bob-access-0123456789');
      expect(await secrets.tokens('srv-2', 'owner')).toBeUndefined();
      expect(await secrets.users('srv-1', 'tokens')).toEqual(expect.arrayContaining(['owner', 'team:bob@example.com']));

      const fresh = new AuthSecrets(store, redactor);
      await fresh.tokens('srv-1', 'owner');
      expect(redactor.redact('sent access-0123456789 and refresh-0123456789')).toBe('sent [redacted] and [redacted]');
    });

    it('keeps overrides apart from tokens: forgetting a session keeps them, removing the server does not', async () => {
      await secrets.saveTokens('srv-1', 'owner', TOKENS);
      await secrets.saveTokens('srv-1', SERVICE_USER, TOKENS);
      await secrets.saveClient('srv-1', { clientId: 'c1', clientSecret: 'client-secret-0123', redirectUri: 'http://127.0.0.1:1/oauth/callback', issuer: 'http://as' });
      await secrets.setOverride('srv-1', 'owner', 'my-key-0123456789');
      await secrets.setOverride('srv-1', 'bob', 'bob-key-0123456789');
      expect(await secrets.users('srv-1', 'override')).toEqual(expect.arrayContaining(['owner', 'bob']));

      await secrets.forgetSession('srv-1');
      expect(await secrets.tokens('srv-1', 'owner')).toBeUndefined();
      expect(await secrets.tokens('srv-1', SERVICE_USER)).toBeUndefined();
      expect(await secrets.client('srv-1')).toBeUndefined();
      expect(await secrets.override('srv-1', 'bob')).toBe('bob-key-0123456789');

      await secrets.deleteAll('srv-1');
      expect(await store.list('auth/srv-1/')).toEqual([]);
    });

    it('reports damaged stored tokens without quoting them', async () => {
      await store.set('auth/srv-1/owner/tokens', '{"accessToken":"leaky-0123456789",');
      const error = await secrets.tokens('srv-1', 'owner').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HubError);
      expect((error as HubError).code).toBe('STORE_CORRUPT');
      expect((error as HubError).message).toContain('patchbay auth revoke');
      expect((error as HubError).message).not.toContain('leaky');
    });

    it('says how to fix a missing referenced secret', async () => {
      const error = (await secrets.resolve('user/gone', 'API key of "x"').catch((caught: unknown) => caught)) as HubError;
      expect(error.code).toBe('SECRET_NOT_FOUND');
      expect(error.message).toContain('patchbay secret set gone');
    });
  });
}
