import { createHash } from 'node:crypto';

// Names of tools and prompts on the aggregate endpoint `/mcp`: `SERVER__NAME`.
//
// - Valid under MCP's tool-name rules: 1-128 characters from [A-Za-z0-9_.-].
// - Deterministic: the same server and upstream name always give the same exposed name.
// - Collision-free: server names cannot contain `_`, so `SERVER__` is a unique prefix per server;
//   within one server, a name that had to be changed (invalid characters, too long) carries a
//   short hash of the original, so two different originals never meet.
// - Reversible: `splitExposedName` recovers the server, and the aggregator's index maps the
//   exposed name back to the exact upstream name.

export const SEPARATOR = '__';
export const MAX_NAME_LENGTH = 128;
const VALID = /^[A-Za-z0-9_.-]+$/;

export function isValidToolName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAME_LENGTH && VALID.test(name);
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** The exposed name of `name` from `server` on the aggregate endpoint. */
export function prefixedName(server: string, name: string): string {
  const candidate = `${server}${SEPARATOR}${name}`;
  if (isValidToolName(candidate)) return candidate;
  const suffix = `_${shortHash(name)}`;
  const room = MAX_NAME_LENGTH - server.length - SEPARATOR.length - suffix.length;
  const cleaned = name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, Math.max(room, 1));
  return `${server}${SEPARATOR}${cleaned}${suffix}`;
}

/** The server part of an exposed name, or undefined when it has none. */
export function splitExposedName(exposed: string): { server: string; rest: string } | undefined {
  const at = exposed.indexOf(SEPARATOR);
  if (at <= 0) return undefined;
  return { server: exposed.slice(0, at), rest: exposed.slice(at + SEPARATOR.length) };
}
