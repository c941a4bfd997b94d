// What Patchbay's own entries in client configs look like, and small pure helpers around them:
// entry and token names, the endpoint URL, reading the token back out of an entry, telling our
// entries from the user's, and a short diff for dry runs.
import { posix, win32 } from 'node:path';
import { TOKEN_ENV_VAR } from './entries';
import type { ClientId } from './types';
import { isPlainObject } from './writerUtil';

/** The entry name of the aggregate endpoint; a target's entry is `patchbay-TARGET`. */
export const HUB_ENTRY_NAME = 'patchbay';
/** Where the hub listens unless told otherwise. */
export const DEFAULT_HUB_URL = 'http://127.0.0.1:4242';

export function hubEntryName(target?: string): string {
  return target === undefined ? HUB_ENTRY_NAME : `${HUB_ENTRY_NAME}-${target}`;
}

export function isHubEntryName(name: string): boolean {
  return name === HUB_ENTRY_NAME || name.startsWith(`${HUB_ENTRY_NAME}-`);
}

/**
 * The hub token's name for a client's entry: `cursor`, `cursor-github`. Codex reads every entry's
 * token from one environment variable, so all its entries share the token `codex`.
 */
export function hubTokenName(client: ClientId, target?: string): string {
  return target === undefined || client === 'codex' ? client : `${client}-${target}`;
}

/** `http://127.0.0.1:4242` + target -> `http://127.0.0.1:4242/mcp/target`. */
export function endpointUrl(baseUrl: string, target?: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return target === undefined ? `${base}/mcp` : `${base}/mcp/${encodeURIComponent(target)}`;
}

/** The bearer token an entry carries: `headers.Authorization: Bearer X`, or `env.PATCHBAY_TOKEN` (stdio bridge). */
export function tokenOfEntry(raw: unknown): string | undefined {
  if (!isPlainObject(raw)) return undefined;
  const headers = isPlainObject(raw.headers) ? raw.headers : isPlainObject(raw.http_headers) ? raw.http_headers : undefined;
  if (headers) {
    for (const [key, value] of Object.entries(headers)) {
      if (key.toLowerCase() !== 'authorization' || typeof value !== 'string') continue;
      const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
      if (match?.[1]) return match[1];
    }
  }
  const env = isPlainObject(raw.env) ? raw.env : undefined;
  const fromEnv = env?.[TOKEN_ENV_VAR];
  return typeof fromEnv === 'string' && fromEnv.length > 0 ? fromEnv : undefined;
}

/** The id part of a hub token (`pb_<id>_<secret>`), for telling revoked from unknown tokens. */
export function tokenId(token: string): string | undefined {
  return /^pb_([0-9a-f]{8})_/.exec(token)?.[1];
}

/** Hub tokens in a text, shortened to `pb_<id>_…` (for dry-run output). */
export function redactTokens(text: string): string {
  return text.replace(/\bpb_([0-9a-f]{8})_[A-Za-z0-9_-]{8,}/g, 'pb_$1_…');
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\./.test(hostname);
}

/** `http://localhost:4242` and `http://127.0.0.1:4242` are the same hub. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    const host = (url: URL) => (isLoopback(url.hostname) ? 'loopback' : url.hostname);
    return x.protocol === y.protocol && x.port === y.port && host(x) === host(y);
  } catch {
    return false;
  }
}

/** A URL that looks like a Patchbay MCP endpoint on this machine: loopback, path `/mcp` or `/mcp/NAME`. */
export function looksLikeHubUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return isLoopback(parsed.hostname) && /^\/mcp(\/[a-z0-9][a-z0-9-]*)?\/?$/.test(parsed.pathname);
  } catch {
    return false;
  }
}

/** A stdio entry that runs Patchbay's stdio bridge (`… patchbay(.mjs) stdio …`). */
export function looksLikeBridge(command: string | undefined, args: readonly string[] | undefined): boolean {
  const list = args ?? [];
  const stdioAt = list.indexOf('stdio');
  if (stdioAt < 0) return false;
  const base = (path: string) => win32.basename(posix.basename(path)).toLowerCase();
  return [command ?? '', ...list.slice(0, stdioAt)].some((part) => /^patchbay(\.mjs|\.cmd|\.exe)?$/.test(base(part)));
}

/** The `--target` of a bridge entry's arguments. */
export function bridgeTarget(args: readonly string[] | undefined): string | undefined {
  const list = args ?? [];
  const at = list.indexOf('--target');
  return at >= 0 ? list[at + 1] : undefined;
}

/**
 * A unified diff of two texts with two lines of context around the one changed region (the
 * writers change one entry, so one hunk shows it).
 */
export function lineDiff(path: string, oldText: string | undefined, newText: string): string {
  const before = oldText === undefined || oldText === '' ? [] : oldText.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const after = newText === '' ? [] : newText.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  if (start === endBefore && start === endAfter) return '';
  const from = Math.max(0, start - 2);
  const toBefore = Math.min(before.length, endBefore + 2);
  const toAfter = Math.min(after.length, endAfter + 2);
  const lines = [
    `--- ${oldText === undefined ? '/dev/null' : path}`,
    `+++ ${path}`,
    `@@ -${toBefore === from ? from : from + 1},${toBefore - from} +${toAfter === from ? from : from + 1},${toAfter - from} @@`,
    ...before.slice(from, start).map((line) => ` ${line}`),
    ...before.slice(start, endBefore).map((line) => `-${line}`),
    ...after.slice(start, endAfter).map((line) => `+${line}`),
    ...before.slice(endBefore, toBefore).map((line) => ` ${line}`),
  ];
  return `${lines.join('\n')}\n`;
}
