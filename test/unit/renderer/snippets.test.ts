import { describe, expect, it } from 'vitest';
import { base64Utf8, clientSnippets, cursorInstallLink } from '../../../renderer/src/lib/snippets';

describe('client snippets', () => {
  const url = 'http://127.0.0.1:4242/mcp/github';

  it('gives Cursor { url, headers } and VS Code / Claude Code { type: http, url, headers } with a token placeholder', () => {
    const [cursor, vscode, claude] = clientSnippets('github', url);
    expect(JSON.parse(cursor!.json)).toEqual({ mcpServers: { github: { url, headers: { Authorization: 'Bearer <token>' } } } });
    expect(JSON.parse(vscode!.json)).toEqual({ servers: { github: { type: 'http', url, headers: { Authorization: 'Bearer <token>' } } } });
    expect(JSON.parse(claude!.json)).toEqual({ mcpServers: { github: { type: 'http', url, headers: { Authorization: 'Bearer <token>' } } } });
    expect(claude!.command).toBe(`claude mcp add --transport http github ${url} --header "Authorization: Bearer <token>"`);
  });

  it('puts a pasted token in, trimmed', () => {
    const [cursor] = clientSnippets('github', url, '  pb_abc  ');
    expect(JSON.parse(cursor!.json).mcpServers.github.headers.Authorization).toBe('Bearer pb_abc');
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
