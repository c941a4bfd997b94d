// The cached protocol-era verdict of an upstream: which era it spoke at the last probe, so later
// connects skip the probe. Kept free of the MCP SDK (serve reads it before the SDK is loaded).
import type { JsonObject } from '../../shared/types';

/** A cached protocol-era verdict (the gateway guide's `PriorDiscovery`), dated by us. */
export type PriorVerdict = ({ kind: 'modern'; discover: JsonObject } | { kind: 'legacy' }) & {
  /** When the verdict was stored (Clock.now() milliseconds). */
  storedAt: number;
};

/** Where one upstream's verdict is kept between connects (e.g. a SQLite row). */
export interface VerdictStore {
  load(): PriorVerdict | undefined;
  save(verdict: PriorVerdict): void;
}

/** Past this age a verdict is not supplied: the next connect probes again (and re-stores). */
export const VERDICT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The settings key of a server's verdict (by id: a renamed server keeps it, a re-added one probes afresh). */
export function verdictKey(serverId: string): string {
  return `era-verdict:${serverId}`;
}

/** Whether `verdict` is young enough to be used at `now`. */
export function isFreshVerdict(verdict: PriorVerdict | undefined, now: number): verdict is PriorVerdict {
  return verdict !== undefined && now - verdict.storedAt < VERDICT_MAX_AGE_MS;
}
