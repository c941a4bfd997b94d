// The Playground's data as it crosses the admin API: chat messages, tool cards, the events a chat
// run streams, stored conversations and provider views. Plain data only (the hub stores messages
// as JSON in SQLite and streams events as is; the renderer renders them).
import type { HubErrorCode } from './errors';
import type { JsonObject, ToolResult } from './types';

export type ProviderKind = 'openai' | 'anthropic';

/** An image as the model sees it (base64, no data: prefix). */
export interface ChatImage {
  mimeType: string;
  data: string;
}

/** A tool call the model made. `name` is the provider-facing name (`server__tool`, or a hashed form). */
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

export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
}

export interface ModelInfo {
  id: string;
  label?: string;
}

/** The UI's card for one tool call; emitted again on each status change (same `id`). */
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

/**
 * What `POST /api/playground/chat` streams, one Server-Sent Event each (`event: <type>`,
 * `data: <this object as JSON>`): first `run`, then PlaygroundEvents, last `done`.
 */
export type PlaygroundStreamEvent = { type: 'run'; runId: string; conversationId: string; title: string } | PlaygroundEvent;

/** Which tools a chat offers: every tool of `servers` (servers or virtual servers), or only `tools`. */
export interface ToolSelection {
  servers: string[];
  /** `SERVER/TOOL`, or a bare tool name (matched in every selected server); absent = all tools of `servers`. */
  tools?: string[];
}

export type ApprovalMode = 'auto' | 'ask';

/** What the Playground remembers per conversation. Provider keys are never here. */
export interface ConversationSettings {
  providerId?: string;
  model?: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  maxRounds?: number;
  approval?: ApprovalMode;
  selection?: ToolSelection;
}

export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  settings: ConversationSettings;
  messageCount: number;
}

export interface Conversation extends ConversationSummary {
  messages: ChatMessage[];
}
