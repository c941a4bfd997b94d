// Admin API contract: playground. Part of shared/api.ts (the barrel); see there.
import { z } from 'zod';
import type { ConnectionState, ToolInfo } from '../apiTypes';
import type { ToolCard } from '../playground';
import type { ToolResult } from '../types';

// ---- Playground (issue 7): /api/playground/... --------------------------------------------------
// Wire types of messages, tool cards and stream events are in shared/playground.ts.

export const PROVIDER_ID_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const ProviderIdSchema = z.string().regex(PROVIDER_ID_PATTERN, 'Provider ids use 1-64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. "openai").');
/** A server or virtual server name as the Playground selects it. */
const PlaygroundServerNameSchema = z.string().min(1).max(64);

/** A provider's base URL (also checked again when the hub reads a stored provider). */
export const ProviderBaseUrlSchema = z
  .string()
  .url('baseUrl must be an absolute http(s) URL, e.g. https://api.openai.com/v1')
  .refine((value) => /^https?:\/\//i.test(value), 'baseUrl must start with http:// or https://');

/** `POST /api/playground/providers`: creates or replaces one provider. The key goes to the SecretStore. */
export const PlaygroundProviderInputSchema = z
  .object({
    id: ProviderIdSchema,
    label: z.string().max(100).optional(),
    kind: z.enum(['openai', 'anthropic']),
    baseUrl: ProviderBaseUrlSchema,
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
