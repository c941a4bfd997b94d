// Authorization-code flows in progress: one per `connect`, found again by its `state` when the
// browser comes back to /oauth/callback. A state is used once (a replayed callback, or one with a
// state the hub never issued, is refused) and expires after ten minutes. Outcomes are kept a while
// so the CLI can poll how its flow ended.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { StoredClient } from './authSecrets';
import type { OAuthEndpoints } from './oauthDiscovery';

export const FLOW_TTL_MS = 10 * 60_000;

export interface PendingFlow {
  serverId: string;
  server: string;
  userId: string;
  codeVerifier: string;
  redirectUri: string;
  endpoints: OAuthEndpoints;
  client: StoredClient;
  expiresAt: number;
}

export type FlowOutcome = { status: 'pending' | 'done' | 'failed'; message?: string; server: string; userId: string };

export class ConnectFlows {
  private readonly pending = new Map<string, PendingFlow>();
  private readonly outcomes = new Map<string, FlowOutcome & { until: number }>();
  private readonly waiters = new Map<string, Set<(outcome: FlowOutcome) => void>>();

  constructor(private readonly clock: Clock) {}

  static newState(): string {
    return randomBytes(32).toString('base64url');
  }

  add(state: string, flow: PendingFlow): void {
    this.sweep();
    this.pending.set(state, flow);
    this.outcomes.set(state, { status: 'pending', server: flow.server, userId: flow.userId, until: flow.expiresAt });
  }

  /** Takes the flow of `state` out (single use); undefined when unknown, used or expired. */
  take(state: string): PendingFlow | undefined {
    this.sweep();
    const flow = this.pending.get(state);
    this.pending.delete(state);
    return flow;
  }

  finish(state: string, outcome: FlowOutcome): void {
    this.outcomes.set(state, { ...outcome, until: this.clock.now() + FLOW_TTL_MS });
    for (const waiter of this.waiters.get(state) ?? []) waiter(outcome);
    this.waiters.delete(state);
  }

  outcome(state: string): FlowOutcome | undefined {
    this.sweep();
    const found = this.outcomes.get(state);
    if (!found) return undefined;
    const { until: _until, ...outcome } = found;
    return outcome;
  }

  /** Resolves when the flow of `state` is done or failed. */
  wait(state: string, signal?: AbortSignal): Promise<FlowOutcome> {
    const now = this.outcome(state);
    if (now && now.status !== 'pending') return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const set = this.waiters.get(state) ?? new Set();
      const waiter = (outcome: FlowOutcome): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const onAbort = (): void => {
        set.delete(waiter);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      set.add(waiter);
      this.waiters.set(state, set);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  dispose(): void {
    this.pending.clear();
    this.outcomes.clear();
    this.waiters.clear();
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [state, flow] of this.pending) {
      if (flow.expiresAt <= now) {
        this.pending.delete(state);
        this.finish(state, { status: 'failed', message: `The authorization for "${flow.server}" was not completed within 10 minutes. Run \`patchbay auth connect ${flow.server}\` again.`, server: flow.server, userId: flow.userId });
      }
    }
    for (const [state, outcome] of this.outcomes) if (outcome.until <= now && !this.pending.has(state)) this.outcomes.delete(state);
  }
}
