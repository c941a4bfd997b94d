// The Playground's tool-calling chat loop: stream the model, run the tool calls it makes through
// the hub (in parallel, after approval when asked), send the results back, and repeat until the
// model answers without tool calls or the round limit is reached. Aborting `signal` stops it all:
// the model request is cancelled and so are in-flight tool calls (the executor gets the signal).
import type { HubErrorCode } from '../../shared/errors';
import type { ToolResult } from '../../shared/types';
import { errorMessage, toHubError } from '../core/errors';
import type { Logger } from '../core/logger';
import { silentLogger } from '../core/logger';
import { ToolNameMap } from './toolSchema';
import { toModelContent } from './toolResult';
import type {
  AssistantMessage,
  ChatMessage,
  ChatOutcome,
  ChatToolCall,
  ChatTranscript,
  LlmProvider,
  PlaygroundEvent,
  PlaygroundTool,
  TokenUsage,
  ToolCallInfo,
  ToolCard,
  ToolExecutor,
  ToolMessage,
} from './types';

export const DEFAULT_MAX_ROUNDS = 8;
/** Tool output longer than this is cut before it goes to the model (the card keeps all of it). */
export const DEFAULT_MAX_TOOL_RESULT_CHARS = 100_000;

export interface RunChatOptions {
  provider: LlmProvider;
  model: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  /** The conversation so far, ending with the user's new message. */
  messages: ChatMessage[];
  tools: PlaygroundTool[];
  executor: ToolExecutor;
  /** Asked before each tool call; absent = every call is approved. */
  approve?: (call: ToolCallInfo, signal: AbortSignal) => Promise<boolean>;
  /** Model turns that may call tools (default 8). */
  maxRounds?: number;
  signal: AbortSignal;
  onEvent: (event: PlaygroundEvent) => void;
  maxToolResultChars?: number;
  now?: () => number;
  logger?: Logger;
}

interface RoundResult {
  text: string;
  calls: Array<ChatToolCall & { invalidArguments?: string }>;
  error?: { code: HubErrorCode; message: string };
  truncated: boolean;
}

export async function runChat(options: RunChatOptions): Promise<ChatTranscript> {
  const { signal } = options;
  const maxRounds = Math.max(1, options.maxRounds ?? DEFAULT_MAX_ROUNDS);
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const messages = [...options.messages];
  const newMessages: ChatMessage[] = [];
  const usage: TokenUsage = {};
  let rounds = 0;

  const emit = (event: PlaygroundEvent): void => {
    try {
      options.onEvent(event);
    } catch (error) {
      logger.warn('playground event listener failed', { error: errorMessage(error) });
    }
  };
  const append = (message: ChatMessage): void => {
    messages.push(message);
    newMessages.push(message);
    emit({ type: 'message', message });
  };
  const finish = (outcome: ChatOutcome, extra: { error?: { code: HubErrorCode; message: string }; notice?: string } = {}): ChatTranscript => {
    if (extra.notice) emit({ type: 'notice', message: extra.notice });
    if (extra.error) emit({ type: 'error', ...extra.error });
    emit({ type: 'done', outcome, usage });
    return { messages, newMessages, outcome, rounds, usage, model: options.model, ...extra };
  };

  let names: ToolNameMap;
  try {
    names = new ToolNameMap(options.tools);
  } catch (error) {
    const hub = toHubError(error);
    return finish('error', { error: { code: hub.code, message: hub.message } });
  }
  const chatTools = names.chatTools();

  for (;;) {
    rounds += 1;
    const round = rounds;
    emit({ type: 'round', round });
    const result = await streamRound(options, messages, chatTools, usage, emit);
    const calls: ChatToolCall[] = result.calls.map((call) => {
      const tool = names.fromProvider(call.name);
      return { id: call.id, name: call.name, arguments: call.arguments, ...(tool ? { server: tool.server, tool: tool.name } : {}) };
    });
    if (signal.aborted) {
      if (result.text !== '') append({ role: 'assistant', content: result.text });
      return finish('stopped');
    }
    if (result.error) {
      if (result.text !== '') append({ role: 'assistant', content: result.text });
      return finish('error', { error: result.error });
    }
    const assistant: AssistantMessage = { role: 'assistant', content: result.text, ...(calls.length > 0 ? { toolCalls: calls } : {}) };
    append(assistant);
    if (calls.length === 0) {
      return finish('completed', result.truncated ? { notice: 'The answer was cut off at the token limit. Raise "max tokens" or ask the model to continue.' } : {});
    }

    const outputs = await Promise.all(result.calls.map((call) => runToolCall(options, names, call, round, now, emit)));
    for (const output of outputs) append(output);
    if (signal.aborted) return finish('stopped');
    if (round >= maxRounds) {
      return finish('max_rounds', {
        notice: `Stopped after ${maxRounds} rounds of tool calls, the limit for one message. The last tool results are in the conversation: send a message (e.g. "continue") to let the model go on, or raise the round limit.`,
      });
    }
  }
}

