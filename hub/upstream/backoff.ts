export interface BackoffPolicy {
  /** Delay before the first retry. */
  initialMs: number;
  /** Upper bound; the delay doubles per consecutive failure until it reaches this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000 };

/** A connection that stayed up this long counts as healthy: the next failure starts from `initialMs`. */
export const HEALTHY_AFTER_MS = 60_000;

/** Delay before retry number `failures` (1 = after the first failure). */
export function backoffDelay(policy: BackoffPolicy, failures: number): number {
  const exponent = Math.max(0, failures - 1);
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(exponent, 30));
}
