// SDK failures -> HubError. Protocol errors the upstream answered keep their JSON-RPC code, message
// and data in `details`, so hub/serve can pass them through to the downstream client unchanged.
import { ProtocolError, SdkError, SdkErrorCode, SdkHttpError } from '@modelcontextprotocol/client';
import { HubError, errorMessage, formatMs } from '../core/errors';

export interface UpstreamErrorDetails {
  /** JSON-RPC error code the upstream answered with. */
  code: number;
  message: string;
  data?: unknown;
}

/** What the failing request was, for messages. */
export interface FailureContext {
  server: string;
  method: string;
  timeoutMs: number;
}

const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([SdkErrorCode.ConnectionClosed, SdkErrorCode.NotConnected]);

export function isConnectionClosedError(error: unknown): boolean {
  return error instanceof SdkError && UNAVAILABLE_CODES.has(error.code);
}

export function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof SdkHttpError) return error.status;
  if (error instanceof SdkError && (error.code === SdkErrorCode.ClientHttpAuthentication || error.code === SdkErrorCode.ClientHttpForbidden)) {
    const data = error.data as { status?: unknown } | undefined;
    return typeof data?.status === 'number' ? data.status : undefined;
  }
  return undefined;
}

/** The AUTH_REQUIRED HubError an auth provider (hub/auth) threw, wherever the SDK wrapped it. */
export function authRequiredCause(error: unknown): HubError | undefined {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    if (current instanceof HubError) return current.code === 'AUTH_REQUIRED' ? current : undefined;
    current = (current as { cause?: unknown; data?: { cause?: unknown } }).cause ?? (current as { data?: { cause?: unknown } }).data?.cause;
  }
  return undefined;
}

export function isAuthFailure(error: unknown): boolean {
  if (authRequiredCause(error)) return true;
  const status = httpStatusOf(error);
  if (status === 401 || status === 403) return true;
  return error instanceof Error && error.name === 'UnauthorizedError';
}

/** Maps a failed upstream request to a HubError (never throws). */
export function toUpstreamError(error: unknown, ctx: FailureContext): HubError {
  if (error instanceof HubError) return error;
  const authRequired = authRequiredCause(error);
  if (authRequired) return authRequired;
  if (error instanceof ProtocolError) {
    const details: UpstreamErrorDetails = { code: error.code, message: error.message, ...(error.data !== undefined && { data: error.data }) };
    return new HubError('UPSTREAM_ERROR', `"${ctx.server}" rejected ${ctx.method}: ${error.message}`, { cause: error, details });
  }
  if (error instanceof SdkError) {
    if (error.code === SdkErrorCode.RequestTimeout) {
      return new HubError(
        'UPSTREAM_TIMEOUT',
        `"${ctx.server}" did not answer ${ctx.method} within ${formatMs(ctx.timeoutMs)}. The server may be stuck; retry later or restart it.`,
        { cause: error },
      );
    }
    if (UNAVAILABLE_CODES.has(error.code)) {
      return new HubError('UPSTREAM_UNAVAILABLE', `"${ctx.server}" is not connected (${error.message}); the hub reconnects automatically, retry shortly.`, {
        cause: error,
      });
    }
    if (isAuthFailure(error)) {
      return new HubError('AUTH_REQUIRED', `"${ctx.server}" refused ${ctx.method} (HTTP ${httpStatusOf(error) ?? 401}); check its credentials.`, { cause: error });
    }
  }
  if (isAuthFailure(error)) {
    return new HubError('AUTH_REQUIRED', `"${ctx.server}" refused ${ctx.method}: authorization required; check its credentials.`, { cause: error });
  }
  return new HubError('UPSTREAM_ERROR', `${ctx.method} on "${ctx.server}" failed: ${errorMessage(error)}`, { cause: error });
}
