// Running requests on an upstream's live connection: waiting for it, tracking the call (so pushed
// server-to-client requests find their requester), failing promptly when the connection is lost,
// mapping every failure to a HubError, and the in-memory list cache.
import type { RequestOptions } from '@modelcontextprotocol/client';
import { HubError } from '../core/errors';
import { InFlightRegistry } from './inflight';
import type { UpstreamCallContext } from './types';
import type { ListKind, Live } from './upstreamRequests';
import { wire } from './wireLoader';

export interface CallRunnerHost {
  server: string;
  requestTimeoutMs: number;
  /** The live connection, waiting (briefly) for a reconnect; rejects with a HubError. */
  liveConnection(signal: AbortSignal | undefined): Promise<Live>;
  /** Told of each list fetched from the server (not of answers from the cache). */
  listed?(kind: ListKind, items: unknown[]): void;
}

export class CallRunner {
  /** Cached lists of the current connection; cleared on list_changed and on reconnect. */
  readonly lists = new Map<ListKind, Promise<unknown[]>>();
  readonly inflight = new InFlightRegistry();

  constructor(private readonly host: CallRunnerHost) {}

  /** Runs one request on the live connection: waits for it, tracks the call, maps every failure. */
  async run<T>(method: string, ctx: UpstreamCallContext | undefined, fn: (live: Live, options: RequestOptions) => Promise<T>): Promise<T> {
    const timeoutMs = ctx?.timeoutMs ?? this.host.requestTimeoutMs;
    if (ctx?.signal?.aborted) throw new HubError('CANCELLED', `The request to "${this.host.server}" was cancelled.`);
    const live = await this.host.liveConnection(ctx?.signal);
    const call = this.inflight.add({ method, ...(ctx?.requester && { requester: ctx.requester }), ...(ctx?.onLog && { onLog: ctx.onLog }) });
    const onProgress = ctx?.onProgress;
    const options: RequestOptions = {
      signal: ctx?.signal ? AbortSignal.any([ctx.signal, live.lostController.signal]) : live.lostController.signal,
      timeout: timeoutMs,
      resetTimeoutOnProgress: true,
      ...(onProgress && {
        onprogress: (p: { progress: number; total?: number; message?: string }) =>
          onProgress({ progress: p.progress, ...(p.total !== undefined && { total: p.total }), ...(p.message !== undefined && { message: p.message }) }),
      }),
    };
    // Fail promptly when the connection goes away, whatever state the SDK request is in.
    let failCall: (error: HubError) => void = () => undefined;
    const lost = new Promise<never>((_resolve, reject) => (failCall = reject));
    lost.catch(() => undefined);
    live.waiters.add(failCall);
    try {
      return await Promise.race([fn(live, options), lost]);
    } catch (error) {
      if (ctx?.signal?.aborted) throw new HubError('CANCELLED', `The ${method} request to "${this.host.server}" was cancelled.`, { cause: error });
      if (live.closing) throw await this.lostError(live);
      // A request ran on a live connection, so its connect loaded the SDK side.
      throw wire().toUpstreamError(error, { server: this.host.server, method, timeoutMs });
    } finally {
      live.waiters.delete(failCall);
      this.inflight.remove(call);
    }
  }

  /** The error describing why a live connection was lost (available one macrotask after the loss). */
  private async lostError(live: Live): Promise<HubError> {
    if (!live.lost) await new Promise<void>((resolve) => setImmediate(resolve));
    return live.lost ?? new HubError('UPSTREAM_UNAVAILABLE', `Lost the connection to "${this.host.server}"; the hub reconnects automatically, retry shortly.`);
  }

  cachedList<T>(kind: ListKind, fetch: (live: Live, options: RequestOptions) => Promise<T[]>): Promise<T[]> {
    const cached = this.lists.get(kind) as Promise<T[]> | undefined;
    if (cached) return cached;
    const promise: Promise<T[]> = this.run(`${kind} list`, undefined, fetch).then(
      (items) => {
        this.host.listed?.(kind, items);
        return items;
      },
      (error: unknown) => {
        if (this.lists.get(kind) === promise) this.lists.delete(kind);
        throw error;
      },
    );
    this.lists.set(kind, promise);
    return promise;
  }
}
