export type { BackoffPolicy } from './backoff';
export { DEFAULT_BACKOFF } from './backoff';
export type { ChildExit, ConnectionKind, PriorVerdict, ResolvedTransport, UpstreamAuthProvider, VerdictStore } from './connection';
export { VERDICT_MAX_AGE_MS } from './connection';
export type { UpstreamErrorDetails } from './errors';
export type { McpUpstreamOptions } from './mcpUpstream';
export { McpUpstream } from './mcpUpstream';
export { MAX_INPUT_ROUNDS } from './serverRequests';
export type * from './types';
