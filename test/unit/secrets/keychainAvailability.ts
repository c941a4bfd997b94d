// Keychain tests run against the REAL Secret Service (`dbus-run-session -- bash .ci/with-keyring.sh
// npx vitest run test/unit/secrets`). They are skipped only on a developer machine without one;
// in CI (CI=true) they run, and fail if the keychain is missing.
import { probeKeychainInChild } from '../../../hub/secrets/keychainProbe';

export const keychainProbeResult = await probeKeychainInChild({ env: process.env, timeoutMs: 5000 });
export const skipKeychainTests = !keychainProbeResult.ok && process.env.CI !== 'true';
