// Notices commits made by OTHER processes (the CLI writing while the hub runs) by polling
// `PRAGMA data_version`, which changes only for commits from other connections.
import type { Database } from 'better-sqlite3';
import type { Clock } from '../core/clock';
import { errorMessage } from '../core/errors';
import { silentLogger } from '../core/logger';
import type { Logger } from '../core/logger';

export interface StoreWatcherOptions {
  clock: Clock;
  logger?: Logger;
  /** Default 500. */
  intervalMs?: number;
}

export class StoreWatcher {
  private readonly listeners = new Set<() => void>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly intervalMs: number;
  private timer: { cancel(): void } | undefined;
  private lastVersion: number | undefined;
  private running = false;

  constructor(
    private readonly db: Database,
    options: StoreWatcherOptions,
  ) {
    this.clock = options.clock;
    this.logger = (options.logger ?? silentLogger).child({ component: 'storeWatcher' });
    this.intervalMs = options.intervalMs ?? 500;
  }

  /** Called after another process committed a change. Returns an unsubscribe function. */
  onChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => {
      this.listeners.delete(cb);
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastVersion = this.readVersion();
    this.schedule();
  }

  /** Checks once, now (also what each poll does). Returns true when a change was seen. */
  check(): boolean {
    const version = this.readVersion();
    if (version === undefined || version === this.lastVersion) return false;
    const changed = this.lastVersion !== undefined;
    this.lastVersion = version;
    if (!changed) return false;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        this.logger.error('a store change listener failed', { error: errorMessage(error) });
      }
    }
    return true;
  }

  dispose(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.listeners.clear();
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.running) return;
      this.check();
      if (this.running) this.schedule();
    }, this.intervalMs);
  }

  private readVersion(): number | undefined {
    if (!this.db.open) return undefined;
    try {
      return Number(this.db.pragma('data_version', { simple: true }));
    } catch (error) {
      this.logger.warn('cannot read the database change counter', { error: errorMessage(error) });
      return undefined;
    }
  }
}
