// The Playground's own vocabulary: provider-neutral chat messages, the events a provider streams,
// and the events / transcript the chat loop produces. Plain data only (stored as JSON in SQLite
// and sent to the UI as is).
import type { HubErrorCode } from '../../shared/errors';
import type { JsonObject, ToolResult } from '../../shared/types';

export type ProviderKind = 'openai' | 'anthropic';

/** An image as the model sees it (base64, no data: prefix). */
export interface ChatImage {
  mimeType: string;
  data: string;
}

/** A tool call the model made. `name` is the provider-facing name (see toolSchema.ts). */
export interface ChatToolCall {
  id: string;
  name: string;
  arguments: JsonObject;
  /** The MCP identity behind `name`, when the chat loop knew it. */
  server?: string;
  tool?: string;
}

export interface UserMessage {
  role: 'user';
  content: string;
}

export interface AssistantMessage {
  role: 'assistant';
  content: string;
  toolCalls?: ChatToolCall[];
}

export type ToolCallStatus = 'awaiting_approval' | 'running' | 'done' | 'error' | 'denied' | 'cancelled';

/** The result of one tool call as it goes back to the model (and is kept in the transcript). */
export interface ToolMessage {
  role: 'tool';
  toolCallId: string;
  /** Provider-facing tool name, as in the assistant's call. */
  name: string;
  server?: string;
  tool?: string;
  /** What the model reads: text blocks concatenated, structured content as JSON, notes for media. */
  content: string;
  /** Images from the result; passed as image blocks where the provider supports them (Anthropic). */
  images?: ChatImage[];
  isError: boolean;
  status: Exclude<ToolCallStatus, 'awaiting_approval' | 'running'>;
  /** The MCP result as the server returned it (for the UI's tool card). */
  result?: ToolResult;
  durationMs?: number;
}

export type ChatMessage = UserMessage | AssistantMessage | ToolMessage;

/** A tool offered to the model, already under its provider-facing name. */
export interface ChatTool {
  name: string;
  description?: string;
  inputSchema: JsonObject;
}

export interface ChatRequest {
  model: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  messages: ChatMessage[];
  tools?: ChatTool[];
}

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'refusal' | 'other';

export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
}

export type ChatEvent =
  | { type: 'text'; delta: string }
  | {
      type: 'tool_call';
      id: string;
      name: string;
      arguments: JsonObject;
      /** Set when the model's argument text was not a JSON object; `arguments` is then `{}`. */
      invalidArguments?: string;
    }
  | { type: 'done'; stopReason: StopReason; rawStopReason?: string; usage?: TokenUsage }
  | { type: 'error'; code: HubErrorCode; message: string; status?: number };

export interface ModelInfo {
  id: string;
  label?: string;
}

export interface LlmProvider {
  readonly kind: ProviderKind;
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /** Never throws: failures (HTTP, stream, cancellation) end the stream with an `error` event. */
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatEvent>;
}

// ---- the chat loop ------------------------------------------------------------------------------

/** One MCP tool the user made available in the Playground. */
export interface PlaygroundTool {
  server: string;
  name: string;
  description?: string;
  inputSchema: JsonObject;
}

export interface ToolExecutor {
  /** Aborting `signal` must cancel the call (the hub turns it into MCP cancellation upstream). */
  callTool(server: string, tool: string, args: JsonObject, signal: AbortSignal): Promise<ToolResult>;
}

/** What `approve` is asked about. */
export interface ToolCallInfo {
  id: string;
  server: string;
  tool: string;
  arguments: JsonObject;
}

/** The UI's card for one tool call; emitted again on each status change. */
export interface ToolCard {
  id: string;
  round: number;
  server: string;
  tool: string;
  arguments: JsonObject;
  status: ToolCallStatus;
  result?: {
    text: string;
    images: ChatImage[];
    structuredContent?: unknown;
    isError: boolean;
  };
  /** Why the call failed / was not made (status error, denied, cancelled). */
  error?: string;
  durationMs?: number;
}

export type ChatOutcome = 'completed' | 'max_rounds' | 'stopped' | 'error';

export type PlaygroundEvent =
  | { type: 'round'; round: number }
  | { type: 'text'; delta: string }
  | { type: 'tool_card'; card: ToolCard }
  /** A message was appended to the conversation (assistant turn, tool result). */
  | { type: 'message'; message: ChatMessage }
  /** Something the user should read that is not the model's text (e.g. the round limit). */
  | { type: 'notice'; message: string }
  | { type: 'error'; code: HubErrorCode; message: string }
  | { type: 'done'; outcome: ChatOutcome; usage: TokenUsage };

export interface ChatTranscript {
  /** The whole conversation: the messages passed in plus the new ones. */
  messages: ChatMessage[];
  /** Only the messages this run added (what to append to a stored conversation). */
  newMessages: ChatMessage[];
  outcome: ChatOutcome;
  rounds: number;
  usage: TokenUsage;
  error?: { code: HubErrorCode; message: string };
  notice?: string;
  model: string;
}
