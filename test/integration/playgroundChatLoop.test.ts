// The chat loop end to end: scripted LLM servers on 127.0.0.1 and a real in-process MCP server
// behind the ToolExecutor.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../hub/core/logger';
import { runChat } from '../../hub/playground/chatLoop';
import type { RunChatOptions } from '../../hub/playground/chatLoop';
import { createProvider } from '../../hub/playground/providers';
import { normalizeInputSchema, providerToolName } from '../../hub/playground/toolSchema';
import { toMarkdown } from '../../hub/playground/transcriptExport';
import type { PlaygroundEvent, PlaygroundTool, ToolCard } from '../../hub/playground/types';
import { PNG_1PX, startTestMcp } from '../fixtures/llm/mcpExecutor';
import type { TestMcp } from '../fixtures/llm/mcpExecutor';
import { anthropic, openAi } from '../fixtures/llm/sse';
import { startScriptedLlmServer } from '../fixtures/llm/scriptedLlmServer';
import type { ScriptedLlmServer } from '../fixtures/llm/scriptedLlmServer';

const WEATHER = providerToolName('demo', 'weather.get_forecast');
const ADD = 'demo__add';

let llm: ScriptedLlmServer;
let mcp: TestMcp;
let tools: PlaygroundTool[];
beforeEach(async () => {
  llm = await startScriptedLlmServer();
  mcp = await startTestMcp('demo');
  tools = await mcp.tools();
});
afterEach(async () => {
  await mcp.close();
  await llm.close();
});

