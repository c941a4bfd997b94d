import { describe, expect, it } from 'vitest';
import { endpointUrl, hubEntryName, hubTokenName, lineDiff, redactTokens, tokenOfEntry } from '../../../hub/clients';
import { looksLikeBridge, looksLikeHubUrl, sameOrigin } from '../../../hub/clients/hubEntries';

const TOKEN = `pb_0123abcd_${'A'.repeat(43)}`;

describe('hub entries', () => {
  it('names entries and tokens', () => {
    expect(hubEntryName()).toBe('patchbay');
    expect(hubEntryName('github')).toBe('patchbay-github');
    expect(hubTokenName('cursor', 'github')).toBe('cursor-github');
    expect(hubTokenName('codex', 'github')).toBe('codex');
    expect(endpointUrl('http://127.0.0.1:4242/', 'github')).toBe('http://127.0.0.1:4242/mcp/github');
  });

  it('reads the token back from headers (any case) or the bridge env', () => {
    expect(tokenOfEntry({ url: 'x', headers: { authorization: `Bearer ${TOKEN}` } })).toBe(TOKEN);
    expect(tokenOfEntry({ command: 'node', env: { PATCHBAY_TOKEN: TOKEN } })).toBe(TOKEN);
    expect(tokenOfEntry({ url: 'x', headers: { Authorization: 'Basic abc' } })).toBeUndefined();
    expect(tokenOfEntry('nope')).toBeUndefined();
  });

  it('recognises hub URLs and bridge commands', () => {
    expect(looksLikeHubUrl('http://localhost:4242/mcp/github')).toBe(true);
    expect(looksLikeHubUrl('https://api.example.com/mcp')).toBe(false);
    expect(sameOrigin('http://localhost:4242/mcp', 'http://127.0.0.1:4242')).toBe(true);
    expect(sameOrigin('http://127.0.0.1:4243/mcp', 'http://127.0.0.1:4242')).toBe(false);
    expect(looksLikeBridge('/usr/bin/node', ['/opt/patchbay/bin/patchbay.mjs', 'stdio', '--target', 'x'])).toBe(true);
    expect(looksLikeBridge('C:\\Program Files\\Patchbay\\patchbay.exe', ['stdio'])).toBe(true);
    expect(looksLikeBridge('npx', ['-y', 'server-stdio'])).toBe(false);
  });

  it('shortens tokens and diffs one changed region', () => {
    expect(redactTokens(`"Bearer ${TOKEN}"`)).toBe('"Bearer pb_0123abcd_…"');
    const diff = lineDiff('f.json', 'a\nb\nc\nd\ne\n', 'a\nb\nX\nd\ne\n');
    expect(diff).toBe('--- f.json\n+++ f.json\n@@ -1,5 +1,5 @@\n a\n b\n-c\n+X\n d\n e\n');
    expect(lineDiff('f.json', 'same\n', 'same\n')).toBe('');
    expect(lineDiff('f.json', undefined, 'new\n')).toBe('--- /dev/null\n+++ f.json\n@@ -0,0 +1,1 @@\n+new\n');
  });
});
