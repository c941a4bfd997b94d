// Parameters and request bodies of one operation, normalised from OpenAPI 3.x and Swagger 2.0 into
// one shape (`ParamSpec` / `BodySpec`) that the tool builder turns into an inputSchema.
import type { JsonObject } from '../../shared/types';
import { isRecord, toJsonSchema } from './schema';
import type { SchemaContext } from './schema';
import type { BodyEncoding, ParamLocation, ParamStyle } from './types';

export class SkipOperation extends Error {}

export interface ParamSpec {
  name: string;
  in: ParamLocation;
  required: boolean;
  schema: JsonObject;
  style: ParamStyle;
  explode: boolean;
  allowReserved?: boolean;
  json?: boolean;
}

export interface BodySpec {
  mediaType: string;
  encoding: BodyEncoding;
  required: boolean;
  schema: JsonObject;
  binaryFields?: string[];
}

type Source = Record<string, unknown>;

const LOCATIONS = new Set<string>(['path', 'query', 'header', 'cookie']);
// OpenAPI: header parameters with these names SHALL be ignored (the body and auth set them).
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/** Path-level parameters overridden by operation-level ones with the same name and location. */
export function mergeParameters(pathItem: Source, operation: Source): Source[] {
  const merged = new Map<string, Source>();
  for (const list of [pathItem.parameters, operation.parameters]) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new SkipOperation('its "parameters" is not a list');
    list.forEach((param, index) => {
      if (!isRecord(param) || typeof param.name !== 'string' || typeof param.in !== 'string') {
        throw new SkipOperation(`parameter #${index + 1} has no "name" or "in"`);
      }
      merged.set(`${param.in}:${param.name}`, param);
    });
  }
  return [...merged.values()];
}

export function openApiParameter(param: Source, ctx: SchemaContext): ParamSpec | undefined {
  const name = param.name as string;
  const location = param.in as string;
  if (!LOCATIONS.has(location)) throw new SkipOperation(`parameter "${name}" has an unknown location "${location}"`);
  if (location === 'header' && IGNORED_HEADERS.has(name.toLowerCase())) return undefined;
  let schema: JsonObject;
  let json = false;
  if (param.schema !== undefined) schema = toJsonSchema(param.schema, ctx);
  else if (isRecord(param.content)) {
    const [mediaType, media] = Object.entries(param.content)[0] ?? [];
    schema = isRecord(media) ? toJsonSchema(media.schema, ctx) : {};
    json = typeof mediaType === 'string' && /json/i.test(mediaType);
  } else schema = { type: 'string' };
  const defaultStyle: ParamStyle = location === 'path' || location === 'header' ? 'simple' : 'form';
  const style = (typeof param.style === 'string' ? param.style : defaultStyle) as ParamStyle;
  return {
    name,
    in: location as ParamLocation,
    required: location === 'path' || param.required === true,
    schema: describe(schema, param),
    style,
    explode: typeof param.explode === 'boolean' ? param.explode : style === 'form',
    ...(param.allowReserved === true ? { allowReserved: true } : {}),
    ...(json ? { json: true } : {}),
  };
}

/** A copy of the (possibly shared) converted schema with the parameter's own description. */
function describe(schema: JsonObject, param: Source): JsonObject {
  const parts = [typeof param.description === 'string' ? param.description : undefined, param.deprecated === true ? '(deprecated)' : undefined].filter(Boolean);
  const out: JsonObject = { ...schema };
  if (parts.length > 0) out.description = parts.join(' ');
  if (param.example !== undefined && out.examples === undefined && (param.example === null || typeof param.example !== 'object')) out.examples = [param.example];
  return out;
}

