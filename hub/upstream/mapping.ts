// SDK types -> the plain, SDK-independent types of shared/types.ts. Every field the upstream sent is
// kept (title, annotations, outputSchema, icons, _meta and anything newer), except the reserved
// per-request envelope keys the SDK leaves in `_meta`: they describe the upstream's wire, not the
// item, and the serve layer adds its own.
import type { CallToolResult, Prompt, Resource, ResourceTemplateType as ResourceTemplate, ServerCapabilities, Tool } from '@modelcontextprotocol/client';
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  LOG_LEVEL_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  SERVER_INFO_META_KEY,
  SUBSCRIPTION_ID_META_KEY,
} from '@modelcontextprotocol/client';
import type { JsonObject, PromptInfo, ResourceInfo, ResourceTemplateInfo, ToolInfo, ToolResult } from '../../shared/types';
import type { UpstreamCapabilities } from './types';

/** `_meta` keys that belong to the protocol envelope, never to the payload. */
export const RESERVED_META_KEYS: readonly string[] = [
  PROTOCOL_VERSION_META_KEY,
  CLIENT_INFO_META_KEY,
  CLIENT_CAPABILITIES_META_KEY,
  LOG_LEVEL_META_KEY,
  SERVER_INFO_META_KEY,
  SUBSCRIPTION_ID_META_KEY,
];

/** Result members that are wire bookkeeping (result discriminator and cache hints). */
const WIRE_RESULT_KEYS = ['resultType', 'ttlMs', 'cacheScope'];

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of `meta` without the reserved envelope keys; undefined when nothing is left. */
export function cleanMeta(meta: unknown): JsonObject | undefined {
  if (!isJsonObject(meta)) return undefined;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(meta)) {
    if (!RESERVED_META_KEYS.includes(key)) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Shallow copy of an SDK object: drops undefined members and cleans `_meta`. */
function plain(value: object, drop: readonly string[] = []): JsonObject {
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || drop.includes(key)) continue;
    if (key === '_meta') {
      const meta = cleanMeta(item);
      if (meta) out._meta = meta;
      continue;
    }
    out[key] = item;
  }
  return out;
}

export function toToolInfo(tool: Tool): ToolInfo {
  return { ...plain(tool), name: tool.name, inputSchema: { ...tool.inputSchema } } as ToolInfo;
}

export function toPromptInfo(prompt: Prompt): PromptInfo {
  return { ...plain(prompt), name: prompt.name } as PromptInfo;
}

export function toResourceInfo(resource: Resource): ResourceInfo {
  return { ...plain(resource), uri: resource.uri, name: resource.name } as ResourceInfo;
}

export function toResourceTemplateInfo(template: ResourceTemplate): ResourceTemplateInfo {
  return { ...plain(template), uriTemplate: template.uriTemplate, name: template.name } as ResourceTemplateInfo;
}

export function toToolResult(result: CallToolResult): ToolResult {
  const out = plain(result, WIRE_RESULT_KEYS);
  return { ...out, content: Array.isArray(result.content) ? (result.content as JsonObject[]) : [] } as ToolResult;
}

/** Any other result (prompts/get, resources/read, completion/complete) as plain JSON. */
export function toJsonResult(result: object): JsonObject {
  return plain(result, WIRE_RESULT_KEYS);
}

export function toCapabilities(caps: ServerCapabilities | undefined): UpstreamCapabilities | undefined {
  if (!caps) return undefined;
  const out: UpstreamCapabilities = {};
  if (caps.tools) out.tools = { ...(caps.tools.listChanged !== undefined && { listChanged: caps.tools.listChanged }) };
  if (caps.prompts) out.prompts = { ...(caps.prompts.listChanged !== undefined && { listChanged: caps.prompts.listChanged }) };
  if (caps.resources) {
    out.resources = {
      ...(caps.resources.subscribe !== undefined && { subscribe: caps.resources.subscribe }),
      ...(caps.resources.listChanged !== undefined && { listChanged: caps.resources.listChanged }),
    };
  }
  if (caps.completions) out.completions = { ...caps.completions };
  if (caps.logging) out.logging = { ...caps.logging };
  return out;
}
