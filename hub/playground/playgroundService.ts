// The Playground inside the hub: providers, the tools of the hub's servers, chat runs (with
// approval and Stop), stored conversations and their export, and the direct tool runner. The admin
// API (hub/serve/routes/playgroundRoutes.ts) and `patchbay chat` both go through this.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { PlaygroundCallInput, PlaygroundCallResult, PlaygroundChatInput, PlaygroundConversationPatch, PlaygroundRunView } from '../../shared/api';
import type { ConversationSettings, ConversationSummary, PlaygroundStreamEvent } from '../../shared/playground';
import type { Aggregator } from '../aggregate/aggregator';
import type { Clock } from '../core/clock';
import { systemClock } from '../core/clock';
import { errorMessage, HubError } from '../core/errors';
import type { Logger } from '../core/logger';
import { parseApiInput } from '../core/validate';
import type { SecretStore } from '../secrets/secretStore';
import type { Principal } from '../serve/downstreamServer';
import type { SettingsRepo } from '../store/settingsRepo';
import type { ConnectionState } from '../../shared/types';
import { ChatRun } from './chatRun';
import { ConversationRepo } from './conversationRepo';
import { HubTools } from './hubTools';
import { ProviderStore } from './providerStore';
import type { FetchLike } from './providers';
import { ToolNameMap } from './toolSchema';
import { toJson, toMarkdown } from './transcriptExport';
import type { AuditLog } from '../access/auditLog';
import type { View } from '../aggregate/views';

export interface PlaygroundServiceDeps {
  db: Database;
  settings: SettingsRepo;
  secrets: SecretStore;
  aggregator: Aggregator;
  enabledServers(): string[];
  state(server: string): ConnectionState;
  /** How `/mcp/NAME` resolves for a caller (servers, virtual servers, access); default: enabled servers only. */
  resolveView?(principal: Principal, name: string): View | undefined;
  /** Tool calls are recorded here, as the playground face. */
  audit?: Pick<AuditLog, 'record'>;
  logger: Logger;
  clock?: Clock;
  fetch?: FetchLike;
}

export interface ConversationExport {
  contentType: string;
  filename: string;
  body: string;
}

export class PlaygroundService {
  readonly providers: ProviderStore;
  readonly conversations: ConversationRepo;
  readonly tools: HubTools;
  private readonly runs = new Map<string, ChatRun>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private disposed = false;

