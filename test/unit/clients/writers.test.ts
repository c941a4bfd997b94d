import { describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import { buildEntry, cursorInstallLink, readEntries, removeEntry, stdioBridgeArgs, upsertEntry } from '../../../hub/clients';
import type { ClientId, HubEndpoint } from '../../../hub/clients';

const HUB: HubEndpoint = {
  name: 'patchbay',
  url: 'http://127.0.0.1:4242/mcp/github',
  token: 'pb_live_abcdefghijklmnop1234',
  stdio: { command: '/usr/local/bin/node', args: stdioBridgeArgs('/opt/patchbay/bin/patchbay.mjs', 'github') },
};

function thrown(fn: () => unknown): HubError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a HubError');
}

describe('buildEntry', () => {
  it('gives each client its own shape', () => {
    const headers = { Authorization: `Bearer ${HUB.token}` };
    expect(buildEntry('cursor', HUB)).toEqual({ url: HUB.url, headers });
    expect(buildEntry('vscode', HUB)).toEqual({ type: 'http', url: HUB.url, headers });
    expect(buildEntry('claude-code', HUB)).toEqual({ type: 'http', url: HUB.url, headers });
    expect(buildEntry('windsurf', HUB)).toEqual({ serverUrl: HUB.url, headers });
    expect(buildEntry('gemini', HUB)).toEqual({ httpUrl: HUB.url, headers });
    expect(buildEntry('zed', HUB)).toEqual({ url: HUB.url, headers });
    expect(buildEntry('codex', HUB)).toEqual({ url: HUB.url, bearer_token_env_var: 'PATCHBAY_TOKEN' });
  });

  it('writes Claude Desktop a stdio bridge entry, never a url', () => {
    const entry = buildEntry('claude-desktop', { ...HUB, home: '/data/patchbay' });
    expect(entry).toEqual({
      command: '/usr/local/bin/node',
      args: ['/opt/patchbay/bin/patchbay.mjs', 'stdio', '--target', 'github'],
      env: { PATCHBAY_TOKEN: HUB.token, PATCHBAY_HOME: '/data/patchbay' },
    });
    expect(JSON.stringify(entry)).not.toContain('url');
    expect(buildEntry('claude-desktop', { ...HUB, stdio: { command: 'C:\\Program Files\\nodejs\\node.exe', args: ['C:\\pb\\bin\\patchbay.mjs', 'stdio'] } })).toMatchObject({
      command: 'C:\\Program Files\\nodejs\\node.exe',
    });
  });

  it('refuses relative stdio paths, bad URLs, bad tokens and bad names', () => {
    expect(thrown(() => buildEntry('claude-desktop', { ...HUB, stdio: { command: 'node', args: ['/x/patchbay.mjs'] } })).message).toMatch(/absolute path/);
    expect(thrown(() => buildEntry('claude-desktop', { ...HUB, stdio: { command: '/usr/bin/node', args: ['patchbay.mjs'] } })).message).toMatch(/absolute path/);
    expect(thrown(() => buildEntry('cursor', { ...HUB, url: 'ftp://x/mcp' })).code).toBe('BAD_REQUEST');
    expect(thrown(() => buildEntry('cursor', { ...HUB, url: 'not a url' })).code).toBe('BAD_REQUEST');
    const badToken = thrown(() => buildEntry('cursor', { ...HUB, token: 'pb_live with space' }));
    expect(badToken.message).not.toContain('pb_live');
    expect(thrown(() => buildEntry('cursor', { ...HUB, name: 'bad name' })).message).toMatch(/not valid/);
    expect(thrown(() => upsertEntry('codex', undefined, 'a.b', { url: 'x' })).code).toBe('BAD_REQUEST');
  });
});

describe('readEntries', () => {
  it.each<[ClientId]>([['cursor'], ['vscode'], ['claude-code'], ['windsurf'], ['gemini'], ['zed']])(
    '%s: reads back the written url and headers',
    (client) => {
      const text = upsertEntry(client, '{ "mcpServers": {}, "servers": {}, "context_servers": {} }\n', 'patchbay', buildEntry(client, HUB));
      expect(readEntries(client, text)).toEqual([
        { name: 'patchbay', kind: 'http', url: HUB.url, headers: { Authorization: `Bearer ${HUB.token}` }, transport: 'streamable-http' },
      ]);
    },
  );

  it('reads Codex http and stdio tables, including headers and the token variable', () => {
    const text = [
      '[mcp_servers.docs]',
      'command = "npx"',
      'args = ["-y", "docs"]',
      'env = { ROOT = "/srv" }',
      'enabled = false',
      '',
      '[mcp_servers.figma]',
      'url = "https://mcp.figma.com/mcp"',
      'bearer_token_env_var = "FIGMA_TOKEN"',
      'http_headers = { "X-Region" = "eu" }',
      '',
    ].join('\n');
    expect(readEntries('codex', text)).toEqual([
      { name: 'docs', kind: 'stdio', command: 'npx', args: ['-y', 'docs'], env: { ROOT: '/srv' }, disabled: true },
      { name: 'figma', kind: 'http', url: 'https://mcp.figma.com/mcp', headers: { 'X-Region': 'eu' }, bearerTokenEnvVar: 'FIGMA_TOKEN', transport: 'streamable-http' },
    ]);
    const written = upsertEntry('codex', text, 'patchbay', buildEntry('codex', HUB));
    expect(readEntries('codex', written).find((s) => s.name === 'patchbay')).toEqual({
      name: 'patchbay', kind: 'http', url: HUB.url, bearerTokenEnvVar: 'PATCHBAY_TOKEN', transport: 'streamable-http',
    });
  });

  it("knows Gemini's url-means-SSE, VS Code's type: sse, Zed's nested command, and skips extension entries", () => {
    expect(readEntries('gemini', '{ "mcpServers": { "old": { "url": "http://h/sse" } } }')).toEqual([{ name: 'old', kind: 'http', url: 'http://h/sse', transport: 'sse' }]);
    expect(readEntries('vscode', '{ "servers": { "s": { "type": "sse", "url": "http://h/sse" } } }')[0]?.transport).toBe('sse');
    const zed = '{ "context_servers": { "ext": { "source": "extension", "settings": {} }, "old": { "command": { "path": "/bin/srv", "args": ["-v"], "env": {} } } } }';
    expect(readEntries('zed', zed)).toEqual([{ name: 'old', kind: 'stdio', command: '/bin/srv', args: ['-v'], env: {} }]);
    expect(readEntries('cursor', undefined)).toEqual([]);
    expect(readEntries('cursor', '{ "mcpServers": { "off": { "command": "x", "disabled": true } } }')).toEqual([{ name: 'off', kind: 'stdio', command: 'x', disabled: true }]);
  });
});