function chat(kind: 'openai' | 'anthropic', overrides: Partial<RunChatOptions> = {}) {
  const events: PlaygroundEvent[] = [];
  const provider = createProvider(
    { id: kind, kind, baseUrl: kind === 'openai' ? `${llm.url}/v1` : llm.url, apiKeySecret: 'k' },
    { getSecret: async () => 'test-key-123456', logger: silentLogger },
  );
  const run = runChat({
    provider,
    model: 'test-model',
    system: 'You are helpful.',
    temperature: 0,
    messages: [{ role: 'user', content: 'Weather in Paris?' }],
    tools,
    executor: mcp.executor,
    // A loop that never ends would fail the test with a 'stopped' outcome rather than hang.
    signal: AbortSignal.timeout(15_000),
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  return { run, events };
}

function cards(events: PlaygroundEvent[]): ToolCard[] {
  return events.flatMap((event) => (event.type === 'tool_card' ? [event.card] : []));
}

function body(index: number): Record<string, unknown> {
  return llm.requests[index]!.body as Record<string, unknown>;
}

describe('runChat with an OpenAI-compatible model', () => {
  it('runs a full round: streams text, calls the tool, sends the result back, finishes', async () => {
    llm.enqueue(
      { sse: openAi.toolCalls([{ id: 'call_1', name: WEATHER, fragments: ['{"city":', ' "Paris"}'] }], { text: 'Let me check. ' }) },
      { sse: openAi.text(['It is sunny', ' in Paris.']) },
    );
    const { run, events } = chat('openai');
    const transcript = await run;

    expect(transcript.outcome).toBe('completed');
    expect(transcript.rounds).toBe(2);
    expect(transcript.usage).toEqual({ inputTokens: 30, outputTokens: 13 });
    expect(mcp.calls).toEqual([{ tool: 'weather.get_forecast', args: { city: 'Paris' } }]);
    expect(events.filter((e) => e.type === 'text').map((e) => (e as { delta: string }).delta).join('')).toBe('Let me check. It is sunny in Paris.');

    const [running, done] = cards(events);
    expect(running).toMatchObject({ id: 'call_1', round: 1, server: 'demo', tool: 'weather.get_forecast', arguments: { city: 'Paris' }, status: 'running' });
    expect(done).toMatchObject({
      status: 'done',
      result: { text: 'Sunny in Paris\nStructured content:\n{"city":"Paris","tempC":21}', images: [], structuredContent: { city: 'Paris', tempC: 21 }, isError: false },
    });
    expect(done!.durationMs).toBeGreaterThanOrEqual(0);
    expect(events.at(-1)).toEqual({ type: 'done', outcome: 'completed', usage: { inputTokens: 30, outputTokens: 13 } });

    // The first request offers the MCP tools under provider-safe names with normalised schemas.
    const offered = body(0).tools as Array<{ type: string; function: { name: string; description?: string; parameters: Record<string, unknown> } }>;
    const weather = tools.find((tool) => tool.name === 'weather.get_forecast')!;
    expect(offered.find((tool) => tool.function.name === WEATHER)).toEqual({
      type: 'function',
      function: { name: WEATHER, description: 'Forecast for a city', parameters: normalizeInputSchema(weather.inputSchema) },
    });
    expect(offered.map((tool) => tool.function.name)).toEqual(tools.map((tool) => providerToolName('demo', tool.name)));
    for (const tool of offered) expect(tool.function.parameters).not.toHaveProperty('$schema');
    expect(body(0)).toMatchObject({ model: 'test-model', temperature: 0, stream: true });

    // The second request carries the assistant's tool call and the tool's result.
    expect(body(1).messages).toEqual([
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: 'Let me check. ',
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: WEATHER, arguments: '{"city":"Paris"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'Sunny in Paris\nStructured content:\n{"city":"Paris","tempC":21}' },
    ]);

    expect(transcript.newMessages.map((m) => m.role)).toEqual(['assistant', 'tool', 'assistant']);
    expect(transcript.newMessages[1]).toMatchObject({ role: 'tool', server: 'demo', tool: 'weather.get_forecast', status: 'done', isError: false });
    expect(transcript.messages).toHaveLength(4);

    const md = toMarkdown({ ...transcript, title: 'Paris', exportedAt: '2026-01-01T00:00:00.000Z' });
    expect(md).toContain('**Tool call** `demo / weather.get_forecast` (id `call_1`)');
    expect(md).toContain('## Assistant\n\nIt is sunny in Paris.\n');
  });

  it('runs parallel tool calls at the same time and returns results in call order', async () => {
    llm.enqueue(
      {
        sse: openAi.toolCalls(
          [
            { id: 'b1', name: 'demo__barrier', fragments: ['{"n":', '1}'] },
            { id: 'b2', name: 'demo__barrier', fragments: ['{"n":2}'] },
            { id: 'a1', name: ADD, fragments: ['{"a":1,"b":', '2}'] },
          ],
          { interleave: true },
        ),
      },
      { sse: openAi.text(['All done.']) },
    );
    const transcript = await chat('openai').run;
    expect(transcript.outcome).toBe('completed');
    // Each barrier call only returns once the other one runs too: they ran in parallel.
    expect(mcp.barrierPeak()).toBe(2);
    const toolMessages = (body(1).messages as Array<Record<string, unknown>>).filter((m) => m.role === 'tool');
    expect(toolMessages).toEqual([
      { role: 'tool', tool_call_id: 'b1', content: 'barrier 1 passed' },
      { role: 'tool', tool_call_id: 'b2', content: 'barrier 2 passed' },
      { role: 'tool', tool_call_id: 'a1', content: '3' },
    ]);
  });

  it('asks for approval and does not run a denied call', async () => {
    llm.enqueue(
      {
        sse: openAi.toolCalls([
          { id: 'ok', name: ADD, fragments: ['{"a":2,"b":2}'] },
          { id: 'no', name: WEATHER, fragments: ['{"city":"Oslo"}'] },
        ]),
      },
      { sse: openAi.text(['Fine.']) },
    );
    const asked: string[] = [];
    const { run, events } = chat('openai', {
      approve: async (call) => {
        asked.push(`${call.server}/${call.tool} ${JSON.stringify(call.arguments)}`);
        return call.tool === 'add';
      },
    });
    const transcript = await run;
    expect(asked.sort()).toEqual(['demo/add {"a":2,"b":2}', 'demo/weather.get_forecast {"city":"Oslo"}']);
    expect(mcp.calls).toEqual([{ tool: 'add', args: { a: 2, b: 2 } }]);
    const denied = cards(events).filter((card) => card.id === 'no');
    expect(denied.map((card) => card.status)).toEqual(['awaiting_approval', 'denied']);
    expect(cards(events).filter((card) => card.id === 'ok').map((card) => card.status)).toEqual(['awaiting_approval', 'running', 'done']);
    expect((body(1).messages as unknown[]).slice(-2)).toEqual([
      { role: 'tool', tool_call_id: 'ok', content: '4' },
      { role: 'tool', tool_call_id: 'no', content: '[tool error] The user denied this tool call. Do not retry it unless the user asks.' },
    ]);
    expect(transcript.newMessages[2]).toMatchObject({ role: 'tool', status: 'denied', isError: true });
  });

  it('stops at the round limit with a clear note', async () => {
    llm.enqueue(
      { sse: openAi.toolCalls([{ id: 'r1', name: ADD, fragments: ['{"a":1,"b":1}'] }]) },
      { sse: openAi.toolCalls([{ id: 'r2', name: ADD, fragments: ['{"a":2,"b":2}'] }]) },
      { sse: openAi.text(['never requested']) },
    );
    const { run, events } = chat('openai', { maxRounds: 2 });
    const transcript = await run;
    expect(transcript.outcome).toBe('max_rounds');
    expect(transcript.rounds).toBe(2);
    expect(llm.requests).toHaveLength(2);
    expect(llm.pending()).toBe(1);
    expect(mcp.calls).toHaveLength(2);
    expect(transcript.notice).toMatch(/Stopped after 2 rounds of tool calls.*send a message.*raise the round limit/);
    expect(events).toContainEqual({ type: 'notice', message: transcript.notice });
    expect(transcript.newMessages.at(-1)).toMatchObject({ role: 'tool', toolCallId: 'r2', content: '4' });
  });

  it('stops mid-stream: the model request is cancelled and the partial answer kept', async () => {
    llm.enqueue({ sse: [openAi.chunk({ role: 'assistant', content: 'Thinking about' }), { hold: true }] });
    const controller = new AbortController();
    const { run, events } = chat('openai', {
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'text') controller.abort();
      },
    });
    const transcript = await run;
    expect(transcript.outcome).toBe('stopped');
    expect(transcript.newMessages).toEqual([{ role: 'assistant', content: 'Thinking about' }]);
    expect(events.at(-1)).toMatchObject({ type: 'done', outcome: 'stopped' });
    await llm.clientLeft();
    expect(mcp.calls).toEqual([]);
  });

  it('stops mid-tool-call: the MCP server sees the cancellation', async () => {
    llm.enqueue({ sse: openAi.toolCalls([{ id: 's1', name: 'demo__slow', fragments: ['{}'] }]) });
    const controller = new AbortController();
    const { run, events } = chat('openai', { signal: controller.signal });
    await mcp.slowStarted;
    controller.abort('the user clicked Stop');
    const transcript = await run;
    expect(await mcp.slowCancelled).toBe('the user clicked Stop');
    expect(transcript.outcome).toBe('stopped');
    expect(llm.requests).toHaveLength(1);
    expect(cards(events).map((card) => card.status)).toEqual(['running', 'cancelled']);
    expect(transcript.newMessages.at(-1)).toMatchObject({
      role: 'tool',
      toolCallId: 's1',
      status: 'cancelled',
      isError: true,
      content: 'The user stopped this call before it finished.',
    });
  });

  it('tells the model about tools it made up and arguments that are not JSON', async () => {
    llm.enqueue(
      {
        sse: openAi.toolCalls([
          { id: 'x1', name: 'demo__nope', fragments: ['{}'] },
          { id: 'x2', name: ADD, fragments: ['{"a":'] },
        ]),
      },
      { sse: openAi.text(['Sorry.']) },
    );
    const { run, events } = chat('openai');
    const transcript = await run;
    expect(transcript.outcome).toBe('completed');
    expect(mcp.calls).toEqual([]);
    expect(cards(events)).toEqual([
      expect.objectContaining({ id: 'x1', status: 'error', tool: 'demo__nope', error: 'The model asked for a tool that is not offered: "demo__nope".' }),
      expect.objectContaining({ id: 'x2', status: 'error', tool: 'add', error: 'The model sent arguments that are not a JSON object.' }),
    ]);
    const toolMessages = (body(1).messages as Array<{ role: string; content: string }>).filter((m) => m.role === 'tool');
    expect(toolMessages[0]!.content).toMatch(/^\[tool error\] The model asked for a tool that is not offered/);
    expect(toolMessages[1]!.content).toMatch(/Call the tool again with a JSON object/);
  });

  it('ends with an error outcome when the key is rejected', async () => {
    llm.enqueue({ status: 401, json: { error: { message: 'bad key' } } });
    const { run, events } = chat('openai');
    const transcript = await run;
    expect(transcript.outcome).toBe('error');
    expect(transcript.error?.message).toMatch(/rejected the API key \(HTTP 401\)/);
    expect(transcript.error?.message).not.toContain('test-key-123456');
    expect(events.slice(-2).map((e) => e.type)).toEqual(['error', 'done']);
    expect(transcript.newMessages).toEqual([]);
  });
});

