// Loading a spec: read (file or http(s) URL), parse (JSON or YAML), validate and dereference with
// @readme/openapi-parser. Circular `$ref`s stay as object cycles; the converter guards them.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { dereference, validate } from '@readme/openapi-parser';
import type { ParserOptions } from '@readme/openapi-parser';
import { parseDocument } from 'yaml';
import type { JsonObject } from '../../shared/types';
import { errorMessage, HubError } from '../core/errors';
import { describeValidationFailure } from './specErrors';
import type { LoadedSpec, SpecDialect } from './types';

export interface LoadSpecOptions {
  fetch?: typeof fetch;
  /** Directory that relative file paths and relative external `$ref`s resolve against. */
  baseDir?: string;
  /** Validate against the OpenAPI / Swagger schema first (default true). */
  validate?: boolean;
  /** Download timeout for URL sources; default 30 s. */
  timeoutMs?: number;
}

// Checks we downgrade to warnings: one bad operation must not fail the whole import; the
// converter skips (or de-duplicates) what it cannot use.
const LENIENT = {
  'array-without-items': 'warning',
  'duplicate-non-request-body-parameters': 'warning',
  'duplicate-operation-id': 'warning',
  'non-optional-path-parameters': 'warning',
  'path-parameters-not-in-parameters': 'warning',
  'path-parameters-not-in-path': 'warning',
} as const;

type ApiDocument = Exclude<Parameters<typeof dereference>[0], string>;

interface RawSpec {
  document: JsonObject;
  text?: string;
  label: string;
  base?: { kind: 'dir'; dir: string } | { kind: 'url'; url: string };
}

export async function loadSpec(source: string | object, opts: LoadSpecOptions = {}): Promise<LoadedSpec> {
  const raw = await readSource(source, opts);
  const document = raw.document;
  const { dialect, specVersion } = detectDialect(document, raw.label);
  rebaseExternalRefs(document, raw);
  const parserOptions: ParserOptions = {
    resolve: { external: true, file: raw.base?.kind === 'dir' },
    validate: { rules: { openapi: LENIENT, swagger: { ...LENIENT, 'unknown-required-schema-property': 'warning' } } },
  };
  const warnings: string[] = [];
  if (opts.validate !== false) {
    let result: Awaited<ReturnType<typeof validate>>;
    try {
      // The parser dereferences objects in place: validate a copy, dereference the original.
      result = await validate(structuredClone(document) as unknown as ApiDocument, parserOptions);
    } catch (error) {
      throw new HubError('VALIDATION_FAILED', `The spec ${raw.label} could not be read: ${errorMessage(error)}. Fix the spec (or the file it references) and import it again.`, { cause: error });
    }
    if (!result.valid) throw await describeValidationFailure(result, document, raw.text, raw.label);
    warnings.push(...result.warnings.map((warning) => warning.message));
  }
  const refNames = new WeakMap<object, string>();
  let dereferenced: JsonObject;
  try {
    dereferenced = (await dereference(document as unknown as ApiDocument, {
      ...parserOptions,
      dereference: {
        circular: true,
        onDereference: (path, value) => {
          const name = path.slice(path.lastIndexOf('/') + 1);
          if (value && typeof value === 'object' && name && !refNames.has(value)) refNames.set(value, decodeURIComponent(name));
        },
      },
    })) as unknown as JsonObject;
  } catch (error) {
    throw new HubError('VALIDATION_FAILED', `The spec ${raw.label} has a $ref that cannot be resolved: ${errorMessage(error)}. Fix the reference and import it again.`, { cause: error });
  }
  const info = (isObject(dereferenced.info) ? dereferenced.info : {}) as JsonObject;
  return {
    document: dereferenced,
    dialect,
    specVersion,
    title: typeof info.title === 'string' ? info.title : 'API',
    apiVersion: typeof info.version === 'string' ? info.version : '',
    ...(typeof info.description === 'string' ? { description: info.description } : {}),
    source: raw.label,
    ...(raw.base?.kind === 'url' ? { sourceUrl: raw.base.url } : {}),
    warnings,
    refNames,
  };
}

