import { describe, expect, it } from 'vitest';
import { base64Utf8, cursorInstallLink } from '../../../renderer/src/lib/snippets';

describe('Cursor install link', () => {
  const url = 'http://127.0.0.1:4242/mcp/github';

  it('puts a pasted token into the Cursor deep link, trimmed', () => {
    const link = new URL(cursorInstallLink('patchbay-github', url, '  pb_abc  '));
    expect(JSON.parse(Buffer.from(link.searchParams.get('config')!, 'base64').toString('utf8')).headers).toEqual({ Authorization: 'Bearer pb_abc' });
  });

  it('builds the Cursor deep link with base64 JSON config', () => {
    const link = new URL(cursorInstallLink('my-server', url));
    expect(`${link.protocol}//${link.host}${link.pathname}`).toBe('cursor://anysphere.cursor-deeplink/mcp/install');
    expect(link.searchParams.get('name')).toBe('my-server');
    const config = JSON.parse(Buffer.from(link.searchParams.get('config')!, 'base64').toString('utf8'));
    expect(config).toEqual({ url, headers: { Authorization: 'Bearer <token>' } });
  });

  it('encodes base64 like Buffer does, including UTF-8 and padding', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', 'héllo ✓ 🎛️', JSON.stringify({ url, headers: { a: 'b' } })]) {
      expect(base64Utf8(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
    }
  });
});
