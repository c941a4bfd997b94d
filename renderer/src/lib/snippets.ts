// The Cursor install link for the "How To Use" tab, with a pasted token in it. Pure. The config
// snippets themselves come from the hub's config writers (GET /api/clients/snippets).

export const TOKEN_PLACEHOLDER = '<token>';

export function bearer(token: string | undefined): Record<string, string> {
  return { Authorization: `Bearer ${token && token.trim() ? token.trim() : TOKEN_PLACEHOLDER}` };
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