async function streamRound(
  options: RunChatOptions,
  messages: ChatMessage[],
  tools: ReturnType<ToolNameMap['chatTools']>,
  usage: TokenUsage,
  emit: (event: PlaygroundEvent) => void,
): Promise<RoundResult> {
  const out: RoundResult = { text: '', calls: [], truncated: false };
  let finished = false;
  try {
    const stream = options.provider.stream(
      {
        model: options.model,
        messages,
        ...(options.system ? { system: options.system } : {}),
        ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
        ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
        ...(tools.length > 0 ? { tools } : {}),
      },
      options.signal,
    );
    for await (const event of stream) {
      if (event.type === 'text') {
        out.text += event.delta;
        emit({ type: 'text', delta: event.delta });
      } else if (event.type === 'tool_call') {
        out.calls.push({
          id: event.id,
          name: event.name,
          arguments: event.arguments,
          ...(event.invalidArguments !== undefined ? { invalidArguments: event.invalidArguments } : {}),
        });
      } else if (event.type === 'done') {
        finished = true;
        out.truncated = event.stopReason === 'max_tokens';
        if (event.usage?.inputTokens !== undefined) usage.inputTokens = (usage.inputTokens ?? 0) + event.usage.inputTokens;
        if (event.usage?.outputTokens !== undefined) usage.outputTokens = (usage.outputTokens ?? 0) + event.usage.outputTokens;
      } else {
        out.error = { code: event.code, message: event.message };
        break;
      }
      if (options.signal.aborted) break;
    }
  } catch (error) {
    const hub = toHubError(error, 'UPSTREAM_ERROR');
    out.error = { code: hub.code, message: hub.message };
  }
  if (!finished && !out.error && !options.signal.aborted) {
    out.error = { code: 'UPSTREAM_ERROR', message: 'The model stream ended without finishing. Try again.' };
  }
  return out;
}

async function runToolCall(
  options: RunChatOptions,
  names: ToolNameMap,
  call: ChatToolCall & { invalidArguments?: string },
  round: number,
  now: () => number,
  emit: (event: PlaygroundEvent) => void,
): Promise<ToolMessage> {
  const { signal } = options;
  const tool = names.fromProvider(call.name);
  const card: ToolCard = { id: call.id, round, server: tool?.server ?? '', tool: tool?.name ?? call.name, arguments: call.arguments, status: 'running' };
  const base = { role: 'tool' as const, toolCallId: call.id, name: call.name, ...(tool ? { server: tool.server, tool: tool.name } : {}) };
  const settle = (status: ToolMessage['status'], reason: string, modelText: string, durationMs?: number): ToolMessage => {
    const final: ToolCard = { ...card, status, error: reason, ...(durationMs !== undefined ? { durationMs } : {}) };
    emit({ type: 'tool_card', card: final });
    return { ...base, content: modelText, isError: true, status, ...(durationMs !== undefined ? { durationMs } : {}) };
  };
  const stoppedText = 'The user stopped this call before it finished.';

  if (!tool) {
    const reason = `The model asked for a tool that is not offered: "${call.name}".`;
    return settle('error', reason, `${reason} Use one of the tools you were given.`);
  }
  if (call.invalidArguments !== undefined) {
    const reason = 'The model sent arguments that are not a JSON object.';
    return settle('error', reason, `${reason} Call the tool again with a JSON object that matches its input schema.`);
  }
  const info: ToolCallInfo = { id: call.id, server: tool.server, tool: tool.name, arguments: call.arguments };

  if (options.approve) {
    emit({ type: 'tool_card', card: { ...card, status: 'awaiting_approval' } });
    let approved: boolean;
    try {
      approved = await untilAborted(options.approve(info, signal), signal);
    } catch (error) {
      if (signal.aborted) return settle('cancelled', 'Stopped before approval.', stoppedText);
      return settle('error', `Asking for approval failed: ${errorMessage(error)}`, 'The call could not be approved, so it was not made.');
    }
    if (!approved) return settle('denied', 'The user denied this call.', 'The user denied this tool call. Do not retry it unless the user asks.');
  }
  if (signal.aborted) return settle('cancelled', 'Stopped before the call started.', stoppedText);

  emit({ type: 'tool_card', card: { ...card, status: 'running' } });
  const started = now();
  let result: ToolResult;
  try {
    result = await untilAborted(options.executor.callTool(tool.server, tool.name, call.arguments, signal), signal);
  } catch (error) {
    const durationMs = now() - started;
    if (signal.aborted) return settle('cancelled', 'Stopped while the call was running.', stoppedText, durationMs);
    const reason = errorMessage(error);
    return settle('error', reason, `The tool call failed: ${reason}`, durationMs);
  }
  const durationMs = now() - started;
  const content = toModelContent(result);
  const status = content.isError ? 'error' : 'done';
  emit({
    type: 'tool_card',
    card: {
      ...card,
      status,
      durationMs,
      result: {
        text: content.text,
        images: content.images,
        isError: content.isError,
        ...(result.structuredContent !== undefined ? { structuredContent: result.structuredContent } : {}),
      },
    },
  });
  const max = options.maxToolResultChars ?? DEFAULT_MAX_TOOL_RESULT_CHARS;
  const text = content.text.length > max ? `${content.text.slice(0, max)}\n[… cut: the result had ${content.text.length} characters]` : content.text;
  return {
    ...base,
    content: text,
    ...(content.images.length > 0 ? { images: content.images } : {}),
    isError: content.isError,
    status,
    result,
    durationMs,
  };
}

/** Resolves like `promise`, or rejects as soon as `signal` aborts (the promise is left to settle). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(errorMessage(error)));
      },
    );
  });
}
