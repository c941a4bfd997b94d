// Data types of the OpenAPI import: what loading a spec yields, the tools it becomes, and how
// each tool argument maps back onto an HTTP request. Everything a tool carries is plain JSON, so
// converted tools can be stored (SQLite) and diffed on re-import.
import type { JsonObject } from '../../shared/types';

export type SpecDialect = 'swagger-2.0' | 'openapi-3.0' | 'openapi-3.1';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** A spec after parsing, validation and `$ref` dereferencing. `document` may contain cycles. */
export interface LoadedSpec {
  document: JsonObject;
  dialect: SpecDialect;
  /** `openapi` / `swagger` field as written, e.g. "3.0.3". */
  specVersion: string;
  title: string;
  apiVersion: string;
  description?: string;
  /** Where it came from: a file path, a URL, or "inline". */
  source: string;
  /** Absolute URL of the document when it was fetched over HTTP (relative servers resolve against it). */
  sourceUrl?: string;
  /** Validator warnings (duplicate operationIds, undeclared path parameters, ...). */
  warnings: string[];
  /** The component name (`Node`) of each dereferenced schema object, for naming recursion. */
  refNames: WeakMap<object, string>;
}

export type ParamLocation = 'path' | 'query' | 'header' | 'cookie';
export type ParamStyle = 'simple' | 'label' | 'matrix' | 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject' | 'tabDelimited';

/** One tool argument that becomes a path / query / header / cookie parameter. */
export interface ParamBinding {
  /** Property name in the tool's inputSchema. */
  property: string;
  /** Parameter name on the wire. */
  name: string;
  in: ParamLocation;
  required: boolean;
  style: ParamStyle;
  explode: boolean;
  allowReserved?: boolean;
  /** Serialise the value as JSON (parameters declared with `content: application/json`). */
  json?: boolean;
}

export type BodyEncoding = 'json' | 'form' | 'multipart' | 'text' | 'binary';

/** The `body` argument and how it is sent. */
export interface BodyBinding {
  property: string;
  mediaType: string;
  encoding: BodyEncoding;
  required: boolean;
  /** multipart fields holding file content (base64 in the tool arguments). */
  binaryFields?: string[];
}

export interface OperationBinding {
  method: HttpMethod;
  /** Path template as in the spec, e.g. `/pets/{petId}`. */
  path: string;
  operationId?: string;
  tags: string[];
  params: ParamBinding[];
  body?: BodyBinding;
  /** `Accept` header value derived from the declared responses, if any. */
  accept?: string;
  /** Security requirement alternatives (scheme names); `[]` means explicitly public. */
  security?: string[][];
  /** Operation- or path-level servers that override the spec's. */
  servers?: string[];
  deprecated?: boolean;
}

/** One operation as an MCP tool, plus what the executor needs to call it. */
export interface OpenApiTool {
  name: string;
  title?: string;
  description: string;
  inputSchema: JsonObject;
  annotations?: JsonObject;
  operation: OperationBinding;
}

/** Which operations to import. Within one field any entry may match; all given fields must match. */
export interface OperationFilter {
  tags?: string[];
  /** Path globs: `*` matches within one segment, `**` across segments (`/repos/**`). */
  paths?: string[];
  methods?: string[];
  /** operationIds or generated tool names. */
  operations?: string[];
}

export interface ConvertOptions {
  include?: OperationFilter;
  exclude?: OperationFilter;
  /** Longest description kept per tool (characters); default 1,500. */
  maxDescriptionLength?: number;
}

export interface OAuthFlowInfo {
  flow: 'implicit' | 'password' | 'clientCredentials' | 'authorizationCode';
  authorizationUrl?: string;
  tokenUrl?: string;
  refreshUrl?: string;
  scopes: string[];
}

/** An auth configuration the caller can offer the user for one security scheme. */
export type SuggestedAuth =
  | { kind: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string }
  | { kind: 'bearer'; bearerFormat?: string }
  | { kind: 'basic' }
  | { kind: 'oauth2'; flows: OAuthFlowInfo[]; note: string }
  | { kind: 'openIdConnect'; openIdConnectUrl: string; note: string }
  | { kind: 'unsupported'; reason: string };

export interface SecuritySchemeInfo {
  /** Key under `components.securitySchemes` / `securityDefinitions`. */
  name: string;
  type: string;
  description?: string;
  suggested: SuggestedAuth;
}

export interface ConvertResult {
  tools: OpenApiTool[];
  skipped: Array<{ operation: string; reason: string }>;
  /** Operations left out by include / exclude. */
  filteredOut: number;
  servers: string[];
  securitySchemes: SecuritySchemeInfo[];
}

/**
 * Resolved credentials for the executor (secrets already read from the SecretStore). With `scheme`
 * (a securitySchemes key) a credential is sent only to operations whose security names that
 * scheme (or that declare no security at all); without it, to every non-public operation.
 */
export type OpenApiAuth = { scheme?: string } & (
  | { type: 'none' }
  | { type: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string; value: string }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
);

export interface ExecuteOptions {
  baseUrl: string;
  auth?: OpenApiAuth | OpenApiAuth[];
  fetch?: typeof fetch;
  /** Default 30 s. */
  timeoutMs?: number;
  /** Response bodies beyond this are truncated; default 256 KiB. */
  maxBodyBytes?: number;
  signal?: AbortSignal;
}
