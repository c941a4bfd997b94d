// The admin API contract (`/api/...`): zod schemas for every request body, and the response
// types. The hub validates every input with these schemas at the boundary; the renderer uses the
// same types. Errors are `{ error: { code, message } }` (shared/errors.ts).
import { z } from 'zod';
import type { ConnectionState, LogLevelName, TokenInfo, ToolInfo, PromptInfo, ResourceInfo, ResourceTemplateInfo } from './apiTypes';
import { API_KEY_PLACEHOLDER, SERVER_NAME_PATTERN, SERVER_NAME_RULE } from './types';
import type { ExternalIdentity, ToolResult } from './types';
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
    auth: z.lazy(() => AuthInputSchema).optional(),
  })
  .strict();
export type CreateServerInput = z.input<typeof CreateServerSchema>;

export const UpdateServerSchema = z
  .object({
    description: z.string().max(2000).optional(),
    enabled: z.boolean().optional(),
    transport: TransportInputSchema.optional(),
    auth: z.lazy(() => AuthInputSchema).optional(),
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
  | { type: 'http'; url: string; headers: Record<string, ValueView>; mode: 'auto' | 'streamable-http' | 'sse' }
  | { type: 'openapi'; source: string; baseUrl: string };

export interface ServerView {
  id: string;
  name: string;
  description?: string;
  enabled: boolean;
  transport: TransportView;
  state: ConnectionState;
  /** How the hub authenticates to the server (secrets never included). */
  auth?: AuthView;
  /** Whether the calling user is authorized to use it (see `AuthStatusView`). */
  authStatus?: AuthStatusView;
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

// ---- virtual servers (bundles) --------------------------------------------------------------------
// A bundle is an MCP endpoint `/mcp/NAME` that shows chosen tools, prompts and resources of several
// servers. Its rules are data: `{ kind, pattern, action, as?, description? }`. Patterns are
// `SERVER/NAME` with `*` wildcards (`github/*`, `*/read_*`); resource rules name servers only
// (`github`, `*`). Precedence: an exact rule (no `*`) beats every pattern; among patterns the later
// rule wins. `as` (a new name) and `description` are for exact include rules only.

export const BUNDLE_ITEM_KINDS = ['tool', 'prompt', 'resource'] as const;
export type BundleItemKind = (typeof BUNDLE_ITEM_KINDS)[number];
/** MCP's tool-name rule: 1-128 characters from [A-Za-z0-9_.-]. */
export const MCP_TOOL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;
const SERVER_GLOB = /^[a-z0-9*][a-z0-9*-]{0,47}$/;

/** Checks one rule pattern; returns what is wrong, or undefined. */
export function bundlePatternProblem(kind: BundleItemKind, pattern: string): string | undefined {
  const serverPart = (text: string): string | undefined => {
    if (!SERVER_GLOB.test(text)) return `"${text}" is not a server name or server pattern (lowercase letters, digits, hyphens, * as wildcard)`;
    if (!text.includes('*') && !SERVER_NAME_PATTERN.test(text)) return `"${text}" is not a valid server name: ${SERVER_NAME_RULE}`;
    return undefined;
  };
  if (kind === 'resource') {
    const server = pattern.endsWith('/*') ? pattern.slice(0, -2) : pattern;
    return server.includes('/') ? 'resource rules name servers only, e.g. "github" or "*"' : serverPart(server);
  }
  const slash = pattern.indexOf('/');
  if (slash <= 0 || slash === pattern.length - 1) return `write the ${kind} as SERVER/NAME, e.g. "github/create_issue", "github/*" or "*/read_*"`;
  const name = pattern.slice(slash + 1);
  if (name.length > 256 || [...name].some((char) => char.charCodeAt(0) < 0x20)) return `the ${kind} name must be 1-256 printable characters`;
  return serverPart(pattern.slice(0, slash));
}

export const BundleRuleSchema = z
  .object({
    kind: z.enum(BUNDLE_ITEM_KINDS).default('tool'),
    pattern: z.string().min(1).max(320),
    action: z.enum(['include', 'exclude']).default('include'),
    as: z.string().optional(),
    description: z.string().max(4000).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const problem = bundlePatternProblem(rule.kind, rule.pattern);
    if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
    const exact = !rule.pattern.includes('*');
    for (const field of ['as', 'description'] as const) {
      if (rule[field] === undefined) continue;
      if (rule.kind === 'resource') ctx.addIssue({ code: 'custom', path: [field], message: `resource rules cannot set "${field}"` });
      else if (rule.action !== 'include') ctx.addIssue({ code: 'custom', path: [field], message: `an exclude rule cannot set "${field}"` });
      else if (!exact) ctx.addIssue({ code: 'custom', path: [field], message: `"${field}" needs one exact ${rule.kind} (SERVER/NAME without *), not a pattern` });
    }
    if (rule.as !== undefined && !MCP_TOOL_NAME_PATTERN.test(rule.as)) {
      ctx.addIssue({ code: 'custom', path: ['as'], message: 'a new name must be 1-128 characters from A-Z a-z 0-9 _ . -' });
    }
  })
  .transform((rule) => (rule.kind === 'resource' && rule.pattern.endsWith('/*') ? { ...rule, pattern: rule.pattern.slice(0, -2) } : rule));
export type BundleRuleInput = z.input<typeof BundleRuleSchema>;
export type BundleRule = z.output<typeof BundleRuleSchema>;

export const BundleRuleRefSchema = z
  .object({ kind: z.enum(BUNDLE_ITEM_KINDS).default('tool'), pattern: z.string().min(1).max(320) })
  .strict()
  .transform((ref) => (ref.kind === 'resource' && ref.pattern.endsWith('/*') ? { ...ref, pattern: ref.pattern.slice(0, -2) } : ref));
export type BundleRuleRef = z.output<typeof BundleRuleRefSchema>;

export const CreateBundleSchema = z
  .object({
    name: z.string().regex(SERVER_NAME_PATTERN, `Invalid bundle name: ${SERVER_NAME_RULE}.`),
    description: z.string().max(2000).optional(),
    rules: z.array(BundleRuleSchema).max(500).default([]),
  })
  .strict();
export type CreateBundleInput = z.input<typeof CreateBundleSchema>;

/** `rules` replaces every rule; `addRules` adds (or replaces, by kind and pattern) at the end; `removeRules` drops. */
export const UpdateBundleSchema = z
  .object({
    description: z.string().max(2000).nullable().optional(),
    rules: z.array(BundleRuleSchema).max(500).optional(),
    addRules: z.array(BundleRuleSchema).max(500).optional(),
    removeRules: z.array(BundleRuleRefSchema).max(500).optional(),
  })
  .strict();
export type UpdateBundleInput = z.input<typeof UpdateBundleSchema>;

export interface BundleView {
  id: string;
  name: string;
  description?: string;
  rules: BundleRule[];
  /** Goes up by one with every change. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The bundle's MCP endpoint (API answers only). */
  endpoint?: string;
}

/** One tool or prompt a bundle exposes. */
export interface BundleExposedItem {
  /** The name clients see. */
  name: string;
  server: string;
  /** The name the server knows. */
  original: string;
  description?: string;
  /** Named by an `as` rule. */
  renamed: boolean;
}

export type BundleMissingReason = 'server-not-configured' | 'server-disabled' | 'server-unavailable' | 'not-found';

/** An exact rule whose target is not there. */
export interface BundleMissingItem {
  kind: BundleItemKind;
  pattern: string;
  server: string;
  /** The tool or prompt name (absent for server-level problems of pattern rules and resource rules). */
  name?: string;
  reason: BundleMissingReason;
  message: string;
}

/** What a bundle exposes right now. */
export interface BundlePreview {
  /** The servers it draws from (enabled, matched by an include rule). */
  servers: string[];
  tools: BundleExposedItem[];
  prompts: BundleExposedItem[];
  /** Servers whose resources and resource templates it shows. */
  resourceServers: string[];
  missing: BundleMissingItem[];
}

export interface BundleDetail extends BundleView, BundlePreview {
  endpoint: string;
}

// ---- OpenAPI import, catalog and registry (issue 4) -----------------------------------------------

const HttpUrlSchema = z
  .string()
  .url('must be an absolute http(s) URL, e.g. https://api.example.com/v1')
  .refine((value) => /^https?:\/\//i.test(value), 'must start with http:// or https://');

export const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Which operations become tools. Within one field any entry may match; all given fields must match. */
export const OpenApiFilterSchema = z
  .object({
    tags: z.array(z.string().min(1).max(200)).max(500).optional(),
    /** Path globs: `*` within one segment, `**` across segments (`/repos/**`). */
    paths: z.array(z.string().min(1).max(1000)).max(500).optional(),
    methods: z.array(z.string().transform((value) => value.toLowerCase()).pipe(z.enum(OPENAPI_METHODS, 'methods must be HTTP methods such as GET or POST'))).max(8).optional(),
    /** operationIds or tool names. */
    operations: z.array(z.string().min(1).max(300)).max(5000).optional(),
  })
  .strict();
export type OpenApiFilter = z.input<typeof OpenApiFilterSchema>;

/**
 * How the hub authenticates to the imported API. Secret values (`value`, `token`, `password`) go to
 * the secret store. `in`/`name` of an API key may be left out when the spec declares an apiKey scheme;
 * `scheme` picks one of the spec's securitySchemes (default: the first that fits).
 */
export const OpenApiAuthInputSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.literal('api-key'),
      in: z.enum(['header', 'query', 'cookie']).optional(),
      name: z.string().min(1).max(256).optional(),
      value: InputValueSchema,
      scheme: z.string().min(1).max(256).optional(),
    })
    .strict(),
  z.object({ type: z.literal('bearer'), token: InputValueSchema, scheme: z.string().min(1).max(256).optional() }).strict(),
  z.object({ type: z.literal('basic'), username: z.string().min(1).max(1024), password: InputValueSchema, scheme: z.string().min(1).max(256).optional() }).strict(),
]);
export type OpenApiAuthInput = z.input<typeof OpenApiAuthInputSchema>;

