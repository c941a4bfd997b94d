// Client configuration snippets for the "How To Use" tab. Pure: endpoint + name -> text.
// Shapes follow hub/clients/entries.ts (the config writers): Cursor takes { url, headers },
// VS Code and Claude Code take { type: 'http', url, headers }.

export const TOKEN_PLACEHOLDER = '<token>';

export type ClientId = 'cursor' | 'vscode' | 'claude-code';

export interface ClientSnippet {
  id: ClientId;
  label: string;
  /** Where the JSON goes. */
  file: string;
  json: string;
  /** A one-line alternative to editing the file, when the client has one. */
  command?: string;
}

export function bearer(token: string | undefined): Record<string, string> {
  return { Authorization: `Bearer ${token && token.trim() ? token.trim() : TOKEN_PLACEHOLDER}` };
}

export function clientSnippets(name: string, url: string, token?: string): ClientSnippet[] {
  const headers = bearer(token);
  const pretty = (value: unknown): string => JSON.stringify(value, null, 2);
  return [
    {
      id: 'cursor',
      label: 'Cursor',
      file: '~/.cursor/mcp.json (or .cursor/mcp.json in a project)',
      json: pretty({ mcpServers: { [name]: { url, headers } } }),
    },
    {
      id: 'vscode',
      label: 'VS Code',
      file: '.vscode/mcp.json in a workspace (or the user mcp.json)',
      json: pretty({ servers: { [name]: { type: 'http', url, headers } } }),
    },
    {
      id: 'claude-code',
      label: 'Claude Code',
      file: '.mcp.json in the project root',
      json: pretty({ mcpServers: { [name]: { type: 'http', url, headers } } }),
      command: `claude mcp add --transport http ${name} ${url} --header "Authorization: ${headers.Authorization}"`,
    },
  ];
}

/** Cursor's install deep link: `config` is the base64 of `{ url, headers }` as JSON. */
export function cursorInstallLink(name: string, url: string, token?: string): string {
  const config = JSON.stringify({ url, headers: bearer(token) });
  return `cursor://anysphere.cursor-deeplink/mcp/install?name=${encodeURIComponent(name)}&config=${encodeURIComponent(base64Utf8(config))}`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of a string's UTF-8 bytes (btoa only takes Latin-1). */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const a = bytes[index] ?? 0;
    const b = bytes[index + 1];
    const c = bytes[index + 2];
    const triple = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(triple >> 18) & 63];
    out += ALPHABET[(triple >> 12) & 63];
    out += b === undefined ? '=' : ALPHABET[(triple >> 6) & 63];
    out += c === undefined ? '=' : ALPHABET[triple & 63];
  }
  return out;
}
