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
    /** Access: an exact expiry (ISO 8601 date-time in the future), instead of expiresInDays. */
    expiresAt: z.string().max(40).optional(),
    /** Access: the user the token belongs to (owner only; default the caller). */
    user: z.string().min(1).max(48).optional(),
    /** Access: restrict the token to these servers / virtual servers. */
    servers: z.array(ServerNameSchema).min(1).max(100).optional(),
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

// ==== Access: users, teams, roles, collaborators, audit log (issue 8) ==============================

export type Role = 'manager' | 'user';
/** The owner is manager of everything; `owner` appears where an effective role is shown. */
export type EffectiveRole = 'owner' | Role;
export type ResourceKind = 'server' | 'bundle';
/** What a caller does to a server or virtual server. `manage` = manage its collaborators. */
export type AccessAction = 'list' | 'call' | 'edit' | 'delete' | 'manage';
export const ACCESS_ACTIONS: readonly AccessAction[] = ['list', 'call', 'edit', 'delete', 'manage'];

export const RoleSchema = z.enum(['manager', 'user']);
export const USER_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,47}$/;
export const UserNameSchema = z.string().regex(USER_NAME_PATTERN, 'Invalid name: use 1-48 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. "alice").');

export const CreateUserSchema = z.object({ name: UserNameSchema, displayName: z.string().max(200).optional() }).strict();
export type CreateUserInput = z.input<typeof CreateUserSchema>;
export const CreateTeamSchema = z.object({ name: UserNameSchema }).strict();
export const TeamMemberSchema = z.object({ user: UserNameSchema }).strict();

/** A collaborator: exactly one of user / team. */
export const GrantSchema = z
  .object({ user: UserNameSchema.optional(), team: UserNameSchema.optional(), role: RoleSchema })
  .strict()
  .refine((value) => (value.user === undefined) !== (value.team === undefined), 'Give exactly one of "user" or "team".');
export type GrantInput = z.input<typeof GrantSchema>;

export const AuditQuerySchema = z
  .object({
    server: z.string().max(64).optional(),
    user: z.string().max(64).optional(),
    tool: z.string().max(256).optional(),
    outcome: z.enum(['ok', 'tool_error', 'error']).optional(),
    /** ISO date-time, or a duration back from now: 30m, 12h, 7d. */
    since: z.string().max(40).optional(),
    until: z.string().max(40).optional(),
    limit: z.coerce.number().int().positive().max(100_000).optional(),
    format: z.enum(['json', 'jsonl']).optional(),
  })
  .strict();
export type AuditQueryInput = z.input<typeof AuditQuerySchema>;

export const AuditSettingsSchema = z
  .object({
    recordArguments: z.boolean().optional(),
    maxAgeDays: z.number().int().positive().max(3650).optional(),
    maxRows: z.number().int().positive().max(10_000_000).optional(),
  })
  .strict();

export interface UserView {
  id: string;
  name: string;
  displayName?: string;
  owner: boolean;
  teams: string[];
  createdAt: string;
}

export interface TeamView {
  id: string;
  name: string;
  members: string[];
  createdAt: string;
}

export interface CollaboratorView {
  kind: 'user' | 'team';
  name: string;
  role: Role;
}

/** "View permission details": who can do what on one server or virtual server. */
export interface AccessDetail {
  resource: { kind: ResourceKind; name: string };
  collaborators: CollaboratorView[];
  /** Every user with an effective role, how they got it, and what it allows. */
  users: Array<{ user: string; role: EffectiveRole; via: string[]; can: AccessAction[] }>;
}

/** A hub access token as the API lists it (never the secret). */
export interface AccessTokenInfo extends TokenInfo {
  userId: string;
  /** The owner's name for the user (filled in by the API). */
  user?: string;
  /** Restricted to these servers / virtual servers; absent = everything the user may use. */
  servers?: string[];
}

export type AuditFace = 'mcp' | 'stdio' | 'api' | 'ui' | 'cli' | 'playground' | 'local';
export type AuditOutcome = 'ok' | 'tool_error' | 'error';

export interface AuditEntry {
  id: number;
  time: string;
  userId: string;
  user?: string;
  tokenId?: string;
  tokenName?: string;
  client?: string;
  face: AuditFace;
  server: string;
  tool: string;
  durationMs: number;
  outcome: AuditOutcome;
  error?: string;
  argsBytes: number;
  resultBytes: number;
  /** Only when argument recording is on; secrets redacted. */
  arguments?: unknown;
}

export interface AuditSettings {
  recordArguments: boolean;
  maxAgeDays: number;
  maxRows: number;
}

export interface ServerStats {
  server: string;
  since: string;
  calls: number;
  errors: number;
  /** errors / calls, 0 when there were no calls. */
  errorRate: number;
  p50DurationMs?: number;
  lastCallAt?: string;
}
