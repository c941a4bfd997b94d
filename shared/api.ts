// The admin API contract (`/api/...`): zod schemas for every request body, and the response
// types. The hub validates every input with these schemas at the boundary; the renderer uses the
// same types. Errors are `{ error: { code, message } }` (shared/errors.ts).
import { z } from 'zod';
import type { ConnectionState, LogLevelName, TokenInfo, ToolInfo, PromptInfo, ResourceInfo, ResourceTemplateInfo } from './apiTypes';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from './types';

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
