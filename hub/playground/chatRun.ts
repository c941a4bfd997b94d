// One running chat: the chat loop plus what the outside world does to it while it runs — approve
// or deny tool calls (approval mode "ask"), Stop — and the conversation it is saved into. Every
// message the loop appends is stored at once, so a stop or a crash keeps what happened so far.
import type { PlaygroundRunView } from '../../shared/api';
import type { ApprovalMode, ChatMessage, PlaygroundStreamEvent, ToolCard } from '../../shared/playground';
import type { Clock } from '../core/clock';
import { errorMessage, HubError } from '../core/errors';
import type { Logger } from '../core/logger';
import { runChat } from './chatLoop';
import type { ConversationRepo } from './conversationRepo';
import type { ChatTranscript, LlmProvider, PlaygroundTool, ToolCallInfo, ToolExecutor } from './types';

export interface ChatRunOptions {
  id: string;
  conversationId: string;
  title: string;
  providerId: string;
  provider: LlmProvider;
  model: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  maxRounds?: number;
  approval: ApprovalMode;
  /** The conversation so far, ending with the user's new message (already stored). */
  messages: ChatMessage[];
  tools: PlaygroundTool[];
  executor: ToolExecutor;
  conversations: ConversationRepo;
  clock: Clock;
  logger: Logger;
  onEvent: (event: PlaygroundStreamEvent) => void;
}

interface PendingApproval {
  resolve(approved: boolean): void;
}

export class ChatRun {
  readonly id: string;
  readonly conversationId: string;
  readonly done: Promise<ChatTranscript>;
  private readonly controller = new AbortController();
  private readonly pending = new Map<string, PendingApproval>();
  private readonly cards = new Map<string, ToolCard>();
  private readonly startedAt: string;

  constructor(private readonly options: ChatRunOptions) {
    this.id = options.id;
    this.conversationId = options.conversationId;
    this.startedAt = new Date(options.clock.now()).toISOString();
    const signal = this.controller.signal;
    signal.addEventListener('abort', () => {
      for (const entry of this.pending.values()) entry.resolve(false);
      this.pending.clear();
    });

    this.emit({ type: 'run', runId: options.id, conversationId: options.conversationId, title: options.title });
    this.done = runChat({
      provider: options.provider,
      model: options.model,
      messages: options.messages,
      tools: options.tools,
      executor: options.executor,
      signal,
      now: () => options.clock.now(),
      logger: options.logger,
      ...(options.system !== undefined ? { system: options.system } : {}),
      ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
      ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
      ...(options.maxRounds !== undefined ? { maxRounds: options.maxRounds } : {}),
      ...(options.approval === 'ask' ? { approve: (call: ToolCallInfo, callSignal: AbortSignal) => this.ask(call, callSignal) } : {}),
      onEvent: (event) => {
        if (event.type === 'message') this.save(event.message);
        if (event.type === 'tool_card') this.cards.set(event.card.id, event.card);
        this.emit(event);
      },
    });
  }

  /** Answers a tool call waiting for approval. */
  approve(callId: string, approved: boolean): void {
    const entry = this.pending.get(callId);
    if (!entry) {
      throw new HubError('NOT_FOUND', `No tool call "${callId}" is waiting for approval in run ${this.id}: it was answered already, or the run stopped. List the running chats (GET /api/playground/runs) to see what waits.`);
    }
    this.pending.delete(callId);
    entry.resolve(approved);
  }

  /** Cancels the model request and the tool calls in flight (they get MCP cancellation upstream). */
  stop(reason = 'Stopped by the user.'): void {
    if (!this.controller.signal.aborted) this.controller.abort(new HubError('CANCELLED', reason));
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  view(): PlaygroundRunView {
    return {
      runId: this.id,
      conversationId: this.conversationId,
      providerId: this.options.providerId,
      model: this.options.model,
      startedAt: this.startedAt,
      pendingApprovals: [...this.pending.keys()].flatMap((id) => {
        const card = this.cards.get(id);
        return card ? [card] : [];
      }),
    };
  }

  private ask(call: ToolCallInfo, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => this.pending.set(call.id, { resolve }));
  }

  private save(message: ChatMessage): void {
    try {
      this.options.conversations.append(this.conversationId, [message]);
    } catch (error) {
      this.options.logger.error(`saving a Playground message failed: ${errorMessage(error)}`, { conversationId: this.conversationId });
    }
  }

  private emit(event: PlaygroundStreamEvent): void {
    try {
      this.options.onEvent(event);
    } catch (error) {
      this.options.logger.warn(`a Playground event listener failed: ${errorMessage(error)}`);
    }
  }
}
