// The OAuth protocol work (discovery, registration, grants, revocation), built on the MCP SDK's auth
// helpers. AuthService loads it with the first OAuth operation rather than with the hub: start-up
// needs none of it, and loading the SDK is a large part of a cold start.
export { discoverEndpoints } from './oauthDiscovery';
export { authorizationUrl, clientCredentials, exchangeCode, refresh, registerPatchbay, revoke } from './oauthGrants';
