// OpenAI-compatible Chat Completions (OpenAI, OpenRouter, Ollama, LM Studio, vLLM, gateways):
// `POST {base}/chat/completions` with `stream: true`, and `GET {base}/models`.
import type { JsonObject } from '../../../shared/types';
import { HubError, toHubError } from '../../core/errors';
import { toOpenAiTool } from '../toolSchema';
import type { ChatEvent, ChatMessage, ChatRequest, LlmProvider, ModelInfo, StopReason, TokenUsage } from '../types';
import { joinUrl, sendWithRetry } from './http';
import { parseToolArguments, providerErrorEvent, streamFailure, type ProviderRuntime } from './shared';
import { parseSse } from './sse';

interface PendingCall {
  id: string;
  name: string;
  args: string;
}

export class OpenAiProvider implements LlmProvider {
  readonly kind = 'openai' as const;

  constructor(private readonly runtime: ProviderRuntime) {}

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const response = await this.send(joinUrl(this.runtime.baseUrl, 'models'), { method: 'GET' }, signal ?? new AbortController().signal);
    const body = (await response.json().catch(() => undefined)) as { data?: unknown } | undefined;
    if (!body || !Array.isArray(body.data)) {
      throw new HubError('UPSTREAM_ERROR', `${this.runtime.label} answered GET /models without a "data" list. Type the model name by hand.`);
    }
    return body.data
      .filter((item): item is { id: string } => typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string')
      .map((item) => ({ id: item.id }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatEvent> {
    let response: Response;
    try {
      response = await this.send(
        joinUrl(this.runtime.baseUrl, 'chat/completions'),
        { method: 'POST', body: JSON.stringify(this.requestBody(request)) },
        signal,
      );
    } catch (error) {
      yield providerErrorEvent(error, signal);
      return;
    }
    if (!response.body) {
      yield streamFailure(this.runtime.label, 'the response had no body');
      return;
    }
    const calls = new Map<number, PendingCall>();
    let finish: string | undefined;
    let usage: TokenUsage | undefined;
    let sawDone = false;
    try {
      for await (const message of parseSse(response.body)) {
        if (message.data === '[DONE]') {
          sawDone = true;
          break;
        }
        let chunk: OpenAiChunk;
        try {
          chunk = JSON.parse(message.data) as OpenAiChunk;
        } catch {
          yield streamFailure(this.runtime.label, 'a stream chunk was not JSON');
          return;
        }
        if (chunk.error) {
          const text = typeof chunk.error === 'string' ? chunk.error : (chunk.error.message ?? 'unknown error');
          yield { type: 'error', code: 'UPSTREAM_ERROR', message: `${this.runtime.label} reported an error mid-stream: ${this.runtime.redact(text)}` };
          return;
        }
        if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
        for (const choice of chunk.choices ?? []) {
          const delta = choice.delta ?? {};
          if (typeof delta.content === 'string' && delta.content !== '') yield { type: 'text', delta: delta.content };
          for (const [position, part] of (delta.tool_calls ?? []).entries()) accumulate(calls, part, position);
          if (choice.finish_reason) finish = choice.finish_reason;
        }
      }
    } catch (error) {
      yield signal.aborted ? providerErrorEvent(error, signal) : streamFailure(this.runtime.label, toHubError(error).message);
      return;
    }
    if (signal.aborted) {
      yield providerErrorEvent(undefined, signal);
      return;
    }
    if (!sawDone && finish === undefined) {
      yield streamFailure(this.runtime.label, 'the stream ended before the model finished its answer');
      return;
    }
    for (const [index, call] of [...calls].sort(([a], [b]) => a - b)) {
      yield { type: 'tool_call', id: call.id || `call_${index}`, name: call.name, ...parseToolArguments(call.args) };
    }
    yield {
      type: 'done',
      stopReason: mapFinish(finish, calls.size > 0),
      ...(finish !== undefined ? { rawStopReason: finish } : {}),
      ...(usage ? { usage } : {}),
    };
  }

  private requestBody(request: ChatRequest): JsonObject {
    const body: JsonObject = {
      model: request.model,
      messages: toOpenAiMessages(request),
      stream: true,
      stream_options: { include_usage: true },
    };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.maxTokens !== undefined) {
      // OpenAI's own API wants max_completion_tokens (its reasoning models reject max_tokens);
      // compatible servers (Ollama, vLLM, LM Studio, OpenRouter) know max_tokens.
      body[isOpenAiItself(this.runtime.baseUrl) ? 'max_completion_tokens' : 'max_tokens'] = request.maxTokens;
    }
    if (request.tools && request.tools.length > 0) body.tools = request.tools.map(toOpenAiTool);
    return body;
  }

  private async send(url: string, init: RequestInit, signal: AbortSignal): Promise<Response> {
    const key = await this.runtime.getKey();
    const headers: Record<string, string> = { accept: init.method === 'POST' ? 'text/event-stream' : 'application/json', ...this.runtime.headers };
    if (init.method === 'POST') headers['content-type'] = 'application/json';
    if (key) headers.authorization = `Bearer ${key}`;
    return sendWithRetry(this.runtime.http, url, { ...init, headers, signal }, key);
  }
}

export function toOpenAiMessages(request: ChatRequest): JsonObject[] {
  const out: JsonObject[] = [];
  if (request.system) out.push({ role: 'system', content: request.system });
  for (const message of request.messages) out.push(...toOpenAiMessage(message));
  return out;
}

function toOpenAiMessage(message: ChatMessage): JsonObject[] {
  switch (message.role) {
    case 'user':
      return [{ role: 'user', content: message.content }];
    case 'assistant': {
      const calls = message.toolCalls ?? [];
      if (calls.length === 0) return message.content === '' ? [] : [{ role: 'assistant', content: message.content }];
      return [
        {
          role: 'assistant',
          content: message.content === '' ? null : message.content,
          tool_calls: calls.map((call) => ({
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: JSON.stringify(call.arguments) },
          })),
        },
      ];
    }
    case 'tool':
      // Chat Completions has no error flag and no images in tool messages: both go into the text.
      return [{ role: 'tool', tool_call_id: message.toolCallId, content: message.isError ? `[tool error] ${message.content}` : message.content }];
  }
}

interface OpenAiToolCallDelta {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

interface OpenAiChunk {
  choices?: Array<{ delta?: { content?: string | null; tool_calls?: OpenAiToolCallDelta[] }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string } | string;
}

/** Index-based accumulation of streamed tool calls (servers that omit `index` are matched by id). */
function accumulate(calls: Map<number, PendingCall>, part: OpenAiToolCallDelta, position: number): void {
  let index = part.index;
  if (index === undefined) {
    const byId = part.id === undefined ? undefined : [...calls].find(([, call]) => call.id === part.id)?.[0];
    index = byId ?? (part.id !== undefined ? calls.size : Math.max(position, calls.size - 1));
  }
  let call = calls.get(index);
  if (!call) {
    call = { id: '', name: '', args: '' };
    calls.set(index, call);
  }
  if (part.id && !call.id) call.id = part.id;
  const name = part.function?.name;
  // OpenAI sends the name once; some servers repeat it in every delta.
  if (name && name !== call.name) call.name += name;
  if (part.function?.arguments) call.args += part.function.arguments;
}

function mapFinish(finish: string | undefined, hadCalls: boolean): StopReason {
  if (hadCalls) return 'tool_use';
  switch (finish) {
    case 'stop':
      return 'end_turn';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'length':
      return 'max_tokens';
    case 'content_filter':
      return 'refusal';
    default:
      return finish === undefined ? 'end_turn' : 'other';
  }
}

function isOpenAiItself(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}
