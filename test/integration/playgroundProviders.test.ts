// The LLM providers against scripted OpenAI- and Anthropic-compatible servers on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../hub/core/clock';
import { silentLogger } from '../../hub/core/logger';
import { createProvider } from '../../hub/playground/providers';
import type { ProviderConfig } from '../../hub/playground/providers';
import type { ChatEvent, ChatRequest, LlmProvider } from '../../hub/playground/types';
import { anthropic, openAi } from '../fixtures/llm/sse';
import { startScriptedLlmServer } from '../fixtures/llm/scriptedLlmServer';
import type { ScriptedLlmServer } from '../fixtures/llm/scriptedLlmServer';

const KEY = 'sk-test-SECRET-0123456789';

/** Records the waits the providers ask for and runs them at once (no sleeping in tests). */
function recordingClock(): Clock & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    now: () => Date.now(),
    setTimeout(fn, ms) {
      waits.push(ms);
      const handle = setImmediate(fn);
      return { cancel: () => clearImmediate(handle) };
    },
  };
}

async function collect(stream: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const event of stream) out.push(event);
  return out;
}

const request: ChatRequest = {
  model: 'test-model',
  system: 'Be brief.',
  temperature: 0.3,
  messages: [{ role: 'user', content: 'Hi' }],
};

let server: ScriptedLlmServer;
let clock: ReturnType<typeof recordingClock>;
beforeEach(async () => {
  server = await startScriptedLlmServer();
  clock = recordingClock();
});
afterEach(async () => {
  await server.close();
});

function provider(kind: 'openai' | 'anthropic', overrides: Partial<ProviderConfig> = {}): LlmProvider {
  const config: ProviderConfig = {
    id: kind,
    kind,
    baseUrl: kind === 'openai' ? `${server.url}/v1` : server.url,
    apiKeySecret: 'playground.key',
    ...overrides,
  };
  return createProvider(config, {
    getSecret: async (key) => (key === 'playground.key' ? KEY : undefined),
    logger: silentLogger,
    clock,
  });
}

