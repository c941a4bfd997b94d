// One operation -> the parts of an MCP tool: inputSchema (parameters flat, the request body under
// `body`), description, annotations, and the binding the executor follows.
import type { JsonObject } from '../../shared/types';
import { sanitizePropertyName, uniqueName } from './naming';
import { mergeParameters, openApiParameter, openApiRequestBody, SkipOperation, swaggerParameters } from './parameters';
import type { BodySpec, ParamSpec } from './parameters';
import { isRecord } from './schema';
import type { SchemaContext } from './schema';
import type { HttpMethod, OperationBinding, ParamBinding } from './types';

type Source = Record<string, unknown>;

export interface RawOperation {
  method: HttpMethod;
  path: string;
  operation: Source;
  pathItem: Source;
}

export interface DocumentDefaults {
  security?: string[][];
  consumes: string[];
  produces: string[];
  resolveServers: (servers: unknown) => string[];
}

export interface BuiltOperation {
  title?: string;
  description: string;
  inputSchema: JsonObject;
  annotations: JsonObject;
  binding: Omit<OperationBinding, 'method' | 'path'>;
}

const SAFE = new Set<HttpMethod>(['get', 'head', 'options', 'trace']);
const IDEMPOTENT = new Set<HttpMethod>(['get', 'head', 'options', 'trace', 'put', 'delete']);
const ORDER: Record<ParamSpec['in'], number> = { path: 0, query: 1, header: 2, cookie: 3 };

export function buildOperation(raw: RawOperation, ctx: SchemaContext, defaults: DocumentDefaults, maxDescription: number): BuiltOperation {
  const { operation, pathItem } = raw;
  const merged = mergeParameters(pathItem, operation);
  let params: ParamSpec[];
  let body: BodySpec | undefined;
  if (ctx.dialect === 'swagger-2.0') {
    const consumes = stringList(operation.consumes) ?? defaults.consumes;
    const split = swaggerParameters(merged, consumes, ctx);
    params = split.params;
    body = split.body;
  } else {
    params = merged.map((param) => openApiParameter(param, ctx)).filter((param): param is ParamSpec => param !== undefined);
    body = openApiRequestBody(operation.requestBody, ctx);
  }
  const templateNames = [...raw.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  for (const name of templateNames) {
    if (!params.some((param) => param.in === 'path' && param.name === name)) {
      throw new SkipOperation(`the path uses {${name}} but no path parameter "${name}" is declared; add it under "parameters" with in: path`);
    }
  }
  // A declared path parameter that the template does not use cannot be sent anywhere.
  params = params.filter((param) => param.in !== 'path' || templateNames.includes(param.name));
  params.sort((a, b) => ORDER[a.in] - ORDER[b.in]);

  const properties: JsonObject = {};
  const required: string[] = [];
  const used = new Set<string>();
  if (body) used.add('body');
  const bindings: ParamBinding[] = [];
  for (const param of params) {
    let property = sanitizePropertyName(param.name);
    if (used.has(property)) property = sanitizePropertyName(`${param.in}_${param.name}`);
    property = uniqueName(property, used);
    properties[property] = property === param.name ? param.schema : { ...param.schema, description: withWireName(param) };
    if (param.required) required.push(property);
    bindings.push({
      property,
      name: param.name,
      in: param.in,
      required: param.required,
      style: param.style,
      explode: param.explode,
      ...(param.allowReserved ? { allowReserved: true } : {}),
      ...(param.json ? { json: true } : {}),
    });
  }
  if (body) {
    properties.body = body.schema;
    if (body.required) required.push('body');
  }
  const inputSchema: JsonObject = { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };

  const summary = typeof operation.summary === 'string' ? operation.summary.trim() : '';
  const details = typeof operation.description === 'string' ? operation.description.trim() : '';
  const deprecated = operation.deprecated === true;
  const repeatsSummary = details === summary || details.startsWith(`${summary}\n`);
  const text = [summary && !repeatsSummary ? summary : '', details].filter(Boolean).join('\n\n') || `${raw.method.toUpperCase()} ${raw.path}`;
  const description = truncate(`${deprecated ? '(Deprecated) ' : ''}${text}`, maxDescription);

  const security = isRecord(operation) && Array.isArray(operation.security) ? securityAlternatives(operation.security) : defaults.security;
  const servers = defaults.resolveServers(operation.servers ?? pathItem.servers);
  const accept = acceptHeader(operation, ctx.dialect === 'swagger-2.0' ? (stringList(operation.produces) ?? defaults.produces) : undefined);
  return {
    ...(summary ? { title: summary } : {}),
    description,
    inputSchema,
    annotations: {
      ...(summary ? { title: summary } : {}),
      readOnlyHint: SAFE.has(raw.method),
      ...(SAFE.has(raw.method) ? {} : { destructiveHint: raw.method === 'delete' || raw.method === 'put' }),
      idempotentHint: IDEMPOTENT.has(raw.method),
      openWorldHint: true,
    },
    binding: {
      ...(typeof operation.operationId === 'string' ? { operationId: operation.operationId } : {}),
      tags: stringList(operation.tags) ?? [],
      params: bindings,
      ...(body ? { body: { property: 'body', mediaType: body.mediaType, encoding: body.encoding, required: body.required, ...(body.binaryFields ? { binaryFields: body.binaryFields } : {}) } } : {}),
      ...(accept ? { accept } : {}),
      ...(security ? { security } : {}),
      ...(servers.length > 0 ? { servers } : {}),
      ...(deprecated ? { deprecated: true } : {}),
    },
  };
}

function withWireName(param: ParamSpec): string {
  const note = `Sent as ${param.in} parameter "${param.name}".`;
  return typeof param.schema.description === 'string' ? `${param.schema.description} (${note})` : note;
}

export function securityAlternatives(value: unknown): string[][] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((requirement) => Object.keys(requirement));
}

function acceptHeader(operation: Source, produces: string[] | undefined): string | undefined {
  const types = new Set<string>(produces ?? []);
  if (!produces && isRecord(operation.responses)) {
    for (const [status, response] of Object.entries(operation.responses)) {
      if (!/^2|^default$/i.test(status) || !isRecord(response) || !isRecord(response.content)) continue;
      for (const type of Object.keys(response.content)) types.add(type);
    }
  }
  const list = [...types].slice(0, 6);
  return list.length > 0 ? list.join(', ') : undefined;
}

export function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