describe('writers', () => {
  it('keeps CRLF line endings', () => {
    const before = '{\r\n  "mcpServers": {\r\n    "a": { "url": "http://a" }\r\n  }\r\n}\r\n';
    const after = upsertEntry('cursor', before, 'patchbay', buildEntry('cursor', HUB));
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    const toml = upsertEntry('codex', 'model = "x"\r\n', 'patchbay', buildEntry('codex', HUB));
    expect(toml).toBe('model = "x"\r\n\r\n[mcp_servers.patchbay]\r\nurl = "http://127.0.0.1:4242/mcp/github"\r\nbearer_token_env_var = "PATCHBAY_TOKEN"\r\n');
    expect(removeEntry('codex', toml, 'patchbay')).toBe('model = "x"\r\n');
  });

  it('returns the text unchanged when removing an entry that is not there', () => {
    const text = '{\n  // mine\n  "servers": { "a": { "url": "http://a" } }\n}\n';
    expect(removeEntry('vscode', text, 'patchbay')).toBe(text);
    expect(removeEntry('vscode', undefined, 'patchbay')).toBe('');
    expect(removeEntry('codex', 'model = "x"\n', 'patchbay')).toBe('model = "x"\n');
  });

  it('refuses files whose top level or server map has the wrong type', () => {
    expect(thrown(() => upsertEntry('cursor', '[1, 2]', 'patchbay', {})).message).toMatch(/must hold a JSON object/);
    expect(thrown(() => upsertEntry('cursor', '{ "mcpServers": [] }', 'patchbay', {})).message).toMatch(/"mcpServers" .* must be an object/);
    expect(thrown(() => upsertEntry('codex', 'mcp_servers = 3', 'patchbay', {})).message).toMatch(/must be a table/);
  });

  it('refuses to rewrite a Codex entry written inline, leaving the text as it was', () => {
    const inline = 'model = "x"\n[mcp_servers]\npatchbay = { url = "http://old" }\n';
    expect(thrown(() => upsertEntry('codex', inline, 'patchbay', buildEntry('codex', HUB))).message).toMatch(/inline or with dotted keys/);
    expect(thrown(() => removeEntry('codex', inline, 'patchbay')).code).toBe('BAD_REQUEST');
    // A whole inline servers table cannot take a new [mcp_servers.x] table next to it.
    const allInline = 'mcp_servers = { other = { url = "http://o" } }\n';
    expect(thrown(() => upsertEntry('codex', allInline, 'patchbay', buildEntry('codex', HUB))).message).toMatch(/could not edit .* safely/);
    // Sibling entries in other forms are fine.
    const mixed = '[mcp_servers]\nother = { url = "http://o" }\n';
    const out = upsertEntry('codex', mixed, 'patchbay', buildEntry('codex', HUB));
    expect(readEntries('codex', out).map((s) => s.name)).toEqual(['other', 'patchbay']);
  });

  it('renders nested tables inline and quotes keys that need it', () => {
    const out = upsertEntry('codex', undefined, 'patchbay', { url: 'http://h', http_headers: { 'X-Team': 'a"b', 'x.dotted': 'v' }, args: ['x'], enabled: true });
    expect(out).toBe('[mcp_servers.patchbay]\nurl = "http://h"\nhttp_headers = { X-Team = "a\\"b", "x.dotted" = "v" }\nargs = ["x"]\nenabled = true\n');
  });

  it('never puts file contents (secrets) in parse errors', () => {
    const json = '{ "mcpServers": { "a": { "headers": { "Authorization": "Bearer sk-live-SECRET" } ';
    const toml = 'x = "sk-live-SECRET\n';
    for (const error of [thrown(() => upsertEntry('cursor', json, 'p', {})), thrown(() => upsertEntry('codex', toml, 'p', {}))]) {
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(/line 1, column \d+/);
      expect(error.message).not.toContain('SECRET');
      expect(JSON.stringify(error.details)).not.toContain('SECRET');
    }
  });
});

describe('cursorInstallLink', () => {
  it('encodes the entry as base64 JSON in the config parameter', () => {
    const entry = buildEntry('cursor', HUB);
    const link = cursorInstallLink('patchbay', entry);
    expect(link.startsWith('cursor://anysphere.cursor-deeplink/mcp/install?name=patchbay&config=')).toBe(true);
    const config = new URL(link).searchParams.get('config') ?? '';
    expect(JSON.parse(Buffer.from(config, 'base64').toString('utf8'))).toEqual(entry);
  });
});