/** A spec as a URL, a path on the hub's machine, or the text itself (JSON or YAML, up to the 4 MB body limit). */
export const OpenApiSpecInputSchema = z.union([
  z.object({ url: HttpUrlSchema }).strict(),
  z.object({ path: z.string().min(1).max(4096) }).strict(),
  z.object({ text: z.string().min(1) }).strict(),
]);
export type OpenApiSpecInput = z.input<typeof OpenApiSpecInputSchema>;

export const OpenApiImportSchema = z
  .object({
    name: ServerNameSchema,
    spec: OpenApiSpecInputSchema,
    description: z.string().max(2000).optional(),
    enabled: z.boolean().default(true),
    /** Where requests go instead of the spec's first server URL. */
    baseUrl: HttpUrlSchema.optional(),
    include: OpenApiFilterSchema.default({}),
    exclude: OpenApiFilterSchema.default({}),
    auth: OpenApiAuthInputSchema.default({ type: 'none' }),
  })
  .strict();
export type OpenApiImportInput = z.input<typeof OpenApiImportSchema>;

export const OpenApiReimportSchema = z.object({ spec: OpenApiSpecInputSchema.optional() }).strict();
export type OpenApiReimportInput = z.input<typeof OpenApiReimportSchema>;

/** Changes after import; `baseUrl: null` goes back to the spec's server URL. */
export const OpenApiUpdateSchema = z
  .object({
    include: OpenApiFilterSchema.optional(),
    exclude: OpenApiFilterSchema.optional(),
    baseUrl: HttpUrlSchema.nullable().optional(),
    auth: OpenApiAuthInputSchema.optional(),
  })
  .strict();
