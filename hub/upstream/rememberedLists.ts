// The lists an upstream answered when it last ran, kept between runs of the hub (the store's
// remembered_lists table). While a restarted hub's first connect to the server is under way, the
// aggregator serves these instead of waiting, so a client that lists at once sees every server's
// tools; the server's next state drops them (hub/aggregate/aggregator.ts): its live lists once it
// runs, nothing if it fails or needs credentials, and clients hear list_changed either way. Only a
// server's first connect in a run uses them: after that, or after a failed attempt, the hub's
// lists show what is live.
import { errorMessage } from '../core/errors';
import type { Logger } from '../core/logger';
import type { ListKind } from './upstreamRequests';

/** Where one server's lists are kept (JSON text), for its current configuration only. */
export interface ListMemory {
  load(kind: ListKind): string | undefined;
  save(kind: ListKind, items: string): void;
}

export class RememberedLists {
  /** What was read (null: nothing remembered), so a list is parsed once per run. */
  private readonly recalled = new Map<ListKind, unknown[] | null>();
  /** The text last written or read, per kind, so an unchanged list is not written again. */
  private readonly stored = new Map<ListKind, string>();
  private connected = false;
  private disposed = false;

  constructor(
    private readonly memory: ListMemory,
    private readonly log: Logger,
  ) {}

  /** The remembered list, until the server has connected once in this run. */
  recall(kind: ListKind): unknown[] | undefined {
    if (this.connected || this.disposed) return undefined;
    let items = this.recalled.get(kind);
    if (items === undefined) {
      items = this.read(kind) ?? null;
      this.recalled.set(kind, items);
    }
    return items ?? undefined;
  }

  /** The server runs: from now on its lists are live ones. */
  markConnected(): void {
    this.connected = true;
    this.recalled.clear();
  }

  /** A list the server has just answered: remembered, once the answer is on its way, if it changed. */
  listed(kind: ListKind, items: unknown[]): void {
    setImmediate(() => {
      if (this.disposed) return;
      try {
        const text = JSON.stringify(items);
        if (text === (this.stored.get(kind) ?? this.memory.load(kind))) {
          this.stored.set(kind, text);
          return;
        }
        this.memory.save(kind, text);
        this.stored.set(kind, text);
      } catch (error) {
        this.log.warn('could not remember the server\'s list for the next start', { kind, error: errorMessage(error) });
      }
    });
  }

  dispose(): void {
    this.disposed = true;
    this.recalled.clear();
  }

  private read(kind: ListKind): unknown[] | undefined {
    try {
      const text = this.memory.load(kind);
      if (text === undefined) return undefined;
      const items: unknown = JSON.parse(text);
      if (!Array.isArray(items) || !items.every((item) => isListItem(kind, item))) {
        this.log.warn('ignoring a remembered list that is not a list of the server\'s items', { kind });
        return undefined;
      }
      this.stored.set(kind, text);
      return items;
    } catch (error) {
      this.log.warn('ignoring a remembered list that cannot be read', { kind, error: errorMessage(error) });
      return undefined;
    }
  }
}

/** The key field every item of a list has (a name, a URI, a URI template), as the aggregator reads it. */
const KEY_FIELD: Record<ListKind, string> = { tools: 'name', prompts: 'name', resources: 'uri', resourceTemplates: 'uriTemplate' };

function isListItem(kind: ListKind, item: unknown): boolean {
  return typeof item === 'object' && item !== null && typeof (item as Record<string, unknown>)[KEY_FIELD[kind]] === 'string';
}