describe('OpenAI-compatible provider', () => {
  it('streams text and sends the model, system prompt, temperature and key', async () => {
    server.enqueue({ sse: openAi.text(['Hel', 'lo', '!']) });
    const events = await collect(provider('openai').stream({ ...request, maxTokens: 100 }, new AbortController().signal));
    expect(events).toEqual([
      { type: 'text', delta: 'Hel' },
      { type: 'text', delta: 'lo' },
      { type: 'text', delta: '!' },
      { type: 'done', stopReason: 'end_turn', rawStopReason: 'stop', usage: { inputTokens: 10, outputTokens: 5 } },
    ]);
    const sent = server.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.body).toEqual({
      model: 'test-model',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.3,
      max_tokens: 100,
    });
  });

  it('accumulates parallel tool calls whose argument fragments are split across chunks', async () => {
    server.enqueue({
      sse: openAi.toolCalls(
        [
          { id: 'call_a', name: 'demo__add', fragments: ['{"a"', ': 2, "b', '": 3}'] },
          { id: 'call_b', name: 'demo__weather_get_forecast_x', fragments: ['{"ci', 'ty": "Pa', 'ris"}'] },
          { id: 'call_c', name: 'demo__slow', fragments: [] },
        ],
        { interleave: true },
      ),
    });
    const events = await collect(provider('openai').stream(request, new AbortController().signal));
    expect(events).toEqual([
      { type: 'tool_call', id: 'call_a', name: 'demo__add', arguments: { a: 2, b: 3 } },
      { type: 'tool_call', id: 'call_b', name: 'demo__weather_get_forecast_x', arguments: { city: 'Paris' } },
      { type: 'tool_call', id: 'call_c', name: 'demo__slow', arguments: {} },
      { type: 'done', stopReason: 'tool_use', rawStopReason: 'tool_calls', usage: { inputTokens: 20, outputTokens: 8 } },
    ]);
  });

  it('reports tool-call arguments that are not JSON instead of failing the stream', async () => {
    server.enqueue({ sse: openAi.toolCalls([{ id: 'c1', name: 'demo__add', fragments: ['{"a": 2,'] }]) });
    const events = await collect(provider('openai').stream(request, new AbortController().signal));
    expect(events[0]).toEqual({ type: 'tool_call', id: 'c1', name: 'demo__add', arguments: {}, invalidArguments: '{"a": 2,' });
  });

  it('sends no Authorization header when no key is configured (Ollama, LM Studio)', async () => {
    server.enqueue({ sse: openAi.text(['ok']) });
    const events = await collect(provider('openai', { apiKeySecret: undefined }).stream(request, new AbortController().signal));
    expect(events.at(-1)).toMatchObject({ type: 'done' });
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('lists models', async () => {
    server.enqueue({ status: 200, json: { object: 'list', data: [{ id: 'zeta', object: 'model' }, { id: 'alpha', object: 'model' }] } });
    expect(await provider('openai').listModels()).toEqual([{ id: 'alpha' }, { id: 'zeta' }]);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models', headers: { authorization: `Bearer ${KEY}` } });
  });

  it('retries a 429 after the retry-after it was given, then succeeds', async () => {
    server.enqueue(
      { status: 429, headers: { 'retry-after': '2' }, json: { error: { message: 'Rate limit reached' } } },
      { sse: openAi.text(['after retry']) },
    );
    const events = await collect(provider('openai').stream(request, new AbortController().signal));
    expect(events[0]).toEqual({ type: 'text', delta: 'after retry' });
    expect(clock.waits).toEqual([2000]);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body).toEqual(server.requests[0]!.body);
  });

  it('gives up after 3 attempts with a clear message', async () => {
    for (let i = 0; i < 3; i++) server.enqueue({ status: 429, json: { error: { message: 'slow down' } } });
    const events = await collect(provider('openai').stream(request, new AbortController().signal));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'UPSTREAM_UNAVAILABLE', status: 429 });
    expect((events[0] as { message: string }).message).toMatch(/rate-limited the request \(HTTP 429\) 3 times.*Wait a moment.*slow down/);
    expect(clock.waits).toEqual([1000, 2000]);
    expect(server.requests).toHaveLength(3);
  });

  it('does not wait for a retry-after beyond the limit', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '3600' }, json: {} });
    const events = await collect(provider('openai').stream(request, new AbortController().signal));
    expect((events[0] as { message: string }).message).toMatch(/asked to wait 3600 s/);
    expect(clock.waits).toEqual([]);
  });

  it('says the API key was rejected on 401, without echoing the key', async () => {
    server.enqueue({ status: 401, json: { error: { message: `Incorrect API key provided: ${KEY}` } } });
    const events = await collect(provider('openai').stream(request, new AbortController().signal));
    expect(events).toHaveLength(1);
    const event = events[0] as { type: string; message: string; status: number };
    expect(event).toMatchObject({ type: 'error', code: 'UPSTREAM_ERROR', status: 401 });
    expect(event.message).toMatch(/rejected the API key \(HTTP 401\)/);
    expect(event.message).not.toContain(KEY);
    expect(event.message).not.toContain('SECRET');
  });

  it('reports 5xx with the status and the provider message, redacting the key', async () => {
    server.enqueue({ status: 503, json: { error: { message: `backend down for key ${KEY}` } } });
    const events = await collect(provider('openai').stream(request, new AbortController().signal));
    const event = events[0] as { message: string };
    expect(event).toMatchObject({ type: 'error', code: 'UPSTREAM_ERROR', status: 503 });
    expect(event.message).toMatch(/answered HTTP 503.*backend down for key \[redacted\].*try again later/);
    expect(event.message).not.toContain(KEY);
  });

  it('reports malformed and unfinished streams, and errors sent mid-stream', async () => {
    server.enqueue(
      { sse: [openAi.chunk({ content: 'a' }), 'data: {not json\n\n'] },
      { sse: [openAi.chunk({ content: 'a' })] },
      { sse: [openAi.chunk({ content: 'a' }), `data: ${JSON.stringify({ error: { message: 'upstream model crashed' } })}\n\n`] },
    );
    const p = provider('openai');
    const bad = await collect(p.stream(request, new AbortController().signal));
    expect(bad.at(-1)).toMatchObject({ type: 'error', code: 'UPSTREAM_ERROR', message: expect.stringMatching(/malformed answer stream \(a stream chunk was not JSON\)/) });
    const cut = await collect(p.stream(request, new AbortController().signal));
    expect(cut.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/ended before the model finished/) });
    const reported = await collect(p.stream(request, new AbortController().signal));
    expect(reported.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/reported an error mid-stream: upstream model crashed/) });
  });

  it('says when the server cannot be reached', async () => {
    const gone = await startScriptedLlmServer();
    const url = gone.url;
    await gone.close();
    const events = await collect(provider('openai', { baseUrl: `${url}/v1` }).stream(request, new AbortController().signal));
    expect(events[0]).toMatchObject({ type: 'error', code: 'UPSTREAM_UNAVAILABLE', message: expect.stringMatching(/Could not reach .*Check the base URL/) });
  });

  it('ends with a CANCELLED error when stopped mid-stream, and the server sees the client leave', async () => {
    server.enqueue({ sse: [openAi.chunk({ content: 'partial' }), { hold: true }] });
    const controller = new AbortController();
    const events: ChatEvent[] = [];
    for await (const event of provider('openai').stream(request, controller.signal)) {
      events.push(event);
      if (event.type === 'text') controller.abort();
    }
    expect(events).toEqual([
      { type: 'text', delta: 'partial' },
      { type: 'error', code: 'CANCELLED', message: 'The chat request was stopped.' },
    ]);
    await server.clientLeft();
  });
});

