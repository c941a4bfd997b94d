// The Playground: providers, the tool list, chat runs (streamed as Server-Sent Events), approval
// and Stop, stored conversations and the direct tool runner (hub/serve/routes/playgroundRoutes.ts).
import type {
  PlaygroundApproveInput,
  PlaygroundCallInput,
  PlaygroundCallResult,
  PlaygroundChatInput,
  PlaygroundConversationPatch,
  PlaygroundProviderInput,
  PlaygroundProviderPreset,
  PlaygroundProviderView,
  PlaygroundToolGroup,
} from '../../../shared/api';
import type { HubErrorCode } from '../../../shared/errors';
import type { Conversation, ConversationSummary, ModelInfo, PlaygroundStreamEvent } from '../../../shared/playground';
import { SseParser } from '../lib/sse';
import { ApiError, enc, request } from './client';

export const playgroundApi = {
  providers: (signal?: AbortSignal) => request<PlaygroundProviderView[]>('GET', '/playground/providers', undefined, signal),
  presets: (signal?: AbortSignal) => request<PlaygroundProviderPreset[]>('GET', '/playground/provider-presets', undefined, signal),
  saveProvider: (input: PlaygroundProviderInput) => request<PlaygroundProviderView>('POST', '/playground/providers', input),
  removeProvider: (id: string) => request<unknown>('DELETE', `/playground/providers/${enc(id)}`),
  models: (id: string, signal?: AbortSignal) => request<ModelInfo[]>('GET', `/playground/providers/${enc(id)}/models`, undefined, signal),
  tools: (signal?: AbortSignal) => request<PlaygroundToolGroup[]>('GET', '/playground/tools', undefined, signal),
  call: (input: PlaygroundCallInput, signal?: AbortSignal) => request<PlaygroundCallResult>('POST', '/playground/call', input, signal),
  approve: (runId: string, input: PlaygroundApproveInput) => request<{ ok: true }>('POST', `/playground/runs/${enc(runId)}/approve`, input),
  stop: (runId: string) => request<{ ok: true }>('POST', `/playground/runs/${enc(runId)}/stop`),
  conversations: (signal?: AbortSignal) => request<ConversationSummary[]>('GET', '/playground/conversations', undefined, signal),
  conversation: (id: string, signal?: AbortSignal) => request<Conversation>('GET', `/playground/conversations/${enc(id)}`, undefined, signal),
  updateConversation: (id: string, patch: PlaygroundConversationPatch) => request<ConversationSummary>('PATCH', `/playground/conversations/${enc(id)}`, patch),
  deleteConversation: (id: string) => request<unknown>('DELETE', `/playground/conversations/${enc(id)}`),
  exportUrl: (id: string, format: 'md' | 'json') => `/api/playground/conversations/${enc(id)}/export?format=${format}`,
};

/**
 * Starts a chat run and calls `onEvent` for each streamed event until the stream ends. Problems
 * found before the run starts (bad input, unknown provider) come back as a JSON error: thrown as
 * ApiError. Aborting `signal` closes the stream, which the hub treats like Stop.
 */
export async function streamChat(input: PlaygroundChatInput, onEvent: (event: PlaygroundStreamEvent) => void, signal?: AbortSignal): Promise<void> {
  let response: Response;
  try {
    response = await fetch('/api/playground/chat', {
      method: 'POST',
      signal,
      credentials: 'same-origin',
      headers: { Accept: 'text/event-stream', 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('NETWORK', 'Cannot reach the Patchbay hub. Check that it is still running, then send the message again.', 0);
  }
  if (!response.ok || !response.body) {
    const text = await response.text();
    let payload: { error?: { code?: HubErrorCode; message?: string } } | undefined;
    try {
      payload = text ? (JSON.parse(text) as typeof payload) : undefined;
    } catch {
      payload = undefined;
    }
    throw new ApiError(payload?.error?.code ?? 'INTERNAL', payload?.error?.message ?? `The hub answered HTTP ${response.status} to the chat request.`, response.status);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  const emit = (messages: ReturnType<SseParser['feed']>): void => {
    for (const message of messages) {
      try {
        onEvent(JSON.parse(message.data) as PlaygroundStreamEvent);
      } catch (error) {
        if (error instanceof SyntaxError) continue; // a damaged event: skip it, keep reading
        throw error;
      }
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      emit(parser.feed(value));
    }
    emit(parser.flush());
  } finally {
    reader.releaseLock();
  }
}
