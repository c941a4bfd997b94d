// The MCP SDK side of an upstream: connecting, the requests, and reading the SDK's errors. The hub
// loads it on its first connect (wireLoader.ts), not with McpUpstream: `patchbay serve` answers its
// first lists from what the servers listed last time while they start, and the SDK's client and
// schemas are about a quarter of the hub's start-up work, none of which that answer needs.
export { openConnection, toPriorDiscovery, verdictOf } from './connection';
export { isAuthFailure, toUpstreamError } from './errors';
export { describeConnectFailure, describeExit, isConnectionLoss } from './failureMessages';
export { toCapabilities } from './mapping';
export { openListenStream, resubscribeLegacy } from './subscriptions';
export { createUpstreamClient, requests } from './upstreamRequests';
