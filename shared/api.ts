// The admin API contract (`/api/...`): zod schemas for every request body, and the response
// types. The hub validates every input with these schemas at the boundary; the renderer uses the
// same types. Errors are `{ error: { code, message } }` (shared/errors.ts).
import { z } from 'zod';
import type { ConnectionState, LogLevelName, TokenInfo, ToolInfo, PromptInfo, ResourceInfo, ResourceTemplateInfo } from './apiTypes';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from './types';
import type { ToolResult } from './types';
import type { ToolCard } from './playground';

export type { ConnectionState, LogLevelName, TokenInfo, ToolInfo, PromptInfo, ResourceInfo, ResourceTemplateInfo };

// ---- inputs ---------------------------------------------------------------------------------------

export const ServerNameSchema = z.string().regex(SERVER_NAME_PATTERN, `Invalid server name: ${SERVER_NAME_RULE}.`);

/**
 * A header or env value as a user gives it:
 * - a plain string: stored as a secret when it looks like one (any header except a few harmless
 *   ones like Accept; env names containing KEY, TOKEN, SECRET, PASSWORD, ...), otherwise as is;
 * - `{ value, secret }` to say explicitly;
 * - `"secret:NAME"` or `{ secretRef: NAME }` to use a secret stored with `patchbay secret set NAME`.
 */
export const InputValueSchema = z.union([
  z.string().max(16_384),
  z.object({ value: z.string().max(16_384), secret: z.boolean().optional() }).strict(),
  z.object({ secretRef: z.string().min(1).max(128) }).strict(),
]);
export type InputValue = z.infer<typeof InputValueSchema>;

const HeaderNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Header names may contain letters, digits and !#$%&\'*+.^_`|~- only.');
const EnvNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Environment variable names start with a letter or _ and contain letters, digits and _ only.');

export const StdioTransportInputSchema = z
  .object({
    type: z.literal('stdio'),
    command: z.string().min(1, 'command is required, e.g. "npx"').max(4096),
    args: z.array(z.string().max(16_384)).max(256).default([]),
    env: z.record(EnvNameSchema, InputValueSchema).default({}),
    cwd: z.string().max(4096).optional(),
  })
  .strict();

