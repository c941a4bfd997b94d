import { describe, expect, it } from 'vitest';
import { AuthInputSchema } from '../../../shared/api';
import { buildAuthInput, initialAuthForm } from '../../../renderer/src/lib/authForm';
import type { AuthFormState } from '../../../renderer/src/lib/authForm';
import { formatBytes, formatDuration, percent, rangeBounds } from '../../../renderer/src/lib/auditView';

const form = (patch: Partial<AuthFormState>): AuthFormState => ({ ...initialAuthForm(), ...patch });

/** Every input the form builds must pass the API's own schema. */
function valid(state: AuthFormState, template?: string) {
  const result = buildAuthInput(state, template);
  if ('error' in result) throw new Error(result.error);
  if (result.auth) expect(AuthInputSchema.safeParse(result.auth).success).toBe(true);
  return result.auth;
}

describe('authForm', () => {
  it('builds none, passthrough and both API key modes', () => {
    expect(valid(form({ kind: 'none' }))).toBeUndefined();
    expect(valid(form({ kind: 'passthrough' }))).toEqual({ type: 'passthrough' });
    expect(valid(form({ kind: 'api-key', keyHeader: 'X-Api-Key', keyValue: ' sk-1 ' }))).toEqual({ type: 'api-key', mode: 'shared', header: 'X-Api-Key', value: { value: 'sk-1', secret: true } });
    expect(valid(form({ kind: 'api-key', keyValue: 'secret:gh' }))).toEqual({ type: 'api-key', mode: 'shared', header: 'Authorization', value: 'secret:gh' });
    expect(valid(form({ kind: 'api-key', keyValue: 'abc' }), 'Bearer {{API_KEY}}')).toMatchObject({ value: { value: 'Bearer abc' } });
    expect(valid(form({ kind: 'api-key', keyMode: 'individual', keyTemplate: 'k-{{API_KEY}}' }))).toEqual({ type: 'api-key', mode: 'individual', header: 'Authorization', template: 'k-{{API_KEY}}' });
  });

  it('says what is wrong with an API key', () => {
    expect(buildAuthInput(form({ kind: 'api-key', keyValue: '' }))).toEqual({ error: expect.stringContaining('Enter the API key') });
    expect(buildAuthInput(form({ kind: 'api-key', keyHeader: 'bad header', keyValue: 'x' }))).toEqual({ error: expect.stringContaining('not valid') });
    expect(buildAuthInput(form({ kind: 'api-key', keyMode: 'individual', keyTemplate: 'Bearer KEY' }))).toEqual({ error: expect.stringContaining('{{API_KEY}}') });
    expect(buildAuthInput(form({ kind: 'api-key', keyValue: 'secret:' }))).toEqual({ error: expect.stringContaining('secret:github-token') });
  });

  it('builds OAuth authorization code with only what was filled in', () => {
    expect(valid(form({ kind: 'oauth2' }))).toEqual({ type: 'oauth2', grant: 'authorization_code', jwtSource: 'access_token' });
    expect(
      valid(form({ kind: 'oauth2', authorizationUrl: 'https://a.example/auth', tokenUrl: 'https://a.example/token', registrationUrl: 'https://a.example/reg', clientId: 'cid', clientSecret: 'cs', scopes: 'repo, read:user', codeChallengeMethods: 'S256', jwtSource: 'id_token' })),
    ).toEqual({
      type: 'oauth2',
      grant: 'authorization_code',
      authorizationUrl: 'https://a.example/auth',
      tokenUrl: 'https://a.example/token',
      registrationUrl: 'https://a.example/reg',
      clientId: 'cid',
      clientSecret: { value: 'cs', secret: true },
      scopes: ['repo', 'read:user'],
      codeChallengeMethods: ['S256'],
      jwtSource: 'id_token',
    });
    expect(buildAuthInput(form({ kind: 'oauth2', codeChallengeMethods: 'plain' }))).toEqual({ error: expect.stringContaining('S256') });
    expect(buildAuthInput(form({ kind: 'oauth2', tokenUrl: 'ftp://x' }))).toEqual({ error: expect.stringContaining('token URL') });
  });

  it('builds OAuth client credentials and requires the client', () => {
    expect(valid(form({ kind: 'oauth2', grant: 'client_credentials', clientId: 'svc', clientSecret: 'secret:svc', clientAuth: 'post', scopes: 'a b' }))).toEqual({
      type: 'oauth2',
      grant: 'client_credentials',
      clientId: 'svc',
      clientSecret: 'secret:svc',
      clientAuth: 'post',
      scopes: ['a', 'b'],
    });
    expect(buildAuthInput(form({ kind: 'oauth2', grant: 'client_credentials', clientSecret: 'x' }))).toEqual({ error: expect.stringContaining('client ID') });
    expect(buildAuthInput(form({ kind: 'oauth2', grant: 'client_credentials', clientId: 'x' }))).toEqual({ error: expect.stringContaining('client secret') });
  });
});

describe('auditView', () => {
  it('turns time ranges into since/until', () => {
    expect(rangeBounds('all', '', '')).toEqual({});
    expect(rangeBounds('7d', '', '')).toEqual({ since: '7d' });
    const bounds = rangeBounds('custom', '2030-01-02T10:00', '');
    expect(bounds).toEqual({ since: new Date('2030-01-02T10:00').toISOString() });
    expect(rangeBounds('custom', '2030-01-02T10:00', '2030-01-01T10:00')).toEqual({ error: expect.stringContaining('ends before it starts') });
  });

  it('formats sizes, durations and rates', () => {
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(2048)).toBe('2.0 kB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatDuration(0.4)).toBe('<1 ms');
    expect(formatDuration(83.2)).toBe('83 ms');
    expect(formatDuration(1500)).toBe('1.50 s');
    expect(percent(0)).toBe('0%');
    expect(percent(1 / 3)).toBe('33%');
    expect(percent(0.05)).toBe('5.0%');
  });
});
