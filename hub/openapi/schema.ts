// OpenAPI / Swagger schema objects -> JSON Schema (draft 2020-12) for tool inputs. The input is a
// dereferenced document that may contain cycles: a schema already on the current path becomes a
// short "recursive" placeholder, and very deep nesting is cut off at `maxDepth`.
import type { JsonObject } from '../../shared/types';
import type { SpecDialect } from './types';

export interface SchemaContext {
  dialect: SpecDialect;
  refNames: WeakMap<object, string>;
  /** Converted schemas by source object, so shared components are converted once. */
  memo: WeakMap<object, JsonObject>;
  /** Whether each pattern compiles as a Unicode RegExp. */
  patterns: Map<string, boolean>;
  maxDepth: number;
}

export function createSchemaContext(dialect: SpecDialect, refNames: WeakMap<object, string>, maxDepth = 24): SchemaContext {
  return { dialect, refNames, memo: new WeakMap(), patterns: new Map(), maxDepth };
}

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);
const COPY_NUMBER = ['multipleOf', 'maximum', 'minimum'] as const;
const COPY_COUNT = ['maxLength', 'minLength', 'maxItems', 'minItems', 'maxProperties', 'minProperties', 'minContains', 'maxContains'] as const;
const COPY_BOOLEAN = ['uniqueItems', 'readOnly', 'writeOnly', 'deprecated'] as const;
const COPY_STRING = ['title', 'description', 'format', 'contentMediaType', 'contentEncoding'] as const;
const SUB_SCHEMA = ['not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'] as const;
const SUB_SCHEMA_LIST = ['allOf', 'anyOf', 'oneOf'] as const;

type Source = Record<string, unknown>;

export function toJsonSchema(schema: unknown, ctx: SchemaContext, stack: object[] = []): JsonObject {
  if (schema === true || schema === undefined || schema === null) return {};
  if (schema === false) return { not: {} };
  if (typeof schema !== 'object' || Array.isArray(schema)) return {};
  const source = schema as Source;
  if (stack.includes(source)) return placeholder(source, `recursive: ${ctx.refNames.get(source) ?? 'a schema that contains itself'}; same shape as the enclosing one`);
  if (stack.length >= ctx.maxDepth) return placeholder(source, 'nested too deeply to describe here; any value of this type is accepted');
  const cached = ctx.memo.get(source);
  if (cached) return cached;
  stack.push(source);
  try {
    const out = convert(source, ctx, stack);
    ctx.memo.set(source, out);
    return out;
  } finally {
    stack.pop();
  }
}

function placeholder(source: Source, description: string): JsonObject {
  const types = typeList(source.type);
  return { ...(types.length === 1 ? { type: types[0] } : { type: 'object' }), description };
}

function typeList(type: unknown): string[] {
  const raw = Array.isArray(type) ? type : type === undefined ? [] : [type];
  return raw.map((entry) => (entry === 'file' ? 'string' : entry)).filter((entry): entry is string => typeof entry === 'string' && JSON_TYPES.has(entry));
}

