// The calls of one upstream that are waiting for an answer (server-to-client requests and log
// messages find their requester here). Kept apart from serverRequests.ts, which needs the MCP SDK:
// every McpUpstream holds a registry from its construction, long before its first connect loads the SDK.
import type { DownstreamRequester, UpstreamLogMessage } from './types';

export interface InFlightCall {
  readonly id: number;
  readonly method: string;
  readonly requester?: DownstreamRequester;
  readonly onLog?: (message: UpstreamLogMessage) => void;
}

/** The calls of one upstream that are waiting for an answer, in the order they started. */
export class InFlightRegistry {
  private readonly calls = new Map<number, InFlightCall>();
  private nextId = 1;

  add(call: Omit<InFlightCall, 'id'>): InFlightCall {
    const entry: InFlightCall = { ...call, id: this.nextId++ };
    this.calls.set(entry.id, entry);
    return entry;
  }

  remove(call: InFlightCall): void {
    this.calls.delete(call.id);
  }

  get size(): number {
    return this.calls.size;
  }

  /** The most recently started call that has a requester. */
  latestWithRequester(): InFlightCall | undefined {
    const all = [...this.calls.values()];
    for (let i = all.length - 1; i >= 0; i--) {
      const call = all[i];
      if (call?.requester) return call;
    }
    return undefined;
  }

  /** Delivers an upstream log message to every in-flight call that listens for logs. */
  log(message: UpstreamLogMessage): void {
    for (const call of this.calls.values()) {
      try {
        call.onLog?.(message);
      } catch {
        // A failing listener must not break the others.
      }
    }
  }
}
