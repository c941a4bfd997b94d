// Turning validator output into locations a user can act on: a JSON pointer and, when we have
// the source text, a line and column in the file they wrote.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function pointerTokens(pointer: string): string[] {
  return pointer.split('/').slice(1).map(unescapePointerToken);
}

/**
 * The JSON pointer of the value that starts on `line` (1-based) of `JSON.stringify(value, null, 2)`,
 * which is the text the parser's validator quotes in its code frames.
 */
export function pointerAtPrettyLine(value: unknown, target: number): string | undefined {
  let line = 1;
  let found: string | undefined;
  const walk = (node: unknown, pointer: string): void => {
    if (found !== undefined || line > target) return;
    if (line === target) {
      found = pointer;
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const entries: Array<[string, unknown]> = Array.isArray(node)
      ? node.map((item, index) => [String(index), item])
      : Object.entries(node).filter(([, item]) => item !== undefined && typeof item !== 'function');
    if (entries.length === 0) return;
    for (const [key, item] of entries) {
      line += 1;
      walk(item, `${pointer}/${escapePointerToken(key)}`);
      if (found !== undefined) return;
    }
    line += 1;
  };
  walk(value, '');
  return found;
}

/** Where the first `$ref: ref` occurs in the document, as a JSON pointer. */
export function findRefPointer(document: unknown, ref: string): string | undefined {
  const seen = new Set<object>();
  const walk = (node: unknown, pointer: string): string | undefined => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return undefined;
    seen.add(node);
    if (!Array.isArray(node) && (node as Record<string, unknown>).$ref === ref) return `${pointer}/$ref`;
    for (const [key, item] of Object.entries(node)) {
      const hit = walk(item, `${pointer}/${escapePointerToken(key)}`);
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
  return walk(document, '');
}

export interface SourcePosition {
  line: number;
  column: number;
  /** The longest prefix of the pointer that exists in the source (a `$ref` hides the rest). */
  pointer: string;
}

/** Line and column (1-based) of a JSON pointer in YAML or JSON source text. */
export function locatePointer(text: string, pointer: string): SourcePosition | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false, uniqueKeys: false });
  let node: unknown = doc.contents;
  let offset = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
  let matched = '';
  for (const token of pointerTokens(pointer)) {
    let next: unknown;
    let nextOffset: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && String(isScalar(item.key) ? item.key.value : item.key) === token);
      if (pair) {
        next = pair.value;
        nextOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      }
    } else if (isSeq(node)) {
      next = node.items[Number(token)];
      nextOffset = (next as { range?: [number, number, number] } | undefined)?.range?.[0];
    }
    if (next === undefined) break;
    node = next;
    offset = nextOffset ?? offset;
    matched += `/${escapePointerToken(token)}`;
  }
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col, pointer: matched };
}