function convert(source: Source, ctx: SchemaContext, stack: object[]): JsonObject {
  const out: JsonObject = {};
  const notes: string[] = [];
  for (const key of COPY_STRING) if (typeof source[key] === 'string') out[key] = source[key];
  for (const key of COPY_NUMBER) if (typeof source[key] === 'number' && Number.isFinite(source[key])) out[key] = source[key];
  for (const key of COPY_COUNT) if (Number.isInteger(source[key]) && (source[key] as number) >= 0) out[key] = source[key];
  for (const key of COPY_BOOLEAN) if (typeof source[key] === 'boolean') out[key] = source[key];
  if (out.multipleOf !== undefined && !((out.multipleOf as number) > 0)) delete out.multipleOf;

  let types = typeList(source.type);
  if (source.type === 'file') out.format = 'binary';
  const nullable = source.nullable === true || source['x-nullable'] === true;
  if (nullable && types.length > 0 && !types.includes('null')) types = [...types, 'null'];
  if (types.length === 1) out.type = types[0];
  else if (types.length > 1) out.type = [...new Set(types)];

  exclusiveBounds(source, out);
  if (Array.isArray(source.enum)) out.enum = nullable && types.length > 0 && !source.enum.includes(null) ? [...source.enum, null] : source.enum;
  if ('const' in source) out.const = source.const;
  if ('default' in source && source.default !== undefined) out.default = source.default;
  if (Array.isArray(source.examples)) out.examples = source.examples.slice(0, 3);
  else if (source.example !== undefined && (source.example === null || typeof source.example !== 'object')) out.examples = [source.example];

  if (typeof source.pattern === 'string') {
    if (isValidPattern(source.pattern, ctx.patterns)) out.pattern = source.pattern;
    else notes.push(`pattern: ${source.pattern}`);
  }

  if (isRecord(source.properties)) {
    const properties: JsonObject = {};
    for (const [name, value] of Object.entries(source.properties)) {
      if (isRecord(value) && value.readOnly === true) continue; // response-only: never sent in a request
      properties[name] = toJsonSchema(value, ctx, stack);
    }
    out.properties = properties;
  }
  if (Array.isArray(source.required)) {
    const dropped = isRecord(source.properties) ? source.properties : {};
    const required = [...new Set(source.required.filter((name): name is string => typeof name === 'string'))].filter(
      (name) => !(isRecord(dropped[name]) && (dropped[name] as Source).readOnly === true),
    );
    if (required.length > 0) out.required = required;
  }
  if (typeof source.additionalProperties === 'boolean') out.additionalProperties = source.additionalProperties;
  else if (isRecord(source.additionalProperties)) out.additionalProperties = toJsonSchema(source.additionalProperties, ctx, stack);
  if (isRecord(source.patternProperties)) {
    const patterns: JsonObject = {};
    for (const [pattern, value] of Object.entries(source.patternProperties)) {
      if (isValidPattern(pattern, ctx.patterns)) patterns[pattern] = toJsonSchema(value, ctx, stack);
    }
    out.patternProperties = patterns;
  }
  if (isRecord(source.dependentRequired)) out.dependentRequired = source.dependentRequired;

  if (Array.isArray(source.items)) out.prefixItems = source.items.map((item) => toJsonSchema(item, ctx, stack));
  else if (typeof source.items === 'boolean') out.items = source.items;
  else if (isRecord(source.items)) out.items = toJsonSchema(source.items, ctx, stack);
  if (Array.isArray(source.prefixItems)) out.prefixItems = source.prefixItems.map((item) => toJsonSchema(item, ctx, stack));

  for (const key of SUB_SCHEMA) {
    if (isRecord(source[key]) || typeof source[key] === 'boolean') out[key] = toJsonSchema(source[key], ctx, stack);
  }
  for (const key of SUB_SCHEMA_LIST) {
    const list = source[key];
    if (Array.isArray(list) && list.length > 0) out[key] = list.map((item) => toJsonSchema(item, ctx, stack));
  }
  if (typeof source.$ref === 'string') notes.push(`unresolved reference ${source.$ref}`);
  if (notes.length > 0) out.description = [out.description, `(${notes.join('; ')})`].filter(Boolean).join(' ');
  return out;
}

/** OpenAPI 3.0 / Swagger booleans (`exclusiveMinimum: true` + `minimum`) -> 2020-12 numbers. */
function exclusiveBounds(source: Source, out: JsonObject): void {
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const value = source[exclusive];
    if (typeof value === 'number' && Number.isFinite(value)) out[exclusive] = value;
    else if (value === true && typeof source[bound] === 'number') {
      out[exclusive] = source[bound];
      delete out[bound];
    }
  }
}

/** Patterns must compile as Unicode regular expressions (what JSON Schema validators use). */
export function isValidPattern(pattern: string, cache?: Map<string, boolean>): boolean {
  let valid = cache?.get(pattern);
  if (valid === undefined) {
    try {
      new RegExp(pattern, 'u');
      valid = true;
    } catch {
      valid = false;
    }
    cache?.set(pattern, valid);
  }
  return valid;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
