// Anthropic Messages API: `POST {base}/v1/messages` (streamed) and `GET {base}/v1/models`.
import type { JsonObject } from '../../../shared/types';
import { HubError, toHubError } from '../../core/errors';
import { toAnthropicTool } from '../toolSchema';
import type { ChatEvent, ChatMessage, ChatRequest, LlmProvider, ModelInfo, StopReason, TokenUsage } from '../types';
import { joinUrl, sendWithRetry } from './http';
import { parseToolArguments, providerErrorEvent, streamFailure, type ProviderRuntime } from './shared';
import { parseSse } from './sse';

export const ANTHROPIC_VERSION = '2023-06-01';
/** The Messages API requires max_tokens; used when the request sets none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

type Block = { type: 'text' } | { type: 'tool_use'; id: string; name: string; json: string } | { type: 'other' };

export class AnthropicProvider implements LlmProvider {
  readonly kind = 'anthropic' as const;

  constructor(private readonly runtime: ProviderRuntime) {}

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const response = await this.send(joinUrl(this.runtime.baseUrl, 'v1/models?limit=1000'), { method: 'GET' }, signal ?? new AbortController().signal);
    const body = (await response.json().catch(() => undefined)) as { data?: unknown } | undefined;
    if (!body || !Array.isArray(body.data)) {
      throw new HubError('UPSTREAM_ERROR', `${this.runtime.label} answered GET /v1/models without a "data" list. Type the model name by hand.`);
    }
    const out: ModelInfo[] = [];
    for (const item of body.data as Array<{ id?: unknown; display_name?: unknown }>) {
      if (typeof item?.id !== 'string') continue;
      out.push(typeof item.display_name === 'string' ? { id: item.id, label: item.display_name } : { id: item.id });
    }
    return out;
  }

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatEvent> {
    let response: Response;
    try {
      response = await this.send(joinUrl(this.runtime.baseUrl, 'v1/messages'), { method: 'POST', body: JSON.stringify(requestBody(request)) }, signal);
    } catch (error) {
      yield providerErrorEvent(error, signal);
      return;
    }
    if (!response.body) {
      yield streamFailure(this.runtime.label, 'the response had no body');
      return;
    }
    const blocks = new Map<number, Block>();
    let stopReason: string | undefined;
    const usage: TokenUsage = {};
    let stopped = false;
    try {
      for await (const message of parseSse(response.body)) {
        let event: AnthropicEvent;
        try {
          event = JSON.parse(message.data) as AnthropicEvent;
        } catch {
          yield streamFailure(this.runtime.label, 'an event was not JSON');
          return;
        }
        const type = event.type ?? message.event;
        if (type === 'message_start') {
          const start = event.message?.usage;
          if (typeof start?.input_tokens === 'number') usage.inputTokens = start.input_tokens;
          if (typeof start?.output_tokens === 'number') usage.outputTokens = start.output_tokens;
        } else if (type === 'content_block_start') {
          const block = event.content_block;
          const index = event.index ?? blocks.size;
          if (block?.type === 'text') {
            blocks.set(index, { type: 'text' });
            if (block.text) yield { type: 'text', delta: block.text };
          } else if (block?.type === 'tool_use') {
            const initial = block.input && Object.keys(block.input).length > 0 ? JSON.stringify(block.input) : '';
            blocks.set(index, { type: 'tool_use', id: block.id ?? `toolu_${index}`, name: block.name ?? '', json: initial });
          } else {
            blocks.set(index, { type: 'other' });
          }
        } else if (type === 'content_block_delta') {
          const block = blocks.get(event.index ?? -1);
          const delta = event.delta;
          if (delta?.type === 'text_delta' && typeof delta.text === 'string' && delta.text !== '') {
            yield { type: 'text', delta: delta.text };
          } else if (delta?.type === 'input_json_delta' && block?.type === 'tool_use') {
            block.json += delta.partial_json ?? '';
          }
        } else if (type === 'content_block_stop') {
          const index = event.index ?? -1;
          const block = blocks.get(index);
          if (block?.type === 'tool_use') {
            blocks.delete(index);
            yield { type: 'tool_call', id: block.id, name: block.name, ...parseToolArguments(block.json) };
          }
        } else if (type === 'message_delta') {
          if (event.delta?.stop_reason) stopReason = event.delta.stop_reason;
          if (typeof event.usage?.output_tokens === 'number') usage.outputTokens = event.usage.output_tokens;
          if (typeof event.usage?.input_tokens === 'number') usage.inputTokens = event.usage.input_tokens;
        } else if (type === 'message_stop') {
          stopped = true;
          break;
        } else if (type === 'error') {
          const text = event.error?.message ?? event.error?.type ?? 'unknown error';
          yield { type: 'error', code: 'UPSTREAM_ERROR', message: `${this.runtime.label} reported an error mid-stream: ${this.runtime.redact(text)}. Try again.` };
          return;
        }
        // `ping` and unknown events are ignored.
      }
    } catch (error) {
      yield signal.aborted ? providerErrorEvent(error, signal) : streamFailure(this.runtime.label, toHubError(error).message);
      return;
    }
    if (signal.aborted) {
      yield providerErrorEvent(undefined, signal);
      return;
    }
    if (!stopped) {
      yield streamFailure(this.runtime.label, 'the stream ended before message_stop');
      return;
    }
    yield {
      type: 'done',
      stopReason: mapStop(stopReason),
      ...(stopReason !== undefined ? { rawStopReason: stopReason } : {}),
      ...(usage.inputTokens !== undefined || usage.outputTokens !== undefined ? { usage } : {}),
    };
  }

  private async send(url: string, init: RequestInit, signal: AbortSignal): Promise<Response> {
    const key = await this.runtime.getKey();
    const headers: Record<string, string> = {
      accept: init.method === 'POST' ? 'text/event-stream' : 'application/json',
      'anthropic-version': ANTHROPIC_VERSION,
      ...this.runtime.headers,
    };
    if (init.method === 'POST') headers['content-type'] = 'application/json';
    if (key) headers['x-api-key'] = key;
    return sendWithRetry(this.runtime.http, url, { ...init, headers, signal }, key);
  }
}

function requestBody(request: ChatRequest): JsonObject {
  const body: JsonObject = {
    model: request.model,
    max_tokens: request.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages: toAnthropicMessages(request.messages),
    stream: true,
  };
  if (request.system) body.system = request.system;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.tools && request.tools.length > 0) body.tools = request.tools.map(toAnthropicTool);
  return body;
}

/** Our messages -> Anthropic's: tool results are user turns of tool_result blocks; same-role turns merge. */
export function toAnthropicMessages(messages: readonly ChatMessage[]): JsonObject[] {
  const out: Array<{ role: 'user' | 'assistant'; content: JsonObject[] }> = [];
  const push = (role: 'user' | 'assistant', blocks: JsonObject[]): void => {
    if (blocks.length === 0) return;
    const last = out[out.length - 1];
    if (last && last.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const message of messages) {
    if (message.role === 'user') {
      push('user', message.content === '' ? [] : [{ type: 'text', text: message.content }]);
    } else if (message.role === 'assistant') {
      const blocks: JsonObject[] = message.content === '' ? [] : [{ type: 'text', text: message.content }];
      for (const call of message.toolCalls ?? []) blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments });
      push('assistant', blocks);
    } else {
      const content: JsonObject[] = [{ type: 'text', text: message.content === '' ? '(no content)' : message.content }];
      for (const image of message.images ?? []) {
        content.push({ type: 'image', source: { type: 'base64', media_type: image.mimeType, data: image.data } });
      }
      push('user', [{ type: 'tool_result', tool_use_id: message.toolCallId, content, ...(message.isError ? { is_error: true } : {}) }]);
    }
  }
  return out;
}

interface AnthropicEvent {
  type?: string;
  index?: number;
  message?: { usage?: { input_tokens?: number; output_tokens?: number } };
  content_block?: { type?: string; text?: string; id?: string; name?: string; input?: JsonObject };
  delta?: { type?: string; text?: string; partial_json?: string; stop_reason?: string };
  usage?: { input_tokens?: number; output_tokens?: number };
  error?: { type?: string; message?: string };
}

function mapStop(reason: string | undefined): StopReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    case undefined:
      return 'end_turn';
    case 'tool_use':
      return 'tool_use';
    case 'max_tokens':
      return 'max_tokens';
    case 'refusal':
      return 'refusal';
    default:
      return 'other';
  }
}