async function readSource(source: string | object, opts: LoadSpecOptions): Promise<RawSpec> {
  if (typeof source !== 'string') {
    if (!isObject(source)) throw new HubError('VALIDATION_FAILED', 'The spec must be an object (a parsed OpenAPI document), a file path or an http(s) URL.');
    return {
      document: structuredClone(source) as JsonObject,
      label: 'inline spec',
      ...(opts.baseDir ? { base: { kind: 'dir' as const, dir: resolve(opts.baseDir) } } : {}),
    };
  }
  if (/^https?:\/\//i.test(source)) {
    const doFetch = opts.fetch ?? fetch;
    let text: string;
    let finalUrl: string;
    try {
      const response = await doFetch(source, {
        headers: { accept: 'application/json, application/yaml, text/yaml, */*;q=0.5' },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      });
      if (!response.ok) {
        throw new HubError('UPSTREAM_UNAVAILABLE', `Downloading the spec from ${source} failed with HTTP ${response.status}. Check the URL (and that it is reachable without login), then import again.`);
      }
      finalUrl = response.url || source;
      text = await response.text();
    } catch (error) {
      if (error instanceof HubError) throw error;
      throw new HubError('UPSTREAM_UNAVAILABLE', `Downloading the spec from ${source} failed: ${errorMessage(error)}. Check the URL and your network, then import again.`, { cause: error });
    }
    return { document: parseText(text, source), text, label: source, base: { kind: 'url', url: finalUrl } };
  }
  const path = opts.baseDir && !isAbsolute(source) ? resolve(opts.baseDir, source) : resolve(source);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new HubError('NOT_FOUND', `Cannot read the spec file ${path}: ${errorMessage(error)}. Check the path and import again.`, { cause: error });
  }
  return { document: parseText(text, path), text, label: path, base: { kind: 'dir', dir: dirname(path) } };
}

/** JSON first (fast), YAML otherwise; syntax errors carry line and column. */
export function parseText(text: string, label: string): JsonObject {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(text);
      if (isObject(value)) return value;
    } catch {
      // Fall through: the YAML parser reports where the syntax error is.
    }
  }
  const doc = parseDocument(text, { uniqueKeys: false });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
    throw new HubError('VALIDATION_FAILED', `The spec ${label} is not valid JSON or YAML${where}: ${(first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}. Fix the syntax there and import again.`);
  }
  const value: unknown = doc.toJS({ maxAliasCount: 10_000 });
  if (!isObject(value)) {
    throw new HubError('VALIDATION_FAILED', `The spec ${label} is not an OpenAPI document: its top level is not an object. Point the import at an OpenAPI 3.x or Swagger 2.0 file.`);
  }
  return value;
}

function detectDialect(document: JsonObject, label: string): { dialect: SpecDialect; specVersion: string } {
  const swagger = document.swagger;
  const openapi = document.openapi;
  if (swagger !== undefined) {
    if (String(swagger) === '2.0') return { dialect: 'swagger-2.0', specVersion: '2.0' };
    throw new HubError('VALIDATION_FAILED', `The spec ${label} says swagger: ${JSON.stringify(swagger)} (at /swagger); only Swagger "2.0" and OpenAPI 3.0 / 3.1 can be imported.`);
  }
  if (typeof openapi === 'string') {
    if (openapi.startsWith('3.0')) return { dialect: 'openapi-3.0', specVersion: openapi };
    if (openapi.startsWith('3.1')) return { dialect: 'openapi-3.1', specVersion: openapi };
    throw new HubError('VALIDATION_FAILED', `The spec ${label} says openapi: "${openapi}" (at /openapi); only OpenAPI 3.0.x, 3.1.x and Swagger 2.0 can be imported. Convert it or pick an older version of the document.`);
  }
  throw new HubError('VALIDATION_FAILED', `The spec ${label} has no top-level "openapi" (3.x) or "swagger" ("2.0") field, so it is not an OpenAPI document. Add the field (e.g. openapi: 3.0.3) or point the import at the right file.`);
}

const EXTERNAL_REF_HINT = /\$ref['"]?\s*:\s*['"]?(?!#)[^\s'"]/;

/** Relative external `$ref`s are rewritten to absolute paths / URLs, since the parser sees an object, not a file. */
function rebaseExternalRefs(document: JsonObject, raw: RawSpec): void {
  if (!raw.base) return;
  if (raw.text !== undefined && !EXTERNAL_REF_HINT.test(raw.text)) return;
  const base = raw.base;
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    const record = node as Record<string, unknown>;
    const ref = record.$ref;
    if (typeof ref === 'string' && !ref.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
      record.$ref = base.kind === 'url' ? new URL(ref, base.url).href : rebaseFileRef(base.dir, ref);
    }
    for (const item of Object.values(record)) walk(item);
  };
  walk(document);
}

function rebaseFileRef(dir: string, ref: string): string {
  const hash = ref.indexOf('#');
  const file = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? '' : ref.slice(hash);
  return `${isAbsolute(file) ? file : resolve(dir, decodeURI(file))}${fragment}`;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
