// Provider configs are plain data (stored by the hub, edited in the UI); the API key lives in the
// SecretStore and is read through the injected `getSecret` on every request.
import type { Clock } from '../../core/clock';
import { systemClock } from '../../core/clock';
import type { Logger } from '../../core/logger';
import { Redactor } from '../../core/redact';
import type { LlmProvider, ProviderKind } from '../types';
import { AnthropicProvider } from './anthropicProvider';
import type { FetchLike } from './http';
import { OpenAiProvider } from './openaiProvider';
import type { ProviderConfig } from './providerConfig';

// ProviderConfigSchema is in ./providerConfig, loaded on first use (it needs zod; start-up does not).
export type { ProviderConfig } from './providerConfig';

/** Starting points for the UI's "add provider" form. */
export const PROVIDER_PRESETS: ReadonlyArray<{ id: string; label: string; kind: ProviderKind; baseUrl: string; needsKey: boolean }> = [
  { id: 'openai', label: 'OpenAI', kind: 'openai', baseUrl: 'https://api.openai.com/v1', needsKey: true },
  { id: 'anthropic', label: 'Anthropic', kind: 'anthropic', baseUrl: 'https://api.anthropic.com', needsKey: true },
  { id: 'openrouter', label: 'OpenRouter', kind: 'openai', baseUrl: 'https://openrouter.ai/api/v1', needsKey: true },
  { id: 'ollama', label: 'Ollama', kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', needsKey: false },
  { id: 'lmstudio', label: 'LM Studio', kind: 'openai', baseUrl: 'http://127.0.0.1:1234/v1', needsKey: false },
];

export interface ProviderDeps {
  getSecret(key: string): Promise<string | undefined>;
  logger: Logger;
  clock?: Clock;
  fetch?: FetchLike;
  /** Attempts in all for 429 / 529 (default 3). */
  maxAttempts?: number;
  /** Longest wait honoured from retry-after (default 60 s). */
  maxRetryDelayMs?: number;
}

export function createProvider(config: ProviderConfig, deps: ProviderDeps): LlmProvider {
  const label = `${config.label ?? config.id} (${config.baseUrl})`;
  const redactor = new Redactor();
  const runtime = {
    label,
    baseUrl: config.baseUrl,
    headers: config.headers ?? {},
    async getKey(): Promise<string | undefined> {
      if (!config.apiKeySecret) return undefined;
      const key = await deps.getSecret(config.apiKeySecret);
      redactor.add(key);
      return key === '' ? undefined : key;
    },
    redact: (text: string) => redactor.redact(text),
    http: {
      label,
      fetch: deps.fetch ?? ((input: string, init: RequestInit) => fetch(input, init)),
      clock: deps.clock ?? systemClock,
      logger: deps.logger.child({ provider: config.id }),
      ...(deps.maxAttempts !== undefined ? { maxAttempts: deps.maxAttempts } : {}),
      ...(deps.maxRetryDelayMs !== undefined ? { maxRetryDelayMs: deps.maxRetryDelayMs } : {}),
    },
  };
  return config.kind === 'anthropic' ? new AnthropicProvider(runtime) : new OpenAiProvider(runtime);
}

export { AnthropicProvider, ANTHROPIC_DEFAULT_MAX_TOKENS, ANTHROPIC_VERSION, toAnthropicMessages } from './anthropicProvider';
export { OpenAiProvider, toOpenAiMessages } from './openaiProvider';
export type { FetchLike } from './http';
export type { ProviderRuntime } from './shared';
