// The admin API contract (`/api/...`): zod schemas for every request body, and the response
// types. The hub validates every input with these schemas at the boundary; the renderer uses the
// same types. Errors are `{ error: { code, message } }` (shared/errors.ts). One module per area, and
// two without zod (constants, bundleRules) for hub code on the start path, which imports them
// directly: building the schemas costs `patchbay serve` tens of milliseconds at start-up.
export type { ConnectionState, LogLevelName, TokenInfo, ToolInfo, PromptInfo, ResourceInfo, ResourceTemplateInfo } from './apiTypes';
export * from './api/constants';
export * from './api/bundleRules';
export * from './api/common';
export * from './api/core';
export * from './api/auth';
export * from './api/playground';
export * from './api/clients';
export * from './api/bundles';
export * from './api/openapi';
export * from './api/access';
