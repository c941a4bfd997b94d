// Re-exports of the domain types the admin API returns, so renderer code can import them from one place.
export type { ConnectionState, PromptInfo, ResourceInfo, ResourceTemplateInfo, TokenInfo, ToolInfo } from './types';
export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';
