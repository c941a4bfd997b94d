import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../../hub/core/redact';
import { authHints, authView, resolveAuth, storeAuth } from '../../../hub/openapi/openapiAuth';
import type { SecuritySchemeInfo } from '../../../hub/openapi/types';
import { FileSecretStore } from '../../../hub/secrets/fileSecretStore';

const SCHEMES: SecuritySchemeInfo[] = [
  { name: 'oauth', type: 'oauth2', suggested: { kind: 'oauth2', flows: [], note: '' } },
  { name: 'key', type: 'apiKey', suggested: { kind: 'apiKey', in: 'query', name: 'api_key' } },
  { name: 'basicAuth', type: 'http', suggested: { kind: 'basic' } },
];

describe('OpenAPI auth', () => {
  let home: string;
  let secrets: FileSecretStore;
  let redactor: Redactor;

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'patchbay-openapi-auth-'));
    secrets = new FileSecretStore({ home, env: {} });
    redactor = new Redactor();
  });

  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('maps an API key to the spec\'s apiKey scheme, stores the value as a secret and resolves it at call time', async () => {
    const config = await storeAuth({ type: 'api-key', value: 'k-123456789' }, SCHEMES, 'srv1', secrets);
    expect(config).toEqual({ type: 'api-key', in: 'query', name: 'api_key', scheme: 'key', value: { secret: 'server/srv1/openapi/auth' } });
    expect(await secrets.get('server/srv1/openapi/auth')).toBe('k-123456789');
    expect(await resolveAuth(config, { secrets, redactor, server: 'pets' })).toEqual({ scheme: 'key', type: 'apiKey', in: 'query', name: 'api_key', value: 'k-123456789' });
    expect(redactor.redact('the key is k-123456789')).not.toContain('k-123456789');
    expect(authView(config)).toEqual({ type: 'api-key', in: 'query', name: 'api_key', scheme: 'key', secret: { secret: true } });
  });

  it('takes an explicit header, and refuses half a placement or a spec without an apiKey scheme', async () => {
    expect(await storeAuth({ type: 'api-key', in: 'header', name: 'X-Key', value: 'v' }, SCHEMES, 's', secrets)).toMatchObject({ in: 'header', name: 'X-Key' });
    await expect(storeAuth({ type: 'api-key', in: 'header', value: 'v' }, SCHEMES, 's', secrets)).rejects.toThrow(/--api-key-header NAME or --api-key-query NAME/);
    await expect(storeAuth({ type: 'api-key', value: 'v' }, [], 's', secrets)).rejects.toThrow(/declares no apiKey security scheme/);
    await expect(storeAuth({ type: 'bearer', token: 't', scheme: 'nope' }, SCHEMES, 's', secrets)).rejects.toThrow(/no security scheme named "nope" \(it has oauth, key, basicAuth\)/);
  });

  it('scopes bearer tokens to an OAuth2 scheme and basic to the basic scheme; uses a user secret by reference', async () => {
    expect(await storeAuth({ type: 'bearer', token: 't-1' }, SCHEMES, 's', secrets)).toMatchObject({ type: 'bearer', scheme: 'oauth' });
    await secrets.set('user/shared-password', 'pw-shared');
    const basic = await storeAuth({ type: 'basic', username: 'ann', password: 'secret:shared-password' }, SCHEMES, 's', secrets);
    expect(basic).toEqual({ type: 'basic', username: 'ann', scheme: 'basicAuth', password: { secret: 'user/shared-password' } });
    expect(await resolveAuth(basic, { secrets, redactor, server: 'x' })).toMatchObject({ type: 'basic', username: 'ann', password: 'pw-shared' });
    await expect(storeAuth({ type: 'basic', username: 'ann', password: 'secret:missing' }, SCHEMES, 's', secrets)).rejects.toThrow(/No secret named "missing"/);
  });

  it('oauth2 is a hook: a bearer from the provided function, AUTH_REQUIRED without one', async () => {
    await expect(resolveAuth({ type: 'oauth2', scheme: 'oauth' }, { secrets, redactor, server: 'x' })).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(await resolveAuth({ type: 'oauth2', scheme: 'oauth' }, { secrets, redactor, server: 'x', oauth2Token: async () => 'access-token-1' })).toEqual({ scheme: 'oauth', type: 'bearer', token: 'access-token-1' });
  });

  it('says which credentials the spec asks for when none are configured', () => {
    expect(authHints('pets', SCHEMES, { type: 'none' })[0]).toContain('`patchbay openapi auth pets --auth api-key`');
    expect(authHints('pets', SCHEMES, { type: 'bearer', token: { secret: 'k' } })).toEqual([]);
    expect(authHints('pets', [], { type: 'none' })).toEqual([]);
  });

  it('a missing secret at call time says how to set it again', async () => {
    await expect(resolveAuth({ type: 'bearer', token: { secret: 'server/gone/openapi/auth' } }, { secrets, redactor, server: 'pets' })).rejects.toThrow(/patchbay openapi auth pets/);
  });
});
