// Its own file (so its own process): the keyring library keeps its D-Bus connection for the
// life of the process, so an unreachable bus must be set up before anything else touches it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import { KeychainSecretStore } from '../../../hub/secrets/keychainSecretStore';

describe.runIf(process.platform === 'linux')('KeychainSecretStore without a D-Bus session', () => {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/patchbay-test-bus';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
  });

  it('fails with SECRET_STORE_UNAVAILABLE, a hint, and never the value', async () => {
    const store = new KeychainSecretStore({ home: '/tmp/patchbay-no-bus' });
    for (const attempt of [() => store.set('k', 'the-secret-value'), () => store.get('k'), () => store.list(), () => store.delete('k')]) {
      const error: unknown = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(HubError);
      expect((error as HubError).code).toBe('SECRET_STORE_UNAVAILABLE');
      expect((error as HubError).message).toMatch(/PATCHBAY_SECRET_STORE=file/);
      expect((error as HubError).message).not.toContain('the-secret-value');
    }
  });
});
