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

// ---- clients: connect / disconnect / doctor / snippets / import (issue 6) -------------------------

export const CLIENT_SCOPES = ['user', 'project'] as const;
export const ClientScopeSchema = z.enum(CLIENT_SCOPES);

const ProjectDirSchema = z.string().min(1).max(4096);

export const ConnectClientSchema = z
  .object({
    /** One server (or virtual server) instead of the aggregate endpoint. */
    target: ServerNameSchema.optional(),
    scope: ClientScopeSchema.default('user'),
    /** The project directory for scope `project`. */
    projectDir: ProjectDirSchema.optional(),
    dryRun: z.boolean().default(false),
    /** Replace the entry's token with a new one even when it is still valid. */
    newToken: z.boolean().default(false),
  })
  .strict();
export type ConnectClientInput = z.input<typeof ConnectClientSchema>;

export const DisconnectClientSchema = z
  .object({
    target: ServerNameSchema.optional(),
    scope: ClientScopeSchema.default('user'),
    projectDir: ProjectDirSchema.optional(),
    dryRun: z.boolean().default(false),
  })
  .strict();
export type DisconnectClientInput = z.input<typeof DisconnectClientSchema>;

export const ImportClientSchema = z
  .object({
    scope: ClientScopeSchema.default('user'),
    projectDir: ProjectDirSchema.optional(),
    /** Swap the imported entries for the single hub entry in the client's file (a backup is kept). */
    replace: z.boolean().default(false),
    dryRun: z.boolean().default(false),
    /** Import only these entries (by their name in the client's config). */
    only: z.array(z.string().min(1).max(256)).max(256).optional(),
  })
  .strict();
export type ImportClientInput = z.input<typeof ImportClientSchema>;

export const ClientsQuerySchema = z.object({ projectDir: ProjectDirSchema.optional() });
export const ClientSnippetsQuerySchema = z.object({ target: ServerNameSchema.optional() });

export type ClientScopeName = (typeof CLIENT_SCOPES)[number];

export interface ClientTokenUse {
  /** The hub token's name, e.g. `cursor` or `cursor-github`. */
  name: string;
  id?: string;
  prefix?: string;
  /** The entry's existing token was still valid and is kept. */
  reused: boolean;
}

export interface ClientConnectResult {
  client: string;
  displayName: string;
  scope: ClientScopeName;
  /** The config file. */
  path: string;
  /** The entry name in that file: `patchbay` or `patchbay-TARGET`. */
  entryName: string;
  /** The MCP endpoint the entry points at (Claude Desktop reaches it through `patchbay stdio`). */
  url: string;
  dryRun: boolean;
  /** The file changed (or, in a dry run, would change). */
  changed: boolean;
  /** Where the previous version of the file was copied. */
  backupPath?: string;
  token: ClientTokenUse;
  /** Ids of tokens revoked because the entry no longer uses them. */
  revokedTokenIds: string[];
  /** Dry run: the change as a unified diff, tokens shortened. */
  diff?: string;
  /** Cursor: the cursor:// install link (it carries the token). */
  installLink?: string;
  /** Codex only: the new token, shown once; Codex reads it from $PATCHBAY_TOKEN. */
  newToken?: string;
  notes: string[];
}

export interface ClientDisconnectResult {
  client: string;
  displayName: string;
  scope: ClientScopeName;
  path: string;
  entryName: string;
  dryRun: boolean;
  changed: boolean;
  backupPath?: string;
  revokedTokenIds: string[];
  diff?: string;
}

export type ClientProblemCode =
  | 'unparseable'
  | 'stale-url'
  | 'token-missing'
  | 'token-revoked'
  | 'token-expired'
  | 'token-unknown'
  | 'shadowed'
  | 'missing-executable'
  | 'other-data-dir';

export interface ClientProblem {
  code: ClientProblemCode;
  message: string;
}

export interface ClientHubEntryStatus {
  name: string;
  kind: 'http' | 'stdio';
  url?: string;
  /** `external`: the token comes from the environment (Codex) and cannot be checked from here. */
  token: 'valid' | 'missing' | 'revoked' | 'expired' | 'unknown' | 'external';
  tokenName?: string;
  tokenPrefix?: string;
  ok: boolean;
  problems: ClientProblem[];
}

export interface ClientFileStatus {
  scope: ClientScopeName;
  path: string;
  exists: boolean;
  /** The file could not be parsed (it is left untouched). */
  error?: string;
  /** How many servers the file configures, ours included. */
  serverCount: number;
  /** Entries that are (or look like) Patchbay entries. */
  hubEntries: ClientHubEntryStatus[];
}

export interface ClientStatusView {
  client: string;
  displayName: string;
  installed: boolean;
  scopes: ClientScopeName[];
  files: ClientFileStatus[];
  /** At least one entry points at this hub with a valid token and no problem. */
  connected: boolean;
  problems: ClientProblem[];
}

export interface ClientSnippet {
  client: string;
  displayName: string;
  format: 'json' | 'jsonc' | 'toml';
  transport: 'http' | 'stdio';
  scopes: ClientScopeName[];
  /** The user-scope config file on this machine. */
  userPath: string;
  entryName: string;
  entryShape: string;
  /** A config file holding just the hub entry, with `<token>` where the token goes. */
  snippet: string;
  /** Cursor: the install link (with the `<token>` placeholder; connect returns a real one). */
  installLink?: string;
  notes: string[];
}

export interface ClientImportedServer {
  /** The entry's name in the client's config. */
  from: string;
  /** The hub server's name. */
  as: string;
  kind: 'stdio' | 'http';
  enabled: boolean;
  /** Env variables / headers whose values went to the secret store. */
  secrets: string[];
}

export interface ClientImportResult {
  client: string;
  displayName: string;
  scope: ClientScopeName;
  path: string;
  dryRun: boolean;
  imported: ClientImportedServer[];
  skipped: Array<{ from: string; reason: string }>;
  warnings: string[];
  /** With `replace`: what happened to the client's file. */
  replaced?: { changed: boolean; removed: string[]; backupPath?: string; entryName: string; diff?: string };
}
