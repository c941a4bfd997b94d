// Entry builders: the hub as each client wants to see it. Pure.
import { posix, win32 } from 'node:path';
import { HubError } from '../core/errors';
import type { ClientEntry, HubEndpoint } from './types';

/** The environment variable that carries the hub token to Codex and to the stdio bridge. */
export const TOKEN_ENV_VAR = 'PATCHBAY_TOKEN';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Entry names Patchbay writes: letters, digits, `-` and `_` (safe as a TOML bare key and in every client). */
export function assertEntryName(name: string): void {
  if (!NAME.test(name)) {
    throw new HubError(
      'BAD_REQUEST',
      `The client entry name ${JSON.stringify(name.slice(0, 80))} is not valid. Use 1–64 letters, digits, '-' or '_', starting with a letter or digit.`,
    );
  }
}

function assertHub(hub: HubEndpoint): void {
  assertEntryName(hub.name);
  let url: URL;
  try {
    url = new URL(hub.url);
  } catch {
    throw new HubError('BAD_REQUEST', `The hub URL ${JSON.stringify(hub.url)} is not a URL. Pass the MCP endpoint, e.g. http://127.0.0.1:4242/mcp.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HubError('BAD_REQUEST', `The hub URL must be http or https, not ${url.protocol}. Pass the MCP endpoint, e.g. http://127.0.0.1:4242/mcp.`);
  }
  if (hub.token.length === 0 || /\s/.test(hub.token)) {
    throw new HubError('BAD_REQUEST', 'The hub token is empty or contains whitespace. Create one with `patchbay token create` and pass it as is.');
  }
}

/** `Authorization: Bearer <token>`. */
export function bearerHeaders(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

function isAbsoluteAnywhere(path: string): boolean {
  return posix.isAbsolute(path) || win32.isAbsolute(path);
}

/** The argument list of the stdio bridge: `[<bin script>, 'stdio', '--target', target]`. */
export function stdioBridgeArgs(binScript: string, target?: string): string[] {
  return target === undefined ? [binScript, 'stdio'] : [binScript, 'stdio', '--target', target];
}

/** `{ url, headers }` — Cursor and Zed. */
export function urlEntry(hub: HubEndpoint): ClientEntry {
  assertHub(hub);
  return { url: hub.url, headers: bearerHeaders(hub.token) };
}

/** `{ type: 'http', url, headers }` — VS Code and Claude Code. */
export function typedHttpEntry(hub: HubEndpoint): ClientEntry {
  assertHub(hub);
  return { type: 'http', url: hub.url, headers: bearerHeaders(hub.token) };
}

/** `{ serverUrl, headers }` — Windsurf. */
export function windsurfEntry(hub: HubEndpoint): ClientEntry {
  assertHub(hub);
  return { serverUrl: hub.url, headers: bearerHeaders(hub.token) };
}

/** `{ httpUrl, headers }` — Gemini CLI (`url` would mean SSE there). */
export function geminiEntry(hub: HubEndpoint): ClientEntry {
  assertHub(hub);
  return { httpUrl: hub.url, headers: bearerHeaders(hub.token) };
}

/**
 * `{ url, bearer_token_env_var }` — Codex. Codex refuses an inline token in config.toml: it reads
 * the token from `PATCHBAY_TOKEN` in its own environment, which the user must set.
 */
export function codexEntry(hub: HubEndpoint): ClientEntry {
  assertHub(hub);
  return { url: hub.url, bearer_token_env_var: TOKEN_ENV_VAR };
}

/** `{ command, args, env }` — Claude Desktop, which accepts stdio entries only. */
export function stdioBridgeEntry(hub: HubEndpoint): ClientEntry {
  assertHub(hub);
  const { command, args } = hub.stdio;
  if (!isAbsoluteAnywhere(command)) {
    throw new HubError('BAD_REQUEST', `The stdio bridge command must be an absolute path (the node binary), not ${JSON.stringify(command)}: Claude Desktop does not search PATH reliably.`);
  }
  if (args.length === 0 || !isAbsoluteAnywhere(args[0] ?? '')) {
    throw new HubError('BAD_REQUEST', "The stdio bridge's first argument must be the absolute path of Patchbay's bin script (see stdioBridgeArgs).");
  }
  const env: Record<string, string> = { ...hub.env, [TOKEN_ENV_VAR]: hub.token };
  if (hub.home !== undefined) env.PATCHBAY_HOME = hub.home;
  return { command, args: [...args], env };
}

/**
 * A Cursor install deep link: `cursor://anysphere.cursor-deeplink/mcp/install?name=…&config=…`,
 * `config` being the base64 of the entry's JSON. The link carries the token: do not log it.
 */
export function cursorInstallLink(name: string, config: ClientEntry): string {
  assertEntryName(name);
  const encoded = Buffer.from(JSON.stringify(config), 'utf8').toString('base64');
  return `cursor://anysphere.cursor-deeplink/mcp/install?name=${encodeURIComponent(name)}&config=${encodeURIComponent(encoded)}`;
}
