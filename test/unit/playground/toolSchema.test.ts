import { describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import {
  normalizeInputSchema,
  PROVIDER_TOOL_NAME_PATTERN,
  providerToolName,
  toAnthropicTool,
  ToolNameMap,
  toOpenAiTool,
} from '../../../hub/playground/toolSchema';

describe('providerToolName', () => {
  it('keeps names that already fit as <server>__<tool>', () => {
    expect(providerToolName('github', 'create_issue')).toBe('github__create_issue');
    expect(providerToolName('my-server', 'list-items')).toBe('my-server__list-items');
  });

  it('sanitises dots and other characters and adds a short hash of the original', () => {
    const name = providerToolName('weather', 'forecast.get');
    expect(name).toMatch(/^weather__forecast_get_[0-9a-f]{8}$/);
    expect(name).toMatch(PROVIDER_TOOL_NAME_PATTERN);
    // Deterministic: the same tool always gets the same name (stored conversations stay valid).
    expect(providerToolName('weather', 'forecast.get')).toBe(name);
  });

  it('truncates long names to 64 characters and keeps them distinct', () => {
    const long = `${'namespace.'.repeat(12)}tool`; // 124 characters, dotted
    const a = providerToolName('srv', long);
    const b = providerToolName('srv', `${long}2`);
    expect(a.length).toBe(64);
    expect(b.length).toBe(64);
    expect(a).toMatch(PROVIDER_TOOL_NAME_PATTERN);
    expect(a).not.toBe(b);
    // Same 55-character prefix, different hash.
    expect(a.slice(0, 55)).toBe(b.slice(0, 55));
  });

  it('gives names that only differ in a replaced character different provider names', () => {
    expect(providerToolName('s', 'a.b')).not.toBe(providerToolName('s', 'a_b'));
    expect(providerToolName('s', 'a.b')).not.toBe(providerToolName('s', 'a/b'));
  });
});

describe('ToolNameMap', () => {
  const tools = [
    { server: 'fs', name: 'read.file', inputSchema: {} },
    { server: 'fs', name: 'x'.repeat(128), description: 'long', inputSchema: { type: 'object' } },
    { server: 'git', name: 'status', inputSchema: {} },
  ];

  it('maps every tool to a valid name and back to the MCP server and tool', () => {
    const map = new ToolNameMap(tools);
    for (const tool of tools) {
      const name = map.toProvider(tool.server, tool.name);
      expect(name).toMatch(PROVIDER_TOOL_NAME_PATTERN);
      expect(map.fromProvider(name!)).toMatchObject({ server: tool.server, name: tool.name });
    }
    expect(map.fromProvider('made_up')).toBeUndefined();
    expect(map.chatTools().map((tool) => tool.name)).toEqual(tools.map((tool) => providerToolName(tool.server, tool.name)));
    expect(map.chatTools()[1]).toMatchObject({ description: 'long' });
  });

  it('ignores duplicates of the same tool', () => {
    const map = new ToolNameMap([...tools, tools[0]!]);
    expect(map.chatTools()).toHaveLength(3);
  });

  it('rejects two tools that would get the same name', () => {
    // Only reachable with server names outside the hub's pattern; the guard must still hold.
    const clash = () => new ToolNameMap([{ server: 'a__b', name: 'c', inputSchema: {} }, { server: 'a', name: 'b__c', inputSchema: {} }]);
    expect(clash).toThrow(HubError);
    expect(clash).toThrow(/same model-facing name/);
  });
});

describe('normalizeInputSchema', () => {
  it('turns an empty or missing schema into an empty object schema', () => {
    expect(normalizeInputSchema({})).toEqual({ type: 'object', properties: {} });
    expect(normalizeInputSchema(undefined)).toEqual({ type: 'object', properties: {} });
  });

  it('drops $schema and $id, keeps the rest and does not change the input', () => {
    const input = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: 'urn:x',
      type: 'object',
      properties: { path: { type: 'string', description: 'A path' }, $schema: { type: 'string' } },
      required: ['path'],
      additionalProperties: false,
    };
    const copy = structuredClone(input);
    expect(normalizeInputSchema(input)).toEqual({
      type: 'object',
      properties: { path: { type: 'string', description: 'A path' }, $schema: { type: 'string' } },
      required: ['path'],
      additionalProperties: false,
    });
    expect(input).toEqual(copy);
  });

  it('flattens top-level combinators, which the APIs reject, into properties', () => {
    const schema = {
      anyOf: [
        { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        { type: 'object', properties: { name: { type: 'string' } } },
      ],
      allOf: [{ properties: { verbose: { type: 'boolean' } }, required: ['verbose'] }],
    };
    expect(normalizeInputSchema(schema)).toEqual({
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' }, verbose: { type: 'boolean' } },
      required: ['verbose'],
    });
  });

  it('forces type object', () => {
    expect(normalizeInputSchema({ type: ['object', 'null'], properties: { a: { type: 'number' } } })).toEqual({
      type: 'object',
      properties: { a: { type: 'number' } },
    });
  });
});

describe('wire shapes', () => {
  it('builds OpenAI function tools, cutting descriptions to 1024 characters', () => {
    const tool = toOpenAiTool({ name: 'fs__read', description: 'd'.repeat(2000), inputSchema: { $schema: 'x' } });
    expect(tool.type).toBe('function');
    expect(tool.function.name).toBe('fs__read');
    expect(tool.function.description).toHaveLength(1024);
    expect(tool.function.parameters).toEqual({ type: 'object', properties: {} });
  });

  it('builds Anthropic tools with input_schema', () => {
    expect(toAnthropicTool({ name: 'fs__read', description: 'Read', inputSchema: { type: 'object', properties: { p: { type: 'string' } } } })).toEqual({
      name: 'fs__read',
      description: 'Read',
      input_schema: { type: 'object', properties: { p: { type: 'string' } } },
    });
  });
});
