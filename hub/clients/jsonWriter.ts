// JSON / JSONC config editing with jsonc-parser's `modify` + `applyEdits`: only our entry's text
// changes, so comments, key order and formatting elsewhere in the file survive.
import { applyEdits, findNodeAtLocation, modify, parse, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { FormattingOptions, ParseError } from 'jsonc-parser';
import { HubError } from '../core/errors';
import { insertPropertyLines, removePropertyLines } from './jsonLines';
import { deepEqual, eolOf, isBlank, isPlainObject, lineColumn, unparseable } from './writerUtil';
import type { PlainObject } from './writerUtil';

export interface JsonTarget {
  format: 'json' | 'jsonc';
  serversKey: string;
  /** How errors name the file, e.g. `/home/me/.cursor/mcp.json` or `Cursor's config`. */
  label: string;
}

/** Parses a config file; `{}` for a missing or empty one. Throws BAD_REQUEST with line/column otherwise. */
export function parseJsonConfig(target: JsonTarget, text: string | undefined): PlainObject {
  if (isBlank(text)) return {};
  const errors: ParseError[] = [];
  const root: unknown = parse(text, errors, {
    allowTrailingComma: target.format === 'jsonc',
    disallowComments: target.format === 'json',
    allowEmptyContent: true,
  });
  const kind = target.format === 'json' ? 'JSON' : 'JSON with comments';
  const first = errors[0];
  if (first) {
    const { line, column } = lineColumn(text, first.offset);
    throw unparseable(target.label, kind, printParseErrorCode(first.error), line, column);
  }
  if (!isPlainObject(root)) {
    throw new HubError('BAD_REQUEST', `${target.label} must hold a JSON object at the top level. Fix the file (or move it away) and try again.`);
  }
  const servers = root[target.serversKey];
  if (servers !== undefined && !isPlainObject(servers)) {
    throw new HubError('BAD_REQUEST', `"${target.serversKey}" in ${target.label} must be an object of servers. Fix the file (or move it away) and try again.`);
  }
  return root;
}

/** Indentation and line endings of the existing file, so our entry looks like its neighbours. */
function formattingOf(text: string): FormattingOptions {
  const eol = eolOf(text);
  const indented = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indented?.startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  const size = indented?.length ?? 2;
  return { insertSpaces: true, tabSize: size >= 1 && size <= 8 ? size : 2, eol };
}

function serversOf(target: JsonTarget, root: PlainObject): PlainObject | undefined {
  const servers = root[target.serversKey];
  return isPlainObject(servers) ? servers : undefined;
}

/**
 * Where a new property goes: at the end of its object, unless the current last property has a
 * comment on its line (`"x": 1, // note`), which would then seem to describe our entry: then first.
 */
function insertionIndex(text: string, objectPath: string[]): (properties: string[]) => number {
  const tree = parseTree(text, undefined, { allowTrailingComma: true });
  const object = tree && (objectPath.length === 0 ? tree : findNodeAtLocation(tree, objectPath));
  const last = object?.type === 'object' ? object.children?.at(-1) : undefined;
  if (!last) return (properties) => properties.length;
  const restOfLine = text.slice(last.offset + last.length).split('\n')[0] ?? '';
  return /\/[/*]/.test(restOfLine) ? () => 0 : (properties) => properties.length;
}

export function upsertJson(target: JsonTarget, oldText: string | undefined, name: string, entry: PlainObject): string {
  const root = parseJsonConfig(target, oldText);
  if (isBlank(oldText)) {
    return `${JSON.stringify({ [target.serversKey]: { [name]: entry } }, null, 2)}\n`;
  }
  const servers = serversOf(target, root);
  if (deepEqual(servers?.[name], entry)) return oldText;
  const formatting = formattingOf(oldText);
  const objectPath = servers ? [target.serversKey] : [];
  const position = insertionIndex(oldText, objectPath);
  if (!servers || !Object.hasOwn(servers, name)) {
    // A new property, by lines (checked): nothing else in the file moves.
    const [key, value] = servers ? [name, entry] : [target.serversKey, { [name]: entry }];
    const byLines = insertPropertyLines(oldText, objectPath, key, value, formatting, position(['x', 'y']) === 0);
    if (byLines !== undefined && sameAfterUpsert(target, root, byLines, name, entry)) return byLines;
  }
  const edits = modify(oldText, [target.serversKey, name], entry, { formattingOptions: formatting, getInsertionIndex: position });
  return applyEdits(oldText, edits);
}

export function removeJson(target: JsonTarget, oldText: string | undefined, name: string): string {
  const root = parseJsonConfig(target, oldText);
  if (isBlank(oldText)) return oldText ?? '';
  const servers = serversOf(target, root);
  if (!servers || !Object.hasOwn(servers, name)) return oldText;
  if (Object.keys(servers).length > 1) {
    // By lines, checked: the result must hold exactly the same servers minus ours, else fall back.
    const byLines = removePropertyLines(oldText, [target.serversKey], name);
    if (byLines !== undefined && removedOnly(target, root, byLines, name)) return byLines;
    return applyEdits(oldText, modify(oldText, [target.serversKey, name], undefined, { formattingOptions: formattingOf(oldText) }));
  }
  // Removing the last entry leaves `"key": {}` rather than an empty object spread over two lines.
  return applyEdits(oldText, modify(oldText, [target.serversKey], {}, { formattingOptions: formattingOf(oldText) }));
}

function sameAfterUpsert(target: JsonTarget, before: PlainObject, text: string, name: string, entry: PlainObject): boolean {
  try {
    const expected: PlainObject = { ...before, [target.serversKey]: { ...serversOf(target, before), [name]: entry } };
    return deepEqual(parseJsonConfig(target, text), expected);
  } catch {
    return false;
  }
}

function removedOnly(target: JsonTarget, before: PlainObject, text: string, name: string): boolean {
  try {
    const after = parseJsonConfig(target, text);
    const expected: PlainObject = { ...before, [target.serversKey]: { ...serversOf(target, before) } };
    delete (expected[target.serversKey] as PlainObject)[name];
    return deepEqual(after, expected);
  } catch {
    return false;
  }
}

/** The raw server map of a config (for readEntries). */
export function jsonServers(target: JsonTarget, text: string | undefined): PlainObject {
  return serversOf(target, parseJsonConfig(target, text)) ?? {};
}
