import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../hub/core/redact';

describe('Redactor', () => {
  it('masks registered secret values wherever they appear', () => {
    const r = new Redactor();
    r.add('sk-live-0123456789');
    expect(r.redact('upstream said: bad key sk-live-0123456789!')).toBe('upstream said: bad key [redacted]!');
  });

  it('masks bearer tokens, hub tokens and token query parameters by shape', () => {
    const r = new Redactor();
    expect(r.redact('Authorization: Bearer abc.def.ghi123')).toBe('Authorization: Bearer [redacted]');
    expect(r.redact('token pb_0123456789abcdefghij used')).toBe('token [redacted] used');
    expect(r.redact('GET /cb?code=xyz123&state=1&access_token=qqq')).toBe('GET /cb?code=[redacted]&state=1&access_token=[redacted]');
  });

  it('masks secret-named fields in structured values', () => {
    const r = new Redactor();
    expect(r.redactValue({ headers: { Authorization: 'x', Accept: 'json' }, refresh_token: 'r', n: 1 })).toEqual({
      headers: { Authorization: '[redacted]', Accept: 'json' },
      refresh_token: '[redacted]',
      n: 1,
    });
  });
});