describe('Anthropic provider', () => {
  it('streams text with the Messages API headers and body', async () => {
    server.enqueue({ sse: anthropic.text(['Bon', 'jour']) });
    const events = await collect(provider('anthropic').stream(request, new AbortController().signal));
    expect(events).toEqual([
      { type: 'text', delta: 'Bon' },
      { type: 'text', delta: 'jour' },
      { type: 'done', stopReason: 'end_turn', rawStopReason: 'end_turn', usage: { inputTokens: 12, outputTokens: 6 } },
    ]);
    const sent = server.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe(KEY);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({
      model: 'test-model',
      max_tokens: 4096,
      system: 'Be brief.',
      temperature: 0.3,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stream: true,
    });
  });

  it('emits each tool_use once its input_json_delta fragments are complete', async () => {
    server.enqueue({
      sse: anthropic.toolUse(
        [
          { id: 'toolu_1', name: 'demo__add', fragments: ['{"a": 2', ', "b": 3}'] },
          { id: 'toolu_2', name: 'demo__snapshot', fragments: [] },
        ],
        { text: 'Working on it.' },
      ),
    });
    const events = await collect(provider('anthropic').stream(request, new AbortController().signal));
    expect(events).toEqual([
      { type: 'text', delta: 'Working on it.' },
      { type: 'tool_call', id: 'toolu_1', name: 'demo__add', arguments: { a: 2, b: 3 } },
      { type: 'tool_call', id: 'toolu_2', name: 'demo__snapshot', arguments: {} },
      { type: 'done', stopReason: 'tool_use', rawStopReason: 'tool_use', usage: { inputTokens: 12, outputTokens: 6 } },
    ]);
  });

  it('lists models with their display names', async () => {
    server.enqueue({ status: 200, json: { data: [{ id: 'claude-test-1', display_name: 'Claude Test 1', type: 'model' }], has_more: false } });
    expect(await provider('anthropic').listModels()).toEqual([{ id: 'claude-test-1', label: 'Claude Test 1' }]);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models?limit=1000', headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' } });
  });

  it('retries 429 and says when the key is rejected', async () => {
    server.enqueue(
      { status: 429, headers: { 'retry-after': '1' }, json: { type: 'error', error: { type: 'rate_limit_error', message: 'slow' } } },
      { sse: anthropic.text(['ok']) },
      { status: 403, json: { type: 'error', error: { type: 'permission_error', message: 'nope' } } },
    );
    const p = provider('anthropic');
    expect((await collect(p.stream(request, new AbortController().signal)))[0]).toEqual({ type: 'text', delta: 'ok' });
    expect(clock.waits).toEqual([1000]);
    const denied = await collect(p.stream(request, new AbortController().signal));
    expect(denied[0]).toMatchObject({ type: 'error', status: 403, message: expect.stringMatching(/rejected the API key \(HTTP 403\)/) });
  });

  it('reports error events and streams that stop before message_stop', async () => {
    server.enqueue(
      { sse: [anthropic.start(), anthropic.event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } })] },
      { sse: [anthropic.start(), anthropic.event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } })] },
    );
    const p = provider('anthropic');
    expect((await collect(p.stream(request, new AbortController().signal))).at(-1)).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/reported an error mid-stream: Overloaded/),
    });
    expect((await collect(p.stream(request, new AbortController().signal))).at(-1)).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/before message_stop/),
    });
  });
});