export type OpenApiUpdateInput = z.input<typeof OpenApiUpdateSchema>;

export interface OpenApiAuthView {
  type: 'none' | 'api-key' | 'bearer' | 'basic' | 'oauth2';
  in?: 'header' | 'query' | 'cookie';
  name?: string;
  username?: string;
  /** The spec's security scheme the credential is scoped to. */
  scheme?: string;
  /** Secret values are never shown; `ref` names a user secret (`patchbay secret set NAME`). */
  secret?: ValueView;
}

export interface OpenApiSchemeView {
  name: string;
  type: string;
  description?: string;
  /** What the hub can use for it: apiKey, bearer, basic, oauth2, openIdConnect or unsupported (with fields). */
  suggested: { kind: string } & Record<string, unknown>;
}

export interface OpenApiToolSummary {
  name: string;
  method: string;
  path: string;
  tags: string[];
}

export interface OpenApiServerView {
  name: string;
  source: string;
  title: string;
  apiVersion: string;
  dialect: string;
  specVersion: string;
  /** Where requests go. */
  baseUrl: string;
  baseUrlOverride?: string;
  specServers: string[];
  include: OpenApiFilter;
  exclude: OpenApiFilter;
  auth: OpenApiAuthView;
  securitySchemes: OpenApiSchemeView[];
  /** Tools served (after filters). */
  toolCount: number;
  /** Operations converted before filters. */
  convertedCount: number;
  /** Operations that could not be converted, with the reason. */
  skipped: Array<{ operation: string; reason: string }>;
  warnings: string[];
  tools: OpenApiToolSummary[];
  importedAt: string;
  updatedAt: string;
}

