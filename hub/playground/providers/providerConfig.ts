// A Playground provider's stored config, as a zod schema. A module of its own that ProviderStore loads
// on first use: the hub builds the Playground at start-up but reads no provider then, and building
// the schema (with zod) would cost `patchbay serve` tens of milliseconds of its cold start.
import { z } from 'zod';
import { ProviderBaseUrlSchema } from '../../../shared/api/playground';

export const ProviderConfigSchema = z
  .object({
    id: z.string().min(1).max(64),
    label: z.string().max(100).optional(),
    kind: z.enum(['openai', 'anthropic']),
    baseUrl: ProviderBaseUrlSchema,
    /** The SecretStore key holding the API key; absent for servers without keys (Ollama, LM Studio). */
    apiKeySecret: z.string().min(1).max(128).optional(),
    defaultModel: z.string().max(200).optional(),
    /** Extra non-secret headers, e.g. OpenRouter's HTTP-Referer and X-Title. */
    headers: z.record(z.string(), z.string().max(1000)).optional(),
  })
  .strict();
export type ProviderConfig = z.infer<typeof ProviderConfigSchema>;
