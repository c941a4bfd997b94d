// Tool arguments -> one HTTP request, following the OpenAPI serialisation rules (style / explode)
// for path, query, header and cookie parameters, and the body's media type. Auth goes on last.
import type { JsonObject } from '../../shared/types';
import { HubError } from '../core/errors';
import type { OpenApiAuth, OpenApiTool, ParamBinding } from './types';

/** Bad tool arguments: reported to the model as an `isError` result, not thrown at the caller. */
export class ArgumentError extends Error {}

export interface BuiltRequest {
  url: string;
  method: string;
  headers: Headers;
  body?: string | URLSearchParams | FormData | Uint8Array;
  /** Every form the auth secrets take on the wire, to scrub from results and errors. */
  secrets: string[];
}

type Primitive = string | number | boolean;

export function buildRequest(tool: OpenApiTool, args: JsonObject, baseUrl: string, auth: OpenApiAuth[]): BuiltRequest {
  const binding = tool.operation;
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new HubError('VALIDATION_FAILED', `The base URL "${baseUrl}" of the API is not a valid URL. Set it to the API's address, e.g. https://api.example.com/v1.`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new HubError('VALIDATION_FAILED', `The base URL "${baseUrl}" must use http or https.`);
  }
  const headers = new Headers();
  const query: string[] = [];
  const cookies: string[] = [];
  let path = binding.path;
  for (const param of binding.params) {
    const value = args[param.property];
    if (value === undefined || value === null) {
      if (param.required) throw new ArgumentError(`missing required argument "${param.property}" (${param.in} parameter "${param.name}")`);
      continue;
    }
    switch (param.in) {
      case 'path':
        path = path.split(`{${param.name}}`).join(serializePath(param, value));
        break;
      case 'query':
        query.push(...serializeQuery(param, value));
        break;
      case 'header':
        headers.set(param.name, serializeSimple(param, value, (text) => text));
        break;
      case 'cookie':
        cookies.push(`${param.name}=${serializeSimple(param, value, encodeURIComponent)}`);
        break;
    }
  }
  if (binding.accept) headers.set('accept', binding.accept);
  let body: BuiltRequest['body'];
  if (binding.body) {
    const value = args[binding.body.property];
    if (value === undefined || value === null) {
      if (binding.body.required) throw new ArgumentError(`missing required argument "${binding.body.property}" (the request body)`);
    } else body = encodeBody(binding.body.encoding, binding.body.mediaType, value, binding.body.binaryFields ?? [], headers);
  }
  const secrets: string[] = [];
  for (const credential of auth) {
    if (wantsCredential(binding.security, credential.scheme)) applyAuth(credential, headers, query, cookies, secrets);
  }
  if (cookies.length > 0) headers.set('cookie', cookies.join('; '));
  const prefix = base.href.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const url = `${prefix}${path.startsWith('/') ? path : `/${path}`}${query.length > 0 ? `?${query.join('&')}` : ''}`;
  const ordered = [...new Set(secrets)].filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
  return { url, method: binding.method.toUpperCase(), headers, ...(body !== undefined ? { body } : {}), secrets: ordered };
}

/** `security: []` marks a public operation; a named scheme goes only where the operation lists it. */
function wantsCredential(security: string[][] | undefined, scheme: string | undefined): boolean {
  if (security === undefined) return true;
  if (security.length === 0) return false;
  return scheme === undefined || security.some((alternative) => alternative.includes(scheme));
}

function applyAuth(auth: OpenApiAuth, headers: Headers, query: string[], cookies: string[], secrets: string[]): void {
  switch (auth.type) {
    case 'none':
      return;
    case 'apiKey':
      secrets.push(auth.value, encodeURIComponent(auth.value));
      if (auth.in === 'header') headers.set(auth.name, auth.value);
      else if (auth.in === 'query') query.push(`${encodeURIComponent(auth.name)}=${encodeURIComponent(auth.value)}`);
      else cookies.push(`${auth.name}=${encodeURIComponent(auth.value)}`);
      return;
    case 'bearer':
      secrets.push(auth.token);
      headers.set('authorization', `Bearer ${auth.token}`);
      return;
    case 'basic': {
      const encoded = Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
      secrets.push(encoded, auth.password);
      headers.set('authorization', `Basic ${encoded}`);
      return;
    }
  }
}