export interface OpenApiImportReport extends OpenApiServerView {
  /** Operations left out by the filters. */
  filteredOut: number;
  /** Next steps, e.g. which auth the spec asks for when none was given. */
  hints: string[];
}

export interface OpenApiToolDiff {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: number;
}

export interface OpenApiChangeReport extends OpenApiServerView {
  /** What changed in the served tools. */
  diff: OpenApiToolDiff;
  filteredOut: number;
}

export const CatalogAddSchema = z
  .object({
    /** The catalog entry id, e.g. "github". */
    id: z.string().min(1).max(48),
    /** Server name; default the entry id. */
    name: ServerNameSchema.optional(),
    /** Tenant values for `{name}` placeholders in the entry's URL. */
    variables: z.record(z.string(), z.string().max(200)).default({}),
    /** For api-key entries: the key, stored as a secret header built from the entry's template. */
    apiKey: z.string().min(1).max(16_384).optional(),
    enabled: z.boolean().default(true),
  })
  .strict();
export type CatalogAddInput = z.input<typeof CatalogAddSchema>;

export interface CatalogAddResult {
  server: ServerView;
  /** What the user still has to do (e.g. connect OAuth), empty when the server is ready. */
  nextSteps: string[];
}

/** A server.json (or registry API response) as a URL or as its text. */
export const RegistrySourceSchema = z.union([z.object({ url: HttpUrlSchema }).strict(), z.object({ text: z.string().min(1) }).strict()]);
export type RegistrySourceInput = z.input<typeof RegistrySourceSchema>;

export const RegistryImportSchema = z
  .object({
    source: RegistrySourceSchema,
    /** Which candidate (1-based, as the preview numbers them); default the first. */
    pick: z.number().int().min(1).optional(),
    name: ServerNameSchema.optional(),
    /** Values for the candidate's inputs, by input name (headers, env vars, url variables, arguments). */
    values: z.record(z.string(), z.string().max(16_384)).default({}),
    enabled: z.boolean().default(true),
  })
  .strict();
export type RegistryImportInput = z.input<typeof RegistryImportSchema>;

export interface RegistryInputView {
  kind: 'header' | 'env' | 'argument' | 'url-variable';
  name: string;
  description?: string;
  required: boolean;
  secret: boolean;
  default?: string;
  choices?: string[];
}

export interface RegistryCandidateView {
  /** 1-based number to pass as `pick`. */
  pick: number;
  registryName: string;
  kind: 'remote' | 'package';
  /** Suggested server name. */
  name: string;
  description: string;
  transport: TransportView;
  inputs: RegistryInputView[];
}

export interface RegistryPreview {
  candidates: RegistryCandidateView[];
  /** Packages or remotes that cannot become servers, and why. */
  skipped: Array<{ server: string; what: string; reason: string }>;
}

// ==== Access: users, teams, roles, collaborators, audit log (issue 8) =======================
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
// ---- upstream auth (hub/auth) --------------------------------------------------------------------
// (HttpUrlSchema is defined in the OpenAPI section above.)
const ScopesSchema = z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'scopes are single words without spaces or quotes')).max(64);

export const ApiKeyAuthInputSchema = z
  .object({
    type: z.literal('api-key'),
    mode: z.enum(['shared', 'individual']).default('shared'),
    header: HeaderNameSchema.default('Authorization'),
    /** shared: the header value (stored as a secret), e.g. "Bearer sk-...", or "secret:NAME". */
    value: InputValueSchema.optional(),
    /** individual: the header value with a placeholder each user fills, e.g. "Bearer {{API_KEY}}". */
    template: z.string().max(4096).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.mode === 'shared' && input.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'shared API keys need a value, e.g. "Bearer sk-..." or "secret:NAME"' });
    if (input.mode === 'shared' && input.template !== undefined) ctx.addIssue({ code: 'custom', path: ['template'], message: 'template is for individual API keys (mode "individual")' });
    if (input.mode === 'individual') {
      if (input.value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'individual API keys take a template; each user sets their own value with `patchbay auth override`' });
      if (!input.template || !API_KEY_PLACEHOLDER.test(input.template)) ctx.addIssue({ code: 'custom', path: ['template'], message: 'individual API keys need a template with a placeholder, e.g. "Bearer {{API_KEY}}"' });
    }
  });

