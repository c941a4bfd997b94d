// Where secret values live (API keys, OAuth tokens, header values). SQLite holds only references
// (`{ secret: KEY }`, see shared/types.ts ValueRef); the values are here.
import { HubError } from '../core/errors';

export interface SecretStore {
  readonly kind: 'keychain' | 'file';
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Keys (never values), sorted, optionally only those starting with `prefix`. */
  list(prefix?: string): Promise<string[]>;
}

export const SECRET_KEY_MAX = 256;

/** Keys are names chosen by the hub (`server:github:header:Authorization`), checked anyway. */
export function checkSecretKey(key: string): void {
  // eslint-disable-next-line no-control-regex
  if (typeof key !== 'string' || key.length < 1 || key.length > SECRET_KEY_MAX || /[\u0000-\u001f\u007f]/.test(key)) {
    throw new HubError('VALIDATION_FAILED', `Invalid secret key ${JSON.stringify(String(key)).slice(0, 80)}: use 1-${SECRET_KEY_MAX} printable characters.`);
  }
}

export function checkSecretValue(key: string, value: string): void {
  if (typeof value !== 'string') {
    throw new HubError('VALIDATION_FAILED', `The value of secret "${key}" must be a string.`);
  }
}
