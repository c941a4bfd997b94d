// Secrets in the OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on
// Linux) through @napi-rs/keyring. One namespace per data directory, so two PATCHBAY_HOMEs (the
// tests!) never see each other's secrets.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import { HubError, errorMessage } from '../core/errors';
import { silentLogger } from '../core/logger';
import type { Logger } from '../core/logger';
import { KEYCHAIN_ENTRY_OPTIONS } from './keychainOptions';
import { checkSecretKey, checkSecretValue } from './secretStore';
import type { SecretStore } from './secretStore';

/** `patchbay:` + the first 12 hex digits of sha256(absolute data directory). */
export function keychainService(home: string): string {
  return `patchbay:${createHash('sha256').update(resolve(home)).digest('hex').slice(0, 12)}`;
}

export interface KeychainSecretStoreOptions {
  home: string;
  logger?: Logger;
}

export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly service: string;
  private readonly logger: Logger;

  constructor(options: KeychainSecretStoreOptions) {
    this.service = keychainService(options.home);
    this.logger = (options.logger ?? silentLogger).child({ component: 'keychainSecretStore' });
  }

  async get(key: string): Promise<string | undefined> {
    checkSecretKey(key);
    try {
      const value = await this.entry(key).getPassword();
      return value ?? undefined;
    } catch (error) {
      throw this.failure('read', key, error);
    }
  }

  async set(key: string, value: string): Promise<void> {
    checkSecretKey(key);
    checkSecretValue(key, value);
    try {
      await this.entry(key).setPassword(value);
    } catch (error) {
      throw this.failure('store', key, error, value);
    }
  }

  async delete(key: string): Promise<void> {
    checkSecretKey(key);
    try {
      await this.entry(key).deleteCredential();
    } catch (error) {
      throw this.failure('delete', key, error);
    }
  }

  async list(prefix = ''): Promise<string[]> {
    let found: Array<{ account: string }>;
    try {
      found = await findCredentialsAsync(this.service);
    } catch (error) {
      throw this.failure('list', undefined, error);
    }
    // The values came along; only the names leave this function.
    return [...new Set(found.map((credential) => credential.account))].filter((account) => account.startsWith(prefix)).sort();
  }

  private entry(key: string): AsyncEntry {
    return new AsyncEntry(this.service, key, KEYCHAIN_ENTRY_OPTIONS);
  }

  private failure(action: string, key: string | undefined, error: unknown, value?: string): HubError {
    let detail = errorMessage(error);
    if (value) detail = detail.split(value).join('[redacted]');
    const what = key === undefined ? 'the secrets' : `secret "${key}"`;
    this.logger.warn('the OS keychain failed', { action, key, error: detail });
    return new HubError(
      'SECRET_STORE_UNAVAILABLE',
      `The OS keychain could not ${action} ${what} (${detail}). Unlock the keychain (on Linux: make sure a Secret Service such as gnome-keyring runs in your D-Bus session), or set PATCHBAY_SECRET_STORE=file to use the encrypted file store instead.`,
      { cause: error },
    );
  }
}