describe('runChat with an Anthropic model', () => {
  it('sends tool results as tool_result blocks, with images and is_error', async () => {
    llm.enqueue(
      {
        sse: anthropic.toolUse([
          { id: 'toolu_1', name: 'demo__snapshot', fragments: ['{}'] },
          { id: 'toolu_2', name: 'demo__fail', fragments: [] },
        ]),
      },
      { sse: anthropic.text(['A red pixel; the disk is full.']) },
    );
    const transcript = await chat('anthropic', { messages: [{ role: 'user', content: 'Look' }] }).run;
    expect(transcript.outcome).toBe('completed');
    expect(body(0)).toMatchObject({ model: 'test-model', system: 'You are helpful.', temperature: 0, max_tokens: 4096, stream: true });
    const offered = body(0).tools as Array<{ name: string; input_schema: Record<string, unknown> }>;
    expect(offered.find((tool) => tool.name === WEATHER)?.input_schema).toEqual(
      normalizeInputSchema(tools.find((tool) => tool.name === 'weather.get_forecast')!.inputSchema),
    );
    expect(body(1).messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Look' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'toolu_1', name: 'demo__snapshot', input: {} },
          { type: 'tool_use', id: 'toolu_2', name: 'demo__fail', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_1',
            content: [
              { type: 'text', text: 'Here is the picture.\n[image 1: image/png, 70 bytes]' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1PX } },
            ],
          },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'disk is full' }], is_error: true },
        ],
      },
    ]);
    expect(transcript.newMessages[1]).toMatchObject({ status: 'done', images: [{ mimeType: 'image/png', data: PNG_1PX }] });
    expect(transcript.newMessages[2]).toMatchObject({ status: 'error', isError: true });
  });
});
