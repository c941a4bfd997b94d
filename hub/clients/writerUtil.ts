// Small helpers shared by the JSON and TOML writers.
import { HubError } from '../core/errors';

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function isBlank(text: string | undefined): text is undefined | '' {
  return text === undefined || text.trim() === '';
}

export function eolOf(text: string | undefined): '\n' | '\r\n' {
  return text?.includes('\r\n') ? '\r\n' : '\n';
}

/** The error for a config file we cannot parse. Says where, never what (the file may hold secrets). */
export function unparseable(label: string, kind: string, reason: string, line: number, column: number, cause?: unknown): HubError {
  return new HubError(
    'BAD_REQUEST',
    `${label} is not valid ${kind}: ${reason} at line ${line}, column ${column}. Patchbay left it untouched; fix that line (or move the file away) and try again.`,
    { cause, details: { line, column } },
  );
}

/** String values only: what we accept from `args`, `env` and `headers` in a foreign config. */
export function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isPlainObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') out[key] = item;
  return out;
}

export function stringArray(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string');
}