  constructor(deps: PlaygroundServiceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger;
    this.providers = new ProviderStore({ settings: deps.settings, secrets: deps.secrets, logger: deps.logger, clock: this.clock, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    this.conversations = new ConversationRepo(deps.db, { now: () => new Date(this.clock.now()) });
    this.tools = new HubTools({ aggregator: deps.aggregator, enabledServers: () => deps.enabledServers(), state: (server) => deps.state(server), resolveView: deps.resolveView, audit: deps.audit });
  }

  /**
   * Starts a chat run for one user message. Everything that can be wrong with the request (bad
   * input, unknown provider, conversation, server or tool) throws here, before any event; then
   * `onEvent` gets `run` first and `done` last. The run is saved into its conversation as it goes.
   */
  async startChat(principal: Principal, raw: PlaygroundChatInput, onEvent: (event: PlaygroundStreamEvent) => void): Promise<ChatRun> {
    if (this.disposed) throw new HubError('UPSTREAM_UNAVAILABLE', 'The hub is shutting down. Try again once it is back.');
    const input = await parseApiInput('PlaygroundChatSchema', raw, 'chat request');
    const providerConfig = await this.providers.get(input.providerId);
    const model = input.model ?? providerConfig.defaultModel;
    if (!model) {
      throw new HubError('VALIDATION_FAILED', `No model given, and provider "${input.providerId}" has no default model. Pick a model (the provider's model list helps), or set a default model on the provider.`);
    }
    const existing = input.conversationId !== undefined ? this.conversations.get(input.conversationId) : undefined;
    if (input.conversationId !== undefined && !existing) {
      throw new HubError('NOT_FOUND', `There is no Playground conversation with id "${input.conversationId}". Start a new one (leave conversationId out), or list the conversations to find it.`);
    }
    const tools = await this.tools.resolve(principal, input.selection);
    new ToolNameMap(tools); // throws TOOL_NAME_COLLISION now, as a request error, not mid-run

    const settings: ConversationSettings = {
      providerId: input.providerId,
      model,
      approval: input.approval,
      selection: input.selection,
      ...(input.system !== undefined ? { system: input.system } : {}),
      ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
      ...(input.maxTokens !== undefined ? { maxTokens: input.maxTokens } : {}),
      ...(input.maxRounds !== undefined ? { maxRounds: input.maxRounds } : {}),
    };
    let summary: ConversationSummary = existing ? this.conversations.updateSettings(existing.id, settings) : this.conversations.create({ settings });
    summary = this.conversations.append(summary.id, [{ role: 'user', content: input.message }]);

    const run = new ChatRun({
      id: randomUUID(),
      conversationId: summary.id,
      title: summary.title,
      providerId: input.providerId,
      provider: this.providers.providerFor(providerConfig),
      model,
      approval: input.approval,
      messages: [...(existing?.messages ?? []), { role: 'user', content: input.message }],
      tools,
      executor: this.tools.executor(principal),
      conversations: this.conversations,
      clock: this.clock,
      logger: this.logger.child({ component: 'playground-run' }),
      onEvent,
      ...(input.system !== undefined ? { system: input.system } : {}),
      ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
      ...(input.maxTokens !== undefined ? { maxTokens: input.maxTokens } : {}),
      ...(input.maxRounds !== undefined ? { maxRounds: input.maxRounds } : {}),
    });
    this.runs.set(run.id, run);
    run.done.then(
      () => this.runs.delete(run.id),
      (error: unknown) => {
        this.runs.delete(run.id);
        this.logger.error(`a Playground run failed: ${errorMessage(error)}`, { runId: run.id });
      },
    );
    return run;
  }

  run(id: string): ChatRun {
    const run = this.runs.get(id);
    if (!run) throw new HubError('NOT_FOUND', `No running Playground chat with id "${id}": it has finished or was stopped.`);
    return run;
  }

  listRuns(): PlaygroundRunView[] {
    return [...this.runs.values()].map((run) => run.view());
  }

  /** The direct tool runner: one call, no LLM. Aborting `signal` cancels it upstream. */
  async callTool(principal: Principal, raw: PlaygroundCallInput, signal?: AbortSignal): Promise<PlaygroundCallResult> {
    const input = await parseApiInput('PlaygroundCallSchema', raw, 'tool call');
    const started = this.clock.now();
    const result = await this.tools.call(principal, input.server, input.tool, input.arguments, signal);
    return { result, durationMs: this.clock.now() - started };
  }

  async createConversation(raw: unknown): Promise<ConversationSummary> {
    const input = await parseApiInput('PlaygroundConversationCreateSchema', raw ?? {}, 'conversation');
    return this.conversations.create({ ...(input.title !== undefined ? { title: input.title } : {}), ...(input.settings ? { settings: input.settings } : {}) });
  }

  getConversation(id: string) {
    const conversation = this.conversations.get(id);
    if (!conversation) throw notFound(id);
    return conversation;
  }

  async updateConversation(id: string, raw: PlaygroundConversationPatch): Promise<ConversationSummary> {
    const input = await parseApiInput('PlaygroundConversationPatchSchema', raw ?? {}, 'conversation update');
    let summary = this.getConversation(id) as ConversationSummary;
    if (input.title !== undefined) summary = this.conversations.rename(id, input.title);
    if (input.settings !== undefined) summary = this.conversations.updateSettings(id, input.settings);
    return summary;
  }

  deleteConversation(id: string): { id: string; deleted: true } {
    for (const run of this.runs.values()) if (run.conversationId === id) run.stop('The conversation was deleted.');
    if (!this.conversations.delete(id)) throw notFound(id);
    return { id, deleted: true };
  }

  exportConversation(id: string, format: string): ConversationExport {
    const conversation = this.getConversation(id);
    const exported = { title: conversation.title, messages: conversation.messages, exportedAt: new Date(this.clock.now()).toISOString(), ...(conversation.settings.model ? { model: conversation.settings.model } : {}) };
    const base = conversation.title.replace(/[^A-Za-z0-9 _-]+/g, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'conversation';
    if (format === 'md' || format === 'markdown') return { contentType: 'text/markdown; charset=utf-8', filename: `${base}.md`, body: toMarkdown(exported) };
    if (format === 'json') return { contentType: 'application/json; charset=utf-8', filename: `${base}.json`, body: toJson(exported) };
    throw new HubError('VALIDATION_FAILED', `Unknown export format "${format}". Use format=md or format=json.`);
  }

  /** Stops every run and waits for them to wind down. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const running = [...this.runs.values()];
    for (const run of running) run.stop('The hub is shutting down.');
    await Promise.all(running.map((run) => run.done.catch(() => undefined)));
  }
}

function notFound(id: string): HubError {
  return new HubError('NOT_FOUND', `There is no Playground conversation with id "${id}". List the conversations (GET /api/playground/conversations) to find it.`);
}
