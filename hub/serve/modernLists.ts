import type { ReplyStream, RequestHead } from './fastFront';
import type { Aggregator } from '../aggregate/aggregator';
import type { View } from '../aggregate/views';

// The fast path for a 2026-07-28 client's list requests (tools/list, prompts/list, resources/list,
// resources/templates/list): stateless, so the hub answers them from its aggregated lists itself,
// without building an MCP SDK server per request. This is also what lets a starting hub answer its
// first client without loading the SDK's server side, hono's Node adapter and undici (together
// about a sixth of the hub's start-up CPU).
//
// It takes only requests the SDK would serve as they are, and answers them exactly as the SDK does
// (test/integration/modernLists.test.ts compares the two): the request carries a well-formed
// 2026-07-28 envelope, its headers agree with its body, and it asks for nothing else (no cursor, no
// log level). Everything else, errors included, takes the SDK's path (sdkEndpoint.ts), which
// answers it with the proper error.

const PROTOCOL_VERSION = '2026-07-28';
export const PROTOCOL_VERSION_KEY = 'io.modelcontextprotocol/protocolVersion';
const CLIENT_INFO_KEY = 'io.modelcontextprotocol/clientInfo';
const CLIENT_CAPABILITIES_KEY = 'io.modelcontextprotocol/clientCapabilities';
const SERVER_INFO_KEY = 'io.modelcontextprotocol/serverInfo';
const RESERVED_PREFIX = 'io.modelcontextprotocol/';

/** Who the hub says it is to MCP clients (on both paths). */
export const SERVER_INFO = { name: 'patchbay', title: 'Patchbay MCP hub' };
/**
 * 2026-07-28 clients may reuse lists for a short while; changes also arrive on listen streams.
 * Private: what a list shows depends on the caller's credential.
 */
export const LIST_CACHE_HINT = { ttlMs: 10_000, cacheScope: 'private' as const };

const LISTS = {
  'tools/list': 'tools',
  'prompts/list': 'prompts',
  'resources/list': 'resources',
  'resources/templates/list': 'resourceTemplates',
} as const;

export type ListMethod = keyof typeof LISTS;

export interface ModernListRequest {
  id: string | number;
  method: ListMethod;
}

type Lists = Pick<Aggregator, 'listTools' | 'listPrompts' | 'listResources' | 'listResourceTemplates'>;

/** The list request this is, when the fast path may answer it; undefined sends it the SDK's way. */
export function modernListRequest(req: RequestHead, body: unknown): ModernListRequest | undefined {
  if (!isObject(body)) return undefined;
  const { jsonrpc, id, method, params } = body;
  if (jsonrpc !== '2.0' || typeof method !== 'string' || !Object.hasOwn(LISTS, method)) return undefined;
  if (!(typeof id === 'string' || Number.isSafeInteger(id))) return undefined;
  for (const key in body) if (key !== 'jsonrpc' && key !== 'id' && key !== 'method' && key !== 'params') return undefined;
  // Headers: JSON, and the version and method the body names (SEP-2243).
  const type = req.headers['content-type'];
  if (type === undefined || type.includes(',') || type.split(';', 1)[0]!.trim().toLowerCase() !== 'application/json') return undefined;
  if (req.headers['mcp-protocol-version'] !== PROTOCOL_VERSION || req.headers['mcp-method'] !== method) return undefined;
  // Params: the envelope only (a cursor takes the SDK's path).
  if (!isObject(params)) return undefined;
  for (const key in params) if (key !== '_meta') return undefined;
  const meta = params._meta;
  if (!isObject(meta) || meta[PROTOCOL_VERSION_KEY] !== PROTOCOL_VERSION || !isClientCapabilities(meta[CLIENT_CAPABILITIES_KEY])) return undefined;
  if (meta[CLIENT_INFO_KEY] !== undefined && !isImplementation(meta[CLIENT_INFO_KEY])) return undefined;
  for (const key in meta) {
    if (key === 'progressToken' && typeof meta[key] !== 'string' && typeof meta[key] !== 'number') return undefined;
    // Other reserved keys (a log level) have meanings of their own: the SDK's path applies them.
    if (key.startsWith(RESERVED_PREFIX) && key !== PROTOCOL_VERSION_KEY && key !== CLIENT_INFO_KEY && key !== CLIENT_CAPABILITIES_KEY) return undefined;
  }
  return { id: id as string | number, method: method as ListMethod };
}

/**
 * Answers a list request from the aggregated lists, as the SDK's 2026-07-28 encoding would: a
 * complete result with the cache hint and the hub's identity. Resolves false, having sent nothing,
 * if the lists could not be built (the SDK's path then answers with the error).
 */
export async function answerModernList(res: ReplyStream, lists: Lists, view: View, request: ModernListRequest, version: string): Promise<boolean> {
  let items: unknown[];
  try {
    items = await listOf(lists, view, request.method);
  } catch {
    return false;
  }
  // The 2026-07-28 Tool has no `execution` (removed from the vocabulary); the SDK strips it too.
  if (request.method === 'tools/list') items = items.map(withoutExecution);
  const result = { [LISTS[request.method]]: items, resultType: 'complete', ...LIST_CACHE_HINT, _meta: { [SERVER_INFO_KEY]: { ...SERVER_INFO, version } } };
  const payload = JSON.stringify({ result, jsonrpc: '2.0', id: request.id });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
  return true;
}

function listOf(lists: Lists, view: View, method: ListMethod): Promise<unknown[]> {
  switch (method) {
    case 'tools/list':
      return lists.listTools(view);
    case 'prompts/list':
      return lists.listPrompts(view);
    case 'resources/list':
      return lists.listResources(view);
    case 'resources/templates/list':
      return lists.listResourceTemplates(view);
  }
}

function withoutExecution(tool: unknown): unknown {
  if (!isObject(tool) || !('execution' in tool)) return tool;
  const { execution: _execution, ...rest } = tool;
  return rest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Optional members that must be JSON objects when present. */
function objectsOrAbsent(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return keys.every((key) => value[key] === undefined || isObject(value[key]));
}

function recordOfObjects(value: unknown): boolean {
  return value === undefined || (isObject(value) && Object.values(value).every(isObject));
}

/** The 2026-07-28 ClientCapabilities as the SDK checks them (members it does not know are ignored). */
function isClientCapabilities(value: unknown): boolean {
  if (!isObject(value)) return false;
  const { experimental, extensions, sampling, elicitation, roots } = value;
  if (!recordOfObjects(experimental) || !recordOfObjects(extensions)) return false;
  if (sampling !== undefined && !(isObject(sampling) && objectsOrAbsent(sampling, ['context', 'tools']))) return false;
  if (elicitation !== undefined) {
    if (!isObject(elicitation) || !objectsOrAbsent(elicitation, ['form', 'url'])) return false;
    const form = elicitation.form as Record<string, unknown> | undefined;
    if (form?.applyDefaults !== undefined && typeof form.applyDefaults !== 'boolean') return false;
  }
  if (roots !== undefined && !(isObject(roots) && (roots.listChanged === undefined || typeof roots.listChanged === 'boolean'))) return false;
  return true;
}

/** An Implementation (clientInfo) with plain string members; icons take the SDK's path. */
function isImplementation(value: unknown): boolean {
  if (!isObject(value) || typeof value.name !== 'string' || typeof value.version !== 'string' || value.icons !== undefined) return false;
  return ['title', 'description', 'websiteUrl'].every((key) => value[key] === undefined || typeof value[key] === 'string');
}
