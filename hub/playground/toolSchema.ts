// MCP tools -> the tool shapes of the LLM APIs.
//
// Names: MCP tool names may be up to 128 characters and contain dots; OpenAI and Anthropic accept
// `^[a-zA-Z0-9_-]{1,64}$`. A tool is offered as `<server>__<tool>` when that fits; otherwise the
// name is sanitised, truncated and given a short hash of the original, so the mapping is
// deterministic (the same tool always gets the same name, across runs and stored conversations)
// and `ToolNameMap` maps it back.
//
// Schemas: the APIs want a plain `type: "object"` schema at the top; `$schema` / `$id` are dropped,
// top-level combinators (anyOf / oneOf / allOf) are flattened into `properties`, empty schemas get
// `properties: {}`.
import { createHash } from 'node:crypto';
import type { JsonObject } from '../../shared/types';
import { HubError } from '../core/errors';
import type { ChatTool, PlaygroundTool } from './types';

export const PROVIDER_TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_NAME = 64;
const HASH_LENGTH = 8;
/** OpenAI rejects function descriptions longer than this. */
const OPENAI_MAX_DESCRIPTION = 1024;

/** The provider-facing name of one MCP tool. Pure and deterministic. */
export function providerToolName(server: string, tool: string): string {
  const raw = `${server}__${tool}`;
  if (PROVIDER_TOOL_NAME_PATTERN.test(raw)) return raw;
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, HASH_LENGTH);
  const clean = raw.replace(/[^a-zA-Z0-9_-]/g, '_');
  return `${clean.slice(0, MAX_NAME - HASH_LENGTH - 1)}_${hash}`;
}

/** Provider-facing names for a set of tools, and the way back. */
export class ToolNameMap {
  private readonly byName = new Map<string, PlaygroundTool>();
  private readonly byTool = new Map<string, string>();

  constructor(tools: readonly PlaygroundTool[]) {
    for (const tool of tools) {
      const key = `${tool.server}\u0000${tool.name}`;
      if (this.byTool.has(key)) continue;
      const name = providerToolName(tool.server, tool.name);
      const other = this.byName.get(name);
      if (other) {
        throw new HubError(
          'TOOL_NAME_COLLISION',
          `The tools "${other.server}/${other.name}" and "${tool.server}/${tool.name}" get the same model-facing name "${name}". Leave one of them out of the Playground's tool selection.`,
        );
      }
      this.byName.set(name, tool);
      this.byTool.set(key, name);
    }
  }

  /** The provider-facing name of a tool in this map. */
  toProvider(server: string, tool: string): string | undefined {
    return this.byTool.get(`${server}\u0000${tool}`);
  }

  /** The MCP tool behind a provider-facing name (undefined for names the model made up). */
  fromProvider(name: string): PlaygroundTool | undefined {
    return this.byName.get(name);
  }

  /** The tools under their provider-facing names, ready for a ChatRequest. */
  chatTools(): ChatTool[] {
    return [...this.byName].map(([name, tool]) => ({
      name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      inputSchema: tool.inputSchema,
    }));
  }
}

/** A JSON Schema the LLM APIs accept as tool input: an object schema without `$schema`. */
export function normalizeInputSchema(schema: JsonObject | undefined): JsonObject {
  const out: JsonObject = schema && typeof schema === 'object' && !Array.isArray(schema) ? stripMetaKeys(schema) : {};
  const properties: JsonObject = isObject(out.properties) ? { ...out.properties } : {};
  const required = new Set(Array.isArray(out.required) ? out.required.filter((item): item is string => typeof item === 'string') : []);
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = out[keyword];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      if (!isObject(branch)) continue;
      if (isObject(branch.properties)) {
        for (const [key, value] of Object.entries(branch.properties)) if (!(key in properties)) properties[key] = value;
      }
      // Only allOf makes a branch's required properties required for the whole object.
      if (keyword === 'allOf' && Array.isArray(branch.required)) {
        for (const item of branch.required) if (typeof item === 'string') required.add(item);
      }
    }
    delete out[keyword];
  }
  delete out.not;
  delete out.enum;
  delete out.const;
  out.type = 'object';
  out.properties = properties;
  if (required.size > 0) out.required = [...required];
  else delete out.required;
  return out;
}

export interface OpenAiToolWire {
  type: 'function';
  function: { name: string; description?: string; parameters: JsonObject };
}

export function toOpenAiTool(tool: ChatTool): OpenAiToolWire {
  const description = tool.description === undefined ? undefined : truncate(tool.description, OPENAI_MAX_DESCRIPTION);
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(description ? { description } : {}),
      parameters: normalizeInputSchema(tool.inputSchema),
    },
  };
}

export interface AnthropicToolWire {
  name: string;
  description?: string;
  input_schema: JsonObject;
}

export function toAnthropicTool(tool: ChatTool): AnthropicToolWire {
  return {
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    input_schema: normalizeInputSchema(tool.inputSchema),
  };
}

/** A deep copy without the top-level `$schema` / `$id` (a nested key could be a property name). */
function stripMetaKeys(value: JsonObject): JsonObject {
  const out = structuredClone(value);
  delete out.$schema;
  delete out.$id;
  return out;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
