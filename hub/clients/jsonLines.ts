// Adding and removing one property of a JSON/JSONC object by lines, so that nothing else in the file
// moves: jsonc-parser's own edits reformat a neighbour that shares a line with the edit. The callers
// check the result by parsing it, and fall back to jsonc-parser when these return undefined.
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { FormattingOptions, Node } from 'jsonc-parser';

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' ? i : offset;
}

/** After `offset`: spaces, then an optional `// comment`, then the line break (when `wholeLine`). */
function restOfLine(text: string, offset: number, wholeLine: boolean): number {
  let i = offset;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text.startsWith('//', i)) while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  if (!wholeLine) return i;
  if (text[i] === '\r' && text[i + 1] === '\n') return i + 2;
  if (text[i] === '\n') return i + 1;
  return i;
}

function skipSpaces(text: string, offset: number): number {
  let i = offset;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i;
}

/**
 * The text without the property `name` of the object at `objectPath`: its lines (with a trailing
 * `// comment` on its last line) go, and the comma that separated it. Undefined when the property is
 * the object's only one or is not there (the caller handles those).
 */
export function removePropertyLines(text: string, objectPath: string[], name: string): string | undefined {
  const properties = propertiesOf(text, objectPath);
  const index = properties.findIndex((property) => property.children?.[0]?.value === name);
  const property = properties[index];
  if (!property || properties.length < 2) return undefined;
  const start = lineStart(text, property.offset);
  const wholeLine = start !== property.offset || text[start - 1] === '\n';
  let end = skipSpaces(text, property.offset + property.length);
  const ownComma = text[end] === ',';
  if (ownComma) end++;
  end = restOfLine(text, end, wholeLine);
  if (ownComma) return text.slice(0, start) + text.slice(end);
  // The last property, without a trailing comma: the previous property's comma goes instead.
  const previous = properties[index - 1];
  if (!previous) return undefined;
  const comma = skipSpaces(text, previous.offset + previous.length);
  if (text[comma] !== ',') return undefined;
  return text.slice(0, comma) + text.slice(comma + 1, start) + text.slice(end);
}

function propertiesOf(text: string, objectPath: string[]): Node[] {
  const tree = parseTree(text, undefined, { allowTrailingComma: true });
  const object = tree && (objectPath.length === 0 ? tree : findNodeAtLocation(tree, objectPath));
  return object?.type === 'object' ? (object.children ?? []) : [];
}

/**
 * The text with a new property `key: value` on lines of its own, indented like its siblings: after
 * the last one (and after any comment on its line), or before the first. Undefined when the object
 * is empty or its properties do not start lines of their own.
 */
export function insertPropertyLines(text: string, objectPath: string[], key: string, value: unknown, formatting: FormattingOptions, first: boolean): string | undefined {
  const properties = propertiesOf(text, objectPath);
  const head = properties[0];
  const last = properties.at(-1);
  if (!head || !last) return undefined;
  const start = lineStart(text, head.offset);
  if (start === head.offset && text[start - 1] !== '\n') return undefined;
  const indent = text.slice(start, head.offset);
  const eol = formatting.eol ?? '\n';
  const unit = formatting.insertSpaces === false ? '\t' : ' '.repeat(formatting.tabSize ?? 2);
  const property = `${JSON.stringify(key)}: ${JSON.stringify(value, null, unit).split('\n').join(eol + indent)}`;
  if (first) return `${text.slice(0, start)}${indent}${property},${eol}${text.slice(start)}`;
  const afterLast = skipSpaces(text, last.offset + last.length);
  const trailingComma = text[afterLast] === ',';
  const lineEnd = restOfLine(text, trailingComma ? afterLast + 1 : afterLast, false);
  const added = `${eol}${indent}${property}${trailingComma ? ',' : ''}`;
  if (trailingComma) return text.slice(0, lineEnd) + added + text.slice(lineEnd);
  return `${text.slice(0, afterLast)},${text.slice(afterLast, lineEnd)}${added}${text.slice(lineEnd)}`;
}
