// Error codes shared by the hub, the admin API and the UI. The hub raises `HubError` (hub/core/errors.ts)
// with one of these codes; the admin API turns it into `{ error: { code, message } }` and the MCP
// endpoints into a JSON-RPC error. Every message says what was wrong and what to do.

export const HUB_ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'CONFLICT',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_ERROR',
  'AUTH_REQUIRED',
  'TOOL_NOT_FOUND',
  'TOOL_NAME_COLLISION',
  'SECRET_NOT_FOUND',
  'SECRET_STORE_UNAVAILABLE',
  'STORE_CORRUPT',
  'CAPABILITY_MISSING',
  'CANCELLED',
  'INTERNAL',
] as const;

export type HubErrorCode = (typeof HUB_ERROR_CODES)[number];

export interface ApiErrorBody {
  error: { code: HubErrorCode; message: string; details?: unknown };
}

/** HTTP status the admin API answers for each error code. */
export const HTTP_STATUS_BY_CODE: Record<HubErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  UPSTREAM_UNAVAILABLE: 502,
  UPSTREAM_TIMEOUT: 504,
  UPSTREAM_ERROR: 502,
  AUTH_REQUIRED: 401,
  TOOL_NOT_FOUND: 404,
  TOOL_NAME_COLLISION: 409,
  SECRET_NOT_FOUND: 404,
  SECRET_STORE_UNAVAILABLE: 503,
  STORE_CORRUPT: 500,
  CAPABILITY_MISSING: 400,
  CANCELLED: 499,
  INTERNAL: 500,
};
