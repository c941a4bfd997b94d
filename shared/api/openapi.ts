// Admin API contract: openapi. Part of shared/api.ts (the barrel); see there.
import { z } from 'zod';
import { HttpUrlSchema, InputValueSchema, ServerNameSchema } from './common';
import type { ServerView, TransportView, ValueView } from './core';

// ---- OpenAPI import, catalog and registry (issue 4) -----------------------------------------------


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
