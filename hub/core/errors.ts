import type { HubErrorCode } from '../../shared/errors';

/**
 * The one error type of the hub. `code` is a stable string; `message` says what was wrong and what
 * to do about it, and never contains a secret (run untrusted text through `redact` first).
 * Local errors become JSON-RPC errors only in hub/serve, and `{error:{code,message}}` bodies only
 * in the admin API.
 */
export class HubError extends Error {
  readonly code: HubErrorCode;
  readonly details?: unknown;

  constructor(code: HubErrorCode, message: string, options: { cause?: unknown; details?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubError';
    this.code = code;
    this.details = options.details;
  }
}

export function isHubError(value: unknown): value is HubError {
  return value instanceof HubError;
}

/** A short, human message for any thrown value. */
export function errorMessage(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** A duration for messages: `30 s` for whole seconds, else `1500 ms`. */
export function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Wraps any thrown value as a HubError, keeping HubErrors as they are. */
export function toHubError(value: unknown, fallback: HubErrorCode = 'INTERNAL'): HubError {
  if (value instanceof HubError) return value;
  return new HubError(fallback, errorMessage(value), { cause: value });
}
