// TOML config editing (Codex's config.toml). smol-toml parses and validates, but re-serialising the
// whole document would drop comments, so edits are made on the text: the `[mcp_servers.NAME]` table
// (and any `[mcp_servers.NAME.*]` sub-tables) is replaced, appended or removed line by line, and the
// result is parsed again to prove that only our entry changed.
import { parse, stringify, TomlError } from 'smol-toml';
import { HubError } from '../core/errors';
import { deepEqual, eolOf, isBlank, isPlainObject, unparseable } from './writerUtil';
import type { PlainObject } from './writerUtil';

export interface TomlTarget {
  serversKey: string;
  label: string;
}

export function parseTomlConfig(target: TomlTarget, text: string | undefined): PlainObject {
  if (isBlank(text)) return {};
  let doc: PlainObject;
  try {
    doc = parse(text);
  } catch (error) {
    if (error instanceof TomlError) {
      // The message embeds the offending lines, which may hold secrets: keep only its first line.
      const reason = (error.message.split('\n')[0] ?? 'syntax error').replace(/^Invalid TOML document:\s*/, '');
      throw unparseable(target.label, 'TOML', reason, error.line, error.column);
    }
    throw new HubError('BAD_REQUEST', `${target.label} could not be read as TOML. Fix the file (or move it away) and try again.`);
  }
  const servers = doc[target.serversKey];
  if (servers !== undefined && !isPlainObject(servers)) {
    throw new HubError('BAD_REQUEST', `"${target.serversKey}" in ${target.label} must be a table of servers. Fix the file (or move it away) and try again.`);
  }
  return doc;
}

export function tomlServers(target: TomlTarget, text: string | undefined): PlainObject {
  const servers = parseTomlConfig(target, text)[target.serversKey];
  return isPlainObject(servers) ? servers : {};
}

// ---- rendering ----

function tomlString(value: string): string {
  return stringify({ v: value }).slice('v = '.length).trimEnd();
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key);
}

function tomlValue(value: unknown): string {
  if (typeof value === 'string') return tomlString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  if (isPlainObject(value)) {
    const items = Object.entries(value).map(([key, item]) => `${tomlKey(key)} = ${tomlValue(item)}`);
    return items.length === 0 ? '{}' : `{ ${items.join(', ')} }`;
  }
  throw new HubError('BAD_REQUEST', 'A TOML client entry may hold only strings, finite numbers, booleans, arrays and tables.');
}

/** `[mcp_servers.NAME]` followed by one `key = value` line per field (tables inline). */
export function renderTomlTable(serversKey: string, name: string, entry: PlainObject, eol: string): string {
  const lines = [`[${tomlKey(serversKey)}.${tomlKey(name)}]`];
  for (const [key, value] of Object.entries(entry)) lines.push(`${tomlKey(key)} = ${tomlValue(value)}`);
  return lines.map((line) => line + eol).join('');
}

// ---- locating tables in the text ----

/** The key path of a `[a.b."c"]` / `[[a.b]]` header line, or undefined when the line is not a header. */
function headerPath(line: string): string[] | undefined {
  const text = line.trimStart();
  if (!text.startsWith('[')) return undefined;
  let i = text.startsWith('[[') ? 2 : 1;
  const path: string[] = [];
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== quote) j += quote === '"' && text[j] === '\\' ? 2 : 1;
      const raw = text.slice(i, j + 1);
      path.push(quote === '"' ? safeJsonString(raw) : raw.slice(1, -1));
      i = j + 1;
    } else {
      const bare = /^[A-Za-z0-9_-]+/.exec(text.slice(i))?.[0];
      if (!bare) return undefined;
      path.push(bare);
      i += bare.length;
    }
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] !== '.') break;
    i++;
  }
  return text[i] === ']' ? path : undefined;
}

function safeJsonString(raw: string): string {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : raw.slice(1, -1);
  } catch {
    return raw.slice(1, -1);
  }
}

type Mode = 'normal' | 'mlBasic' | 'mlLiteral';

/** Advances the string/bracket state over one line that is not a table header. */
function scanLine(line: string, state: { mode: Mode; depth: number }): void {
  let i = 0;
  while (i < line.length) {
    const rest = line.slice(i);
    if (state.mode === 'mlBasic') {
      if (line[i] === '\\') i += 2;
      else if (rest.startsWith('"""')) {
        state.mode = 'normal';
        i += 3;
      } else i++;
      continue;
    }
    if (state.mode === 'mlLiteral') {
      if (rest.startsWith("'''")) {
        state.mode = 'normal';
        i += 3;
      } else i++;
      continue;
    }
    const c = line[i];
    if (c === '#') return;
    if (rest.startsWith('"""')) {
      state.mode = 'mlBasic';
      i += 3;
    } else if (rest.startsWith("'''")) {
      state.mode = 'mlLiteral';
      i += 3;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < line.length && line[i] !== c) i += c === '"' && line[i] === '\\' ? 2 : 1;
      i++;
    } else {
      if (c === '[' || c === '{') state.depth++;
      else if (c === ']' || c === '}') state.depth--;
      i++;
    }
  }
}

