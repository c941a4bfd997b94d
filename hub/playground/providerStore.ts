// The Playground's LLM providers: configs in the settings table (never a key), API keys in the
// SecretStore under `playground/provider/<id>/key`. Read fresh on every call, so the CLI and a
// running hub see each other's changes. The configs' schema (zod) loads on the first read: the hub
// builds this store at start-up, and building zod schemas there costs `patchbay serve` tens of
// milliseconds; so reading is async.
import type { PlaygroundProviderInput, PlaygroundProviderPreset, PlaygroundProviderView } from '../../shared/api';
import type { Clock } from '../core/clock';
import { HubError } from '../core/errors';
import type { Logger } from '../core/logger';
import { parseApiInput } from '../core/validate';
import type { SecretStore } from '../secrets/secretStore';
import type { SettingsRepo } from '../store/settingsRepo';
import { createProvider, PROVIDER_PRESETS } from './providers';
import type { FetchLike, ProviderConfig } from './providers';
import type { LlmProvider, ModelInfo } from './types';

export const PROVIDERS_SETTING = 'playground.providers';

export function providerKeySecret(id: string): string {
  return `playground/provider/${id}/key`;
}

export interface ProviderStoreDeps {
  settings: SettingsRepo;
  secrets: SecretStore;
  logger: Logger;
  clock?: Clock;
  /** Tests may pass their own fetch; default the global one. */
  fetch?: FetchLike;
}

export class ProviderStore {
  constructor(private readonly deps: ProviderStoreDeps) {}

  presets(): readonly PlaygroundProviderPreset[] {
    return PROVIDER_PRESETS;
  }

  async list(): Promise<PlaygroundProviderView[]> {
    return (await this.configs()).map(view);
  }

  /** The stored config; NOT_FOUND with a hint when there is none. */
  async get(id: string): Promise<ProviderConfig> {
    const configs = await this.configs();
    const config = configs.find((item) => item.id === id);
    if (!config) {
      const known = configs.map((item) => item.id);
      throw new HubError(
        'NOT_FOUND',
        `There is no Playground provider "${id}". ${known.length ? `Known providers: ${known.join(', ')}.` : 'Add one first (Playground settings, or `patchbay chat providers add ID --kind openai --base-url URL --key-stdin`).'}`,
      );
    }
    return config;
  }

  /** Creates or replaces a provider. A new `apiKey` replaces the stored one; `clearKey` removes it. */
  async save(raw: PlaygroundProviderInput): Promise<PlaygroundProviderView> {
    const input = await parseApiInput('PlaygroundProviderInputSchema', raw, 'provider');
    const { ProviderConfigSchema } = await import('./providers/providerConfig');
    const existing = (await this.configs()).find((item) => item.id === input.id);
    const secret = providerKeySecret(input.id);
    let apiKeySecret = existing?.apiKeySecret;
    if (input.clearKey) {
      await this.deps.secrets.delete(secret);
      apiKeySecret = undefined;
    }
    if (input.apiKey !== undefined) {
      await this.deps.secrets.set(secret, input.apiKey);
      apiKeySecret = secret;
    }
    const config: ProviderConfig = ProviderConfigSchema.parse({
      id: input.id,
      kind: input.kind,
      baseUrl: input.baseUrl,
      ...(input.label !== undefined ? { label: input.label } : {}),
      ...(input.defaultModel !== undefined ? { defaultModel: input.defaultModel } : {}),
      ...(input.headers !== undefined ? { headers: input.headers } : {}),
      ...(apiKeySecret !== undefined ? { apiKeySecret } : {}),
    });
    const others = (await this.configs()).filter((item) => item.id !== input.id);
    this.write([...others, config].sort((a, b) => a.id.localeCompare(b.id)));
    return view(config);
  }

  /** Removes the provider and its key. */
  async remove(id: string): Promise<PlaygroundProviderView> {
    const config = await this.get(id);
    await this.deps.secrets.delete(providerKeySecret(id));
    this.write((await this.configs()).filter((item) => item.id !== id));
    return view(config);
  }

  /** A live provider for `id` (its key is read from the SecretStore on each request). */
  async provider(id: string): Promise<LlmProvider> {
    return this.providerFor(await this.get(id));
  }

  /** A live provider for a config read with `get`. */
  providerFor(config: ProviderConfig): LlmProvider {
    return createProvider(config, {
      getSecret: (key) => this.deps.secrets.get(key),
      logger: this.deps.logger,
      ...(this.deps.clock ? { clock: this.deps.clock } : {}),
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
    });
  }

  async models(id: string, signal?: AbortSignal): Promise<ModelInfo[]> {
    return (await this.provider(id)).listModels(signal);
  }

  private async configs(): Promise<ProviderConfig[]> {
    const stored = this.deps.settings.get<unknown>(PROVIDERS_SETTING);
    if (!Array.isArray(stored)) return [];
    const { ProviderConfigSchema } = await import('./providers/providerConfig');
    const out: ProviderConfig[] = [];
    for (const item of stored) {
      const parsed = ProviderConfigSchema.safeParse(item);
      if (parsed.success) out.push(parsed.data);
      else this.deps.logger.warn('ignoring a stored Playground provider that is not valid', { id: (item as { id?: unknown } | null)?.id });
    }
    return out;
  }

  private write(configs: ProviderConfig[]): void {
    this.deps.settings.set(PROVIDERS_SETTING, configs);
  }
}

function view(config: ProviderConfig): PlaygroundProviderView {
  return {
    id: config.id,
    kind: config.kind,
    baseUrl: config.baseUrl,
    headers: config.headers ?? {},
    hasKey: config.apiKeySecret !== undefined,
    ...(config.label !== undefined ? { label: config.label } : {}),
    ...(config.defaultModel !== undefined ? { defaultModel: config.defaultModel } : {}),
  };
}
