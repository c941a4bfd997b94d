// OpenAPI 3.x / Swagger 2.0 -> MCP tools, and the HTTP executor behind them.
export { loadSpec, parseText } from './loadSpec';
export type { LoadSpecOptions } from './loadSpec';
export { convertSpec, specServers } from './convert';
export { diffTools } from './diff';
export type { ToolDiff } from './diff';
export { executeOperation, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS } from './execute';
export { OpenApiUpstream } from './upstream';
export type { OpenApiUpstreamOptions } from './upstream';
export { securitySchemes } from './security';
export type * from './types';
export { OpenApiService } from './openapiService';
export type { OpenApiServiceOptions } from './openapiService';
