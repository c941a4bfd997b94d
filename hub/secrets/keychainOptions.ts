import type { EntryOptions } from '@napi-rs/keyring';

// How keychain entries are opened (also by the probe, in its child process). A module of its own so
// that the probe does not load the native keyring module into the hub.
/**
 * On Linux the library would otherwise fall back to the kernel keyring, which forgets everything
 * at reboot; we want the Secret Service or nothing (then the file store is chosen, visibly).
 */
export const KEYCHAIN_ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };
