// The Playground: LLM providers, the tool-calling chat loop, conversation export and storage.
export * from './types';
export { runChat, DEFAULT_MAX_ROUNDS, DEFAULT_MAX_TOOL_RESULT_CHARS } from './chatLoop';
export type { RunChatOptions } from './chatLoop';
export {
  createProvider,
  PROVIDER_PRESETS,
  OpenAiProvider,
  AnthropicProvider,
  ANTHROPIC_VERSION,
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  toOpenAiMessages,
  toAnthropicMessages,
} from './providers';
export type { ProviderConfig, ProviderDeps, FetchLike } from './providers';
export { ProviderConfigSchema } from './providers/providerConfig';
export { providerToolName, ToolNameMap, normalizeInputSchema, toOpenAiTool, toAnthropicTool, PROVIDER_TOOL_NAME_PATTERN } from './toolSchema';
export { toModelContent } from './toolResult';
export type { ModelToolContent } from './toolResult';
export { toMarkdown, toJson, EXPORT_FORMAT, EXPORT_VERSION } from './transcriptExport';
export type { ExportableConversation } from './transcriptExport';
export { conversationMigration } from './conversationMigration';
export { ConversationRepo, titleFromText, DEFAULT_CONVERSATION_TITLE } from './conversationRepo';
export type { Conversation, ConversationSettings, ConversationSummary, ConversationRepoOptions } from './conversationRepo';