interface Segment {
  start: number;
  end: number;
}

function isBlankOrComment(line: string): boolean {
  const text = line.trim();
  return text === '' || text.startsWith('#');
}

/** The line ranges of `[serversKey.name]` and its sub-tables, without trailing blank/comment lines. */
function entrySegments(lines: string[], serversKey: string, name: string): Segment[] {
  const headers: Array<{ line: number; ours: boolean }> = [];
  const state = { mode: 'normal' as Mode, depth: 0 };
  lines.forEach((line, index) => {
    const path = state.mode === 'normal' && state.depth === 0 ? headerPath(line) : undefined;
    if (path) headers.push({ line: index, ours: path.length >= 2 && path[0] === serversKey && path[1] === name });
    else scanLine(line, state);
  });
  const segments: Segment[] = [];
  headers.forEach((header, k) => {
    if (!header.ours) return;
    let end = headers[k + 1]?.line ?? lines.length;
    while (end - 1 > header.line && isBlankOrComment(lines[end - 1] ?? '')) end--;
    segments.push({ start: header.line, end });
  });
  return segments;
}

/** Deletes a segment, and one of the blank lines around it when it stood between two. */
function removeSegment(lines: string[], { start, end }: Segment): void {
  const blankBefore = start > 0 && (lines[start - 1] ?? '').trim() === '';
  const blankAfter = end >= lines.length || (lines[end] ?? '').trim() === '';
  const from = blankBefore && blankAfter ? start - 1 : start;
  lines.splice(from, end - from);
}

function splitLines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

function withoutEntry(doc: PlainObject, serversKey: string, name: string): PlainObject {
  const servers = doc[serversKey];
  if (!isPlainObject(servers)) return doc;
  const rest = { ...servers };
  delete rest[name];
  const out = { ...doc, [serversKey]: rest };
  // `[mcp_servers.x]` alone creates `mcp_servers`: an empty servers table counts as no table.
  if (Object.keys(rest).length === 0) delete out[serversKey];
  return out;
}

/** Proves that the edit changed our entry only; anything else is refused rather than written. */
function verify(target: TomlTarget, before: PlainObject, out: string, name: string, expected: PlainObject | undefined): string {
  let after: PlainObject;
  try {
    after = parseTomlConfig(target, out);
  } catch {
    after = {};
  }
  const servers = after[target.serversKey];
  const actual = isPlainObject(servers) ? servers[name] : undefined;
  const sameRest = deepEqual(withoutEntry(before, target.serversKey, name), withoutEntry(after, target.serversKey, name));
  if (!sameRest || !deepEqual(actual, expected)) {
    throw new HubError(
      'BAD_REQUEST',
      `Patchbay could not edit ${target.label} safely: its "${target.serversKey}" table is written in a form Patchbay does not rewrite (an inline table or dotted keys). Edit the [${target.serversKey}.${name}] table by hand, or rewrite "${target.serversKey}" as [${target.serversKey}.NAME] tables.`,
    );
  }
  return out;
}

function inlineError(target: TomlTarget, name: string): HubError {
  return new HubError(
    'BAD_REQUEST',
    `${target.label} defines "${name}" inline or with dotted keys, which Patchbay does not rewrite. Turn it into a [${target.serversKey}.${name}] table (or delete it) and try again.`,
  );
}

export function upsertToml(target: TomlTarget, oldText: string | undefined, name: string, entry: PlainObject): string {
  const before = parseTomlConfig(target, oldText);
  if (isBlank(oldText)) return verify(target, before, renderTomlTable(target.serversKey, name, entry, '\n'), name, entry);
  const servers = before[target.serversKey];
  const existing = isPlainObject(servers) ? servers[name] : undefined;
  if (deepEqual(existing, entry)) return oldText;

  const eol = eolOf(oldText);
  const block = renderTomlTable(target.serversKey, name, entry, eol);
  const lines = splitLines(oldText);
  const segments = entrySegments(lines, target.serversKey, name);
  if (segments.length === 0 && existing !== undefined) throw inlineError(target, name);

  let out: string;
  if (segments.length === 0) {
    out = `${oldText.trimEnd()}${eol}${eol}${block}`;
  } else {
    const [first] = segments;
    for (const segment of segments.slice(1).reverse()) removeSegment(lines, segment);
    if (first) lines.splice(first.start, first.end - first.start, block);
    out = lines.join('');
  }
  return verify(target, before, out, name, entry);
}

export function removeToml(target: TomlTarget, oldText: string | undefined, name: string): string {
  const before = parseTomlConfig(target, oldText);
  if (isBlank(oldText)) return oldText ?? '';
  const servers = before[target.serversKey];
  if (!isPlainObject(servers) || !Object.hasOwn(servers, name)) return oldText;

  const lines = splitLines(oldText);
  const segments = entrySegments(lines, target.serversKey, name);
  if (segments.length === 0) throw inlineError(target, name);
  for (const segment of [...segments].reverse()) removeSegment(lines, segment);
  return verify(target, before, lines.join(''), name, undefined);
}
