// Picks the SecretStore: the OS keychain when one answers, else the encrypted file, with a
// warning the user gets to see. PATCHBAY_SECRET_STORE=keychain|file forces a choice.
import { HubError } from '../core/errors';
import type { Logger } from '../core/logger';
import { FileSecretStore } from './fileSecretStore';
import { probeKeychainInChild } from './keychainProbe';
import type { KeychainProbe } from './keychainProbe';
import type { SecretStore } from './secretStore';

export interface ChooseSecretStoreOptions {
  home: string;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** Default: a child process that sets, reads and deletes a probe entry. */
  probe?: KeychainProbe;
  /** Default 3000 ms: a missing D-Bus/Secret Service can hang rather than fail. */
  probeTimeoutMs?: number;
}

export interface ChosenSecretStore {
  store: SecretStore;
  /** Set when secrets fall back to the encrypted file; show it to the user. */
  warning?: string;
}

export async function chooseSecretStore(options: ChooseSecretStoreOptions): Promise<ChosenSecretStore> {
  const { home, env } = options;
  const logger = options.logger.child({ component: 'secrets' });
  const forced = env.PATCHBAY_SECRET_STORE?.trim().toLowerCase();
  const probe = options.probe ?? probeKeychainInChild;
  const timeoutMs = options.probeTimeoutMs ?? 3000;

  if (forced === 'file') {
    const store = new FileSecretStore({ home, env, logger });
    logger.info('secrets are kept in the encrypted file (PATCHBAY_SECRET_STORE=file)', { file: store.file });
    return { store };
  }
  if (forced !== undefined && forced !== '' && forced !== 'keychain') {
    throw new HubError('VALIDATION_FAILED', `PATCHBAY_SECRET_STORE=${env.PATCHBAY_SECRET_STORE ?? ''} is not valid: use "keychain" or "file", or unset it to choose automatically.`);
  }

  const result = await probe({ env, timeoutMs });
  if (result.ok) {
    logger.info('secrets are kept in the OS keychain');
    // The native keyring module loads only when the keychain is used (not with the encrypted file).
    const { KeychainSecretStore } = await import('./keychainSecretStore');
    return { store: new KeychainSecretStore({ home, logger }) };
  }
  if (forced === 'keychain') {
    throw new HubError(
      'SECRET_STORE_UNAVAILABLE',
      `PATCHBAY_SECRET_STORE=keychain is set, but the OS keychain is not usable: ${result.reason}. Start or unlock the keychain (on Linux a Secret Service such as gnome-keyring in your D-Bus session), or unset PATCHBAY_SECRET_STORE to fall back to the encrypted file.`,
    );
  }

  const store = new FileSecretStore({ home, env, logger });
  const keySource = env.PATCHBAY_SECRET_KEY ? 'PATCHBAY_SECRET_KEY' : store.keyFile;
  const warning =
    `No OS keychain is available (${result.reason}). Secrets are stored in an encrypted file instead: ${store.file}, ` +
    `with its key in ${keySource} — anyone who can read both can read the secrets. To use a keychain, ${keychainHint(process.platform)} ` +
    'and restart Patchbay; set PATCHBAY_SECRET_STORE=file to keep the file and silence this warning.';
  logger.warn(warning, { file: store.file });
  return { store, warning };
}

function keychainHint(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'unlock your login keychain (Keychain Access)';
  if (platform === 'win32') return 'make sure Windows Credential Manager is available to your account';
  return 'run a Secret Service (e.g. gnome-keyring or KeePassXC) in your D-Bus session';
}