const BODY_PREFERENCE: Array<[RegExp, BodyEncoding]> = [
  [/^application\/(?:[\w.+-]+\+)?json\b/i, 'json'],
  [/json/i, 'json'],
  [/^application\/x-www-form-urlencoded\b/i, 'form'],
  [/^multipart\//i, 'multipart'],
  [/^text\/|^application\/(?:[\w.+-]+\+)?xml\b|^application\/yaml\b/i, 'text'],
  [/.*/, 'binary'],
];

export function pickMediaType(mediaTypes: string[]): { mediaType: string; encoding: BodyEncoding } | undefined {
  for (const [pattern, encoding] of BODY_PREFERENCE) {
    const hit = mediaTypes.find((mediaType) => pattern.test(mediaType));
    if (hit) return { mediaType: hit === '*/*' ? 'application/octet-stream' : hit, encoding };
  }
  return undefined;
}

export function openApiRequestBody(requestBody: unknown, ctx: SchemaContext): BodySpec | undefined {
  if (!isRecord(requestBody)) return undefined;
  const content = isRecord(requestBody.content) ? requestBody.content : {};
  const picked = pickMediaType(Object.keys(content));
  if (!picked) throw new SkipOperation('its requestBody declares no media type');
  const media = content[picked.mediaType] ?? content['*/*'];
  const rawSchema = isRecord(media) ? media.schema : undefined;
  return bodySpec(picked.mediaType, picked.encoding, requestBody.required === true, rawSchema, ctx, requestBody.description);
}

export function bodySpec(mediaType: string, encoding: BodyEncoding, required: boolean, rawSchema: unknown, ctx: SchemaContext, description: unknown): BodySpec {
  let schema: JsonObject;
  let binaryFields: string[] | undefined;
  if (encoding === 'text') schema = { type: 'string' };
  else if (encoding === 'binary') schema = { type: 'string', contentEncoding: 'base64', description: `Request body, base64-encoded; sent as ${mediaType}.` };
  else {
    schema = { ...toJsonSchema(rawSchema, ctx) };
    if (encoding === 'multipart' && isRecord(rawSchema) && isRecord(rawSchema.properties) && isRecord(schema.properties)) {
      const properties: JsonObject = { ...schema.properties };
      binaryFields = [];
      for (const [field, fieldSchema] of Object.entries(rawSchema.properties)) {
        if (isRecord(fieldSchema) && (fieldSchema.format === 'binary' || fieldSchema.type === 'file' || fieldSchema.contentEncoding === 'base64')) {
          binaryFields.push(field);
          properties[field] = { type: 'string', contentEncoding: 'base64', description: `File content, base64-encoded.${typeof fieldSchema.description === 'string' ? ` ${fieldSchema.description}` : ''}` };
        }
      }
      schema.properties = properties;
    }
  }
  if (typeof description === 'string' && description) schema = { ...schema, description };
  return { mediaType, encoding, required, schema, ...(binaryFields && binaryFields.length > 0 ? { binaryFields } : {}) };
}

// ---- Swagger 2.0 -------------------------------------------------------------------------------

const COLLECTION_FORMATS: Record<string, { style: ParamStyle; explode: boolean }> = {
  csv: { style: 'form', explode: false },
  ssv: { style: 'spaceDelimited', explode: false },
  tsv: { style: 'tabDelimited', explode: false },
  pipes: { style: 'pipeDelimited', explode: false },
  multi: { style: 'form', explode: true },
};

/** Swagger 2 keeps the schema keywords on the parameter itself (type, items, enum, ...). */
function swaggerParamSchema(param: Source, ctx: SchemaContext): JsonObject {
  const { name: _name, in: _in, required: _required, collectionFormat: _cf, allowEmptyValue: _ae, ...schemaLike } = param;
  return toJsonSchema(schemaLike, ctx);
}

export interface SwaggerSplit {
  params: ParamSpec[];
  body?: BodySpec;
}

export function swaggerParameters(params: Source[], consumes: string[], ctx: SchemaContext): SwaggerSplit {
  const out: ParamSpec[] = [];
  let body: BodySpec | undefined;
  const formFields: Source[] = [];
  for (const param of params) {
    const name = param.name as string;
    const location = param.in as string;
    if (location === 'body') {
      const picked = pickMediaType(consumes.length > 0 ? consumes : ['application/json']) ?? { mediaType: 'application/json', encoding: 'json' as const };
      body = bodySpec(picked.mediaType, picked.encoding, param.required === true, param.schema, ctx, param.description);
      continue;
    }
    if (location === 'formData') {
      formFields.push(param);
      continue;
    }
    if (!LOCATIONS.has(location) || location === 'cookie') throw new SkipOperation(`parameter "${name}" has an unknown location "${location}"`);
    if (location === 'header' && IGNORED_HEADERS.has(name.toLowerCase())) continue;
    const format = COLLECTION_FORMATS[typeof param.collectionFormat === 'string' ? param.collectionFormat : 'csv'] ?? { style: 'form' as const, explode: false };
    out.push({
      name,
      in: location as ParamLocation,
      required: location === 'path' || param.required === true,
      schema: swaggerParamSchema(param, ctx),
      style: location === 'query' ? format.style : 'simple',
      explode: format.explode,
    });
  }
  if (formFields.length > 0) {
    if (body) throw new SkipOperation('it has both a "body" and "formData" parameters, which Swagger 2.0 does not allow');
    const hasFile = formFields.some((field) => field.type === 'file');
    const multipart = hasFile || consumes.some((type) => /^multipart\//i.test(type));
    // Each formData parameter carries its schema keywords itself, so it converts as a property schema.
    const rawProperties: Record<string, unknown> = {};
    const required: string[] = [];
    for (const field of formFields) {
      rawProperties[field.name as string] = field;
      if (field.required === true) required.push(field.name as string);
    }
    const rawSchema = { type: 'object', properties: rawProperties, ...(required.length > 0 ? { required } : {}) };
    body = bodySpec(multipart ? 'multipart/form-data' : 'application/x-www-form-urlencoded', multipart ? 'multipart' : 'form', required.length > 0, rawSchema, ctx, undefined);
  }
  return { params: out, ...(body ? { body } : {}) };
}