function isPrimitive(value: unknown): value is Primitive {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function text(value: unknown): string {
  return isPrimitive(value) ? String(value) : JSON.stringify(value);
}

function entries(value: object): Array<[string, unknown]> {
  return Object.entries(value).filter(([, item]) => item !== undefined && item !== null);
}

/** simple style (headers, cookies, default for path): `a,b,c` / `k,v,k2,v2` / exploded `k=v,k2=v2`. */
function serializeSimple(param: ParamBinding, value: unknown, encode: (text: string) => string): string {
  if (param.json) return encode(JSON.stringify(value));
  if (Array.isArray(value)) return value.map((item) => encode(text(item))).join(',');
  if (value !== null && typeof value === 'object') {
    return entries(value)
      .map(([key, item]) => (param.explode ? `${encode(key)}=${encode(text(item))}` : `${encode(key)},${encode(text(item))}`))
      .join(',');
  }
  return encode(text(value));
}

function serializePath(param: ParamBinding, value: unknown): string {
  const enc = encodeURIComponent;
  if (param.style === 'label' || param.style === 'matrix') {
    const list: Array<[string, string]> = Array.isArray(value)
      ? value.map((item) => [param.name, text(item)])
      : value !== null && typeof value === 'object'
        ? entries(value).map(([key, item]) => [key, text(item)])
        : [[param.name, text(value)]];
    const isObject = !Array.isArray(value) && value !== null && typeof value === 'object';
    if (param.style === 'label') {
      const parts = isObject && param.explode ? list.map(([key, item]) => `${enc(key)}=${enc(item)}`) : list.flatMap(([key, item]) => (isObject ? [enc(key), enc(item)] : [enc(item)]));
      return `.${parts.join(param.explode ? '.' : ',')}`;
    }
    if (param.explode) return list.map(([key, item]) => `;${enc(key)}=${enc(item)}`).join('');
    const joined = list.flatMap(([key, item]) => (isObject ? [enc(key), enc(item)] : [enc(item)])).join(',');
    return `;${enc(param.name)}=${joined}`;
  }
  return serializeSimple(param, value, enc);
}

const DELIMITERS: Partial<Record<ParamBinding['style'], string>> = { spaceDelimited: '%20', pipeDelimited: '%7C', tabDelimited: '%09' };

function serializeQuery(param: ParamBinding, value: unknown): string[] {
  const enc = param.allowReserved ? encodeAllowReserved : encodeURIComponent;
  const name = encodeURIComponent(param.name);
  if (param.json) return [`${name}=${encodeURIComponent(JSON.stringify(value))}`];
  if (param.style === 'deepObject' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return entries(value).map(([key, item]) => `${name}%5B${encodeURIComponent(key)}%5D=${enc(text(item))}`);
  }
  if (Array.isArray(value)) {
    const items = value.filter((item) => item !== undefined && item !== null).map((item) => enc(text(item)));
    const delimiter = DELIMITERS[param.style];
    if (param.explode && !delimiter) return items.map((item) => `${name}=${item}`);
    return [`${name}=${items.join(delimiter ?? ',')}`];
  }
  if (value !== null && typeof value === 'object') {
    if (param.explode) return entries(value).map(([key, item]) => `${encodeURIComponent(key)}=${enc(text(item))}`);
    return [`${name}=${entries(value).map(([key, item]) => `${enc(key)},${enc(text(item))}`).join(',')}`];
  }
  return [`${name}=${enc(text(value))}`];
}

function encodeAllowReserved(value: string): string {
  return encodeURIComponent(value).replace(/%(3A|2F|3F|23|5B|5D|40|21|24|26|27|28|29|2A|2B|2C|3B|3D)/gi, (match) => decodeURIComponent(match));
}

function encodeBody(encoding: string, mediaType: string, value: unknown, binaryFields: string[], headers: Headers): BuiltRequest['body'] {
  switch (encoding) {
    case 'json':
      headers.set('content-type', mediaType);
      return JSON.stringify(value);
    case 'form': {
      const form = new URLSearchParams();
      for (const [key, item] of formEntries(value)) form.append(key, text(item));
      headers.set('content-type', 'application/x-www-form-urlencoded');
      return form;
    }
    case 'multipart': {
      const form = new FormData();
      for (const [key, item] of formEntries(value)) {
        if (binaryFields.includes(key)) {
          if (typeof item !== 'string') throw new ArgumentError(`body field "${key}" must be the file content as a base64 string`);
          form.append(key, new Blob([Buffer.from(item, 'base64')], { type: 'application/octet-stream' }), key);
        } else form.append(key, text(item));
      }
      return form; // fetch sets multipart/form-data with its boundary
    }
    case 'text':
      headers.set('content-type', mediaType);
      return text(value);
    default:
      if (typeof value !== 'string') throw new ArgumentError('the body must be a base64 string');
      headers.set('content-type', mediaType);
      return new Uint8Array(Buffer.from(value, 'base64'));
  }
}

/** Form fields: arrays repeat the field, nested objects are sent as JSON. */
function formEntries(value: unknown): Array<[string, unknown]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ArgumentError('the body must be an object of form fields');
  return entries(value).flatMap(([key, item]): Array<[string, unknown]> => (Array.isArray(item) ? item.map((entry): [string, unknown] => [key, entry]) : [[key, item]]));
}