export const OAuth2AuthInputSchema = z
  .object({
    type: z.literal('oauth2'),
    grant: z.enum(['authorization_code', 'client_credentials']).default('authorization_code'),
    authorizationUrl: HttpUrlSchema.optional(),
    tokenUrl: HttpUrlSchema.optional(),
    registrationUrl: HttpUrlSchema.optional(),
    revocationUrl: HttpUrlSchema.optional(),
    clientId: z.string().min(1).max(512).optional(),
    clientSecret: InputValueSchema.optional(),
    clientAuth: z.enum(['basic', 'post']).default('basic'),
    codeChallengeMethods: z.array(z.string().max(32)).max(8).optional(),
    scopes: ScopesSchema.optional(),
    jwtSource: z.enum(['access_token', 'id_token']).default('access_token'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.grant === 'client_credentials') {
      if (!input.clientId) ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'client credentials need a client ID' });
      if (input.clientSecret === undefined) ctx.addIssue({ code: 'custom', path: ['clientSecret'], message: 'client credentials need a client secret' });
    }
    if (input.codeChallengeMethods && !input.codeChallengeMethods.includes('S256')) {
      ctx.addIssue({ code: 'custom', path: ['codeChallengeMethods'], message: 'Patchbay always uses PKCE with S256; list S256 among the methods (or leave them out to discover them)' });
    }
  });

export const AuthInputSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  ApiKeyAuthInputSchema,
  OAuth2AuthInputSchema,
  z.object({ type: z.literal('passthrough') }).strict(),
]);
export type AuthInput = z.input<typeof AuthInputSchema>;

/** PUT /api/servers/NAME/auth/override: the caller's own value for an individual API key. */
export const AuthOverrideSchema = z.object({ value: z.string().min(1, 'the value is empty').max(16_384) }).strict();
export type AuthOverrideInput = z.input<typeof AuthOverrideSchema>;

/** POST /api/servers/NAME/auth/connect. `redirectUri` defaults to the hub's own /oauth/callback. */
export const AuthConnectSchema = z.object({ redirectUri: HttpUrlSchema.optional() }).strict().default({});

export const CreateIdentitySchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'identity names use lowercase letters, digits and hyphens'),
    issuer: HttpUrlSchema,
    jwksUrl: HttpUrlSchema,
    audience: z.string().min(1).max(1024),
    userClaim: z.string().min(1).max(128).default('sub'),
  })
  .strict();
export type CreateIdentityInput = z.input<typeof CreateIdentitySchema>;

/** The auth part of a server as the API shows it: secrets are never sent back. */
export type AuthView =
  | { type: 'none' }
  | { type: 'api-key'; mode: 'shared'; header: string; value: ValueView }
  | { type: 'api-key'; mode: 'individual'; header: string; template: string }
  | {
      type: 'oauth2';
      grant: 'authorization_code' | 'client_credentials';
      authorizationUrl?: string;
      tokenUrl?: string;
      registrationUrl?: string;
      revocationUrl?: string;
      clientId?: string;
      clientSecret?: ValueView;
      clientAuth?: 'basic' | 'post';
      codeChallengeMethods?: string[];
      scopes?: string[];
      jwtSource?: 'access_token' | 'id_token';
    }
  | { type: 'passthrough' };

/**
 * Whether one user can use one server: `connected` (credentials in place), `needs-connect` (run
 * `patchbay auth connect` / set an override), `expired` (token expired, no way to renew it
 * silently), `error` (the last attempt failed; see message), `not-required` (no auth, passthrough).
 */
export type AuthStatus = 'not-required' | 'connected' | 'needs-connect' | 'expired' | 'error';

export interface AuthStatusView {
  server: string;
  userId: string;
  type: AuthView['type'];
  status: AuthStatus;
  /** What to do next (never a secret). */
  message?: string;
  /** When the current access token expires (OAuth). */
  expiresAt?: string;
  scopes?: string[];
  /** Individual API keys: whether this user has set their value. */
  hasOverride?: boolean;
  /** With `?state=`: the outcome of one `connect` flow. */
  flow?: { status: 'pending' | 'done' | 'failed'; message?: string };
}

export interface AuthConnectView {
  authorizationUrl: string;
  /** Pass as `?state=` to GET /api/servers/NAME/auth to follow this flow. */
  state: string;
  redirectUri: string;
}

export type IdentityView = ExternalIdentity;
