// The Playground's own vocabulary: provider-neutral chat messages, the events a provider streams,
// and the events / transcript the chat loop produces. Plain data only (stored as JSON in SQLite
// and sent to the UI as is).
import type { HubErrorCode } from '../../shared/errors';
import type { ChatMessage, ChatOutcome, ModelInfo, ProviderKind, TokenUsage } from '../../shared/playground';
import type { JsonObject, ToolResult } from '../../shared/types';

// The wire types (messages, tool cards, events, conversations) live in shared/ for the renderer.
export type {
  ApprovalMode,
  AssistantMessage,
  ChatImage,
  ChatMessage,
  ChatOutcome,
  ChatToolCall,
  ModelInfo,
  PlaygroundEvent,
  PlaygroundStreamEvent,
  ProviderKind,
  TokenUsage,
  ToolCallStatus,
  ToolCard,
  ToolMessage,
  ToolSelection,
  UserMessage,
} from '../../shared/playground';

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