export const HttpTransportInputSchema = z
  .object({
    type: z.literal('http'),
    url: z
      .string()
      .url('url must be an absolute http(s) URL, e.g. https://example.com/mcp')
      .refine((value) => /^https?:\/\//i.test(value), 'url must start with http:// or https://'),
    headers: z.record(HeaderNameSchema, InputValueSchema).default({}),
    mode: z.enum(['auto', 'streamable-http', 'sse']).default('auto'),
  })
  .strict();

export const TransportInputSchema = z.discriminatedUnion('type', [StdioTransportInputSchema, HttpTransportInputSchema]);
export type TransportInput = z.infer<typeof TransportInputSchema>;

export const CreateServerSchema = z
  .object({
    name: ServerNameSchema,
    description: z.string().max(2000).optional(),
    enabled: z.boolean().default(true),
    transport: TransportInputSchema,
  })
  .strict();
export type CreateServerInput = z.input<typeof CreateServerSchema>;

export const UpdateServerSchema = z
  .object({
    description: z.string().max(2000).optional(),
    enabled: z.boolean().optional(),
    transport: TransportInputSchema.optional(),
  })
  .strict();
export type UpdateServerInput = z.input<typeof UpdateServerSchema>;

export const CreateTokenSchema = z
  .object({
    name: z.string().min(1, 'token name is required').max(64),
    expiresInDays: z.number().int().positive().max(3650).optional(),
  })
  .strict();
export type CreateTokenInput = z.input<typeof CreateTokenSchema>;

export const CallToolSchema = z
  .object({
    server: ServerNameSchema,
    tool: z.string().min(1).max(256),
    arguments: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type CallToolInput = z.input<typeof CallToolSchema>;

export const LogQuerySchema = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  limit: z.coerce.number().int().positive().max(1000).optional(),
});

// ---- outputs --------------------------------------------------------------------------------------

/** A configured value as the API shows it: secrets are never sent back, only that they are set. */
export type ValueView = { value: string } | { secret: true; ref?: string };

export type TransportView =
  | { type: 'stdio'; command: string; args: string[]; env: Record<string, ValueView>; cwd?: string }
  | { type: 'http'; url: string; headers: Record<string, ValueView>; mode: 'auto' | 'streamable-http' | 'sse' };

export interface ServerView {
  id: string;
  name: string;
  description?: string;
  enabled: boolean;
  transport: TransportView;
  state: ConnectionState;
  /** Number of tools, when the server is running and has listed them. */
  toolCount?: number;
  createdAt: string;
  updatedAt: string;
}

export interface ServerDetail extends ServerView {
  tools: ToolInfo[];
  prompts: PromptInfo[];
  resources: ResourceInfo[];
  resourceTemplates: ResourceTemplateInfo[];
  stderr: string[];
  /** The MCP endpoint of this server alone. */
  endpoint: string;
}

export interface StatusView {
  version: string;
  startedAt: string;
  endpoint: string;
  dataDir: string;
  secretStore: { kind: 'keychain' | 'file'; warning?: string };
  servers: { total: number; running: number; error: number; disabled: number };
}

export interface CreatedToken {
  /** The token itself: shown once, never again. */
  token: string;
  info: TokenInfo;
}

export interface LogEntryView {
  time: string;
  level: LogLevelName;
  message: string;
  fields: Record<string, unknown>;
}

export interface HealthView {
  ok: true;
  version: string;
}

// ---- Playground (issue 7): /api/playground/... --------------------------------------------------
// Wire types of messages, tool cards and stream events are in shared/playground.ts.

export const PROVIDER_ID_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const ProviderIdSchema = z.string().regex(PROVIDER_ID_PATTERN, 'Provider ids use 1-64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. "openai").');
/** A server or virtual server name as the Playground selects it. */
const PlaygroundServerNameSchema = z.string().min(1).max(64);

/** `POST /api/playground/providers`: creates or replaces one provider. The key goes to the SecretStore. */
export const PlaygroundProviderInputSchema = z
  .object({
    id: ProviderIdSchema,
    label: z.string().max(100).optional(),
    kind: z.enum(['openai', 'anthropic']),
    baseUrl: z
      .string()
      .url('baseUrl must be an absolute http(s) URL, e.g. https://api.openai.com/v1')
      .refine((value) => /^https?:\/\//i.test(value), 'baseUrl must start with http:// or https://'),
    defaultModel: z.string().max(200).optional(),
    /** Extra non-secret headers (e.g. OpenRouter's HTTP-Referer). */
    headers: z.record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Invalid header name.'), z.string().max(1000)).optional(),
    /** Write-only: a new API key. Omitted = keep the stored key (if any). */
    apiKey: z.string().min(1).max(4096).optional(),
    /** Remove the stored key (for servers without keys: Ollama, LM Studio). */
    clearKey: z.boolean().optional(),
  })
  .strict();
export type PlaygroundProviderInput = z.input<typeof PlaygroundProviderInputSchema>;

export interface PlaygroundProviderView {
  id: string;
  label?: string;
  kind: 'openai' | 'anthropic';
  baseUrl: string;
  defaultModel?: string;
  headers: Record<string, string>;
  /** Whether an API key is stored (the key itself is never sent back). */
  hasKey: boolean;
}

export interface PlaygroundProviderPreset {
  id: string;
  label: string;
  kind: 'openai' | 'anthropic';
  baseUrl: string;
  needsKey: boolean;
}

export const ToolSelectionSchema = z
  .object({
    servers: z.array(PlaygroundServerNameSchema).max(100),
    tools: z.array(z.string().min(1).max(300)).max(1000).optional(),
  })
  .strict();

export const ConversationSettingsSchema = z
  .object({
    providerId: z.string().max(64).optional(),
    model: z.string().max(200).optional(),
    system: z.string().max(100_000).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().max(1_000_000).optional(),
    maxRounds: z.number().int().min(1).max(50).optional(),
    approval: z.enum(['auto', 'ask']).optional(),
    selection: ToolSelectionSchema.optional(),
  })
  .strict();

/** `POST /api/playground/chat`: one user message, answered as a Server-Sent Events stream. */
export const PlaygroundChatSchema = z
  .object({
    /** Continue this stored conversation; absent = start a new one. */
    conversationId: z.string().min(1).max(100).optional(),
    message: z.string().min(1, 'message is empty').max(200_000),
    providerId: ProviderIdSchema,
    /** Absent = the provider's defaultModel. */
    model: z.string().min(1).max(200).optional(),
    system: z.string().max(100_000).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().max(1_000_000).optional(),
    /** Model turns that may call tools (default 8). */
    maxRounds: z.number().int().min(1).max(50).optional(),
    /** `ask`: each tool call waits for POST /api/playground/runs/RUNID/approve. */
    approval: z.enum(['auto', 'ask']).default('auto'),
    selection: ToolSelectionSchema.default({ servers: [] }),
  })
  .strict();
export type PlaygroundChatInput = z.input<typeof PlaygroundChatSchema>;

export const PlaygroundApproveSchema = z.object({ callId: z.string().min(1).max(200), approve: z.boolean() }).strict();
export type PlaygroundApproveInput = z.input<typeof PlaygroundApproveSchema>;

export const PlaygroundConversationCreateSchema = z.object({ title: z.string().max(200).optional(), settings: ConversationSettingsSchema.optional() }).strict();
export const PlaygroundConversationPatchSchema = z.object({ title: z.string().min(1).max(200).optional(), settings: ConversationSettingsSchema.optional() }).strict();
export type PlaygroundConversationPatch = z.input<typeof PlaygroundConversationPatchSchema>;

/** `POST /api/playground/call`: the direct tool runner (no LLM). Closing the request cancels the call. */
export const PlaygroundCallSchema = z
  .object({
    server: PlaygroundServerNameSchema,
    tool: z.string().min(1).max(256),
    arguments: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type PlaygroundCallInput = z.input<typeof PlaygroundCallSchema>;

export interface PlaygroundCallResult {
  result: ToolResult;
  durationMs: number;
}

/** `GET /api/playground/tools`: the tools of every enabled server, for the tool picker and the runner. */
export interface PlaygroundToolGroup {
  server: string;
  status: ConnectionState['status'];
  tools: ToolInfo[];
  /** Why the tools could not be listed (the server is starting, failed, ...). */
  error?: string;
}

export interface PlaygroundRunView {
  runId: string;
  conversationId: string;
  providerId: string;
  model: string;
  startedAt: string;
  /** Tool calls waiting for POST .../approve. */
  pendingApprovals: ToolCard[];
}
