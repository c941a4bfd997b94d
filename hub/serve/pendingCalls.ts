import { randomBytes } from 'node:crypto';
import type { JsonObject } from '../../shared/types';
import { HubError } from '../core/errors';
import type { DownstreamRequester } from '../upstream/types';

// Continuations for 2026-07-28 clients. Such a client has no server-to-client request channel: a
// server asks it for input by answering `input_required`, and the client retries the call with
// the answers. An upstream call, though, keeps running while it waits for input (a 2025-era
// upstream pushes `elicitation/create` mid-call and blocks on the answer). So the hub keeps the
// upstream call alive in a PendingCall, answers the client `input_required` with a `requestState`
// that names the PendingCall, and resumes it when the retry arrives with the answers.
//
// The requestState is a random 128-bit handle bound to the principal that started the call; a
// retry from anyone else, or after expiry, is refused.

export type InputRequestMethod = 'elicitation/create' | 'sampling/createMessage' | 'roots/list';

export interface InputRequestOut {
  method: InputRequestMethod;
  params?: JsonObject;
}

export type PendingOutcome<T> = { kind: 'done'; value: T } | { kind: 'input'; requests: Record<string, InputRequestOut>; state: string };

interface Need {
  request: InputRequestOut;
  resolve: (value: JsonObject) => void;
  reject: (error: unknown) => void;
}

class PendingCall<T> {
  readonly id = randomBytes(16).toString('base64url');
  readonly abort = new AbortController();
  private readonly needs = new Map<string, Need>();
  private nextKey = 0;
  private outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  private wake: (() => void) | undefined;
  expiresAt = 0;

  constructor(
    readonly owner: string,
    readonly requester: DownstreamRequester,
    /** The caller's own data for this call (e.g. where progress goes), handed back on resume. */
    readonly context: unknown,
  ) {}

  settle(outcome: { ok: true; value: T } | { ok: false; error: unknown }): void {
    this.outcome = outcome;
    this.wake?.();
  }

  ask(request: InputRequestOut): Promise<JsonObject> {
    return new Promise<JsonObject>((resolve, reject) => {
      const key = `r${this.nextKey++}`;
      this.needs.set(key, { request, resolve, reject });
      this.wake?.();
    });
  }

  /** Feeds the retry's answers to the needs they answer; unanswered needs are asked again. */
  answer(responses: Record<string, unknown> | undefined): void {
    for (const [key, need] of this.needs) {
      const response = responses?.[key];
      if (response && typeof response === 'object') {
        this.needs.delete(key);
        need.resolve(response as JsonObject);
      }
    }
  }

  /** Waits until the call finishes or needs input the client has not been asked for yet. */
  async next(): Promise<PendingOutcome<T>> {
    for (;;) {
      if (this.outcome) {
        if (this.outcome.ok) return { kind: 'done', value: this.outcome.value };
        throw this.outcome.error;
      }
      if (this.needs.size > 0) {
        const requests: Record<string, InputRequestOut> = {};
        for (const [key, need] of this.needs) requests[key] = need.request;
        return { kind: 'input', requests, state: this.id };
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }

  cancel(reason: HubError): void {
    for (const need of this.needs.values()) need.reject(reason);
    this.needs.clear();
    this.abort.abort(reason);
  }
}

export interface PendingCallsOptions {
  /** How long a call waits for the client to come back with answers. */
  ttlMs?: number;
  now?: () => number;
}

export class PendingCalls {
  private readonly calls = new Map<string, PendingCall<unknown>>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: PendingCallsOptions = {}) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), Math.min(this.ttlMs, 30_000));
    this.sweeper.unref();
  }

  /**
   * Starts `run` with a requester whose requests become input_required rounds, and returns the
   * first outcome: the result, or the input the client must provide.
   */
  async start<T>(
    owner: string,
    clientCapabilities: JsonObject,
    run: (requester: DownstreamRequester, signal: AbortSignal) => Promise<T>,
    context?: unknown,
  ): Promise<PendingOutcome<T>> {
    // `call` is declared below; the requester's methods only run after it exists.
    const requester: DownstreamRequester = {
      clientCapabilities,
      elicit: (params) => needCapability(clientCapabilities, 'elicitation', () => call.ask({ method: 'elicitation/create', params })),
      createMessage: (params) => needCapability(clientCapabilities, 'sampling', () => call.ask({ method: 'sampling/createMessage', params })),
      listRoots: () => needCapability(clientCapabilities, 'roots', () => call.ask({ method: 'roots/list' })),
    };
    const call = new PendingCall<T>(owner, requester, context);
    run(requester, call.abort.signal).then(
      (value) => call.settle({ ok: true, value }),
      (error: unknown) => call.settle({ ok: false, error }),
    );
    return this.step(call);
  }

  /**
   * Resumes the call named by `state` with the client's answers. `onResume` receives the context
   * given to `start` first (e.g. to point progress at this new exchange).
   */
  async resume<T>(state: string, owner: string, responses: Record<string, unknown> | undefined, onResume?: (context: unknown) => void): Promise<PendingOutcome<T>> {
    const call = this.calls.get(state) as PendingCall<T> | undefined;
    if (!call || call.owner !== owner) {
      throw new HubError('BAD_REQUEST', 'This requestState is unknown or has expired. Call the tool again without requestState to start over.');
    }
    this.calls.delete(state);
    onResume?.(call.context);
    call.answer(responses);
    return this.step(call);
  }

  /** Cancels a call that is waiting for the client (the client cancelled or went away). */
  cancel(state: string, reason: HubError): void {
    const call = this.calls.get(state);
    if (!call) return;
    this.calls.delete(state);
    call.cancel(reason);
  }

  get size(): number {
    return this.calls.size;
  }

  dispose(): void {
    clearInterval(this.sweeper);
    for (const call of this.calls.values()) call.cancel(new HubError('CANCELLED', 'The hub is shutting down.'));
    this.calls.clear();
  }

  private async step<T>(call: PendingCall<T>): Promise<PendingOutcome<T>> {
    const outcome = await call.next();
    if (outcome.kind === 'input') {
      call.expiresAt = this.now() + this.ttlMs;
      this.calls.set(call.id, call as PendingCall<unknown>);
    }
    return outcome;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, call] of this.calls) {
      if (call.expiresAt <= now) {
        this.calls.delete(id);
        call.cancel(new HubError('CANCELLED', 'The client did not answer the input request in time; the call was cancelled.'));
      }
    }
  }
}

function needCapability<T>(capabilities: JsonObject, name: string, ask: () => Promise<T>): Promise<T> {
  if (!capabilities[name]) {
    return Promise.reject(new HubError('CAPABILITY_MISSING', `The connected client does not support ${name}, which this server asked for. Use a client that declares the "${name}" capability.`));
  }
  return ask();
}
