// Validation failures as one HubError that says where (JSON pointer, and line/column in the file
// the user wrote) and what to fix.
import { dereference } from '@readme/openapi-parser';
import type { ValidationResult } from '@readme/openapi-parser';
import type { JsonObject } from '../../shared/types';
import { HubError } from '../core/errors';
import { findRefPointer, locatePointer, pointerAtPrettyLine } from './locate';

type Failure = Extract<ValidationResult, { valid: false }>;

interface Located {
  summary: string;
  pointer?: string;
  hint?: string;
}

export async function describeValidationFailure(result: Failure, document: JsonObject, text: string | undefined, label: string): Promise<HubError> {
  const first = result.errors[0]?.message ?? 'unknown validation error';
  const located = await locate(first, document);
  let where = '';
  if (located.pointer !== undefined) {
    where = ` at ${located.pointer || '/'}`;
    if (text !== undefined) {
      const pos = locatePointer(text, located.pointer);
      if (pos) where += ` (line ${pos.line}, column ${pos.column}${pos.pointer !== located.pointer ? `, the ${pos.pointer || 'document'} it is under` : ''})`;
    }
  }
  const more = result.errors.length - 1 + result.additionalErrors;
  const parts = [
    `The spec ${label} is not a valid ${result.specification ?? 'OpenAPI'} document${where}: ${located.summary}${located.hint ? ` (${located.hint})` : ''}.`,
    more > 0 ? `${more} more problem${more === 1 ? '' : 's'} after this one.` : '',
    'Fix it there and import the spec again.',
  ];
  return new HubError('VALIDATION_FAILED', parts.filter(Boolean).join(' '), {
    details: { pointer: located.pointer, errors: result.errors.map((error) => error.message) },
  });
}

async function locate(message: string, document: JsonObject): Promise<Located> {
  const missing = /Missing \$ref pointer "([^"]+)"/.exec(message);
  if (missing?.[1]) {
    const pointer = findRefPointer(document, missing[1]);
    return { summary: `${message.split('\n')[0]} Point the $ref at an existing definition`, ...(pointer ? { pointer } : {}) };
  }
  const lines = message.split('\n');
  const frameLine = lines.find((line) => /^>\s*\d+\s*\|/.test(line));
  const summaryLines = lines.filter((line) => line.trim() !== '' && !/^\s*>?\s*\d*\s*\|/.test(line));
  const summary = summaryLines.join(' ').replace(/\s+/g, ' ').trim();
  const caret = lines.find((line) => /^\s+\|\s*\^+/.test(line));
  const hint = caret?.replace(/^\s+\|\s*\^+\s*/, '').trim();
  if (!frameLine) return { summary, ...(hint ? { hint } : {}) };
  const lineNumber = Number(/^>\s*(\d+)/.exec(frameLine)?.[1]);
  // The validator quotes JSON.stringify(dereferenced spec, null, 2); rebuild it to map its line to a pointer.
  let pretty: unknown = document;
  try {
    pretty = await dereference(structuredClone(document) as never, { dereference: { circular: 'ignore' } });
  } catch {
    // Keep the raw document: lines before the first $ref still match.
  }
  const pointer = pointerAtPrettyLine(pretty, lineNumber);
  return { summary, ...(hint ? { hint } : {}), ...(pointer !== undefined ? { pointer } : {}) };
}
