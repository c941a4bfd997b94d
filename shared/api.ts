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
  | { type: 'http'; url: string; headers: Record<string, ValueView>; mode: 'auto' | 'streamable-http' | 'sse' }
  | { type: 'openapi'; source: string; baseUrl: string };

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
