import { isHubError } from '../../hub/core/errors';

// Starting and stopping the in-process hub, independent of Electron and of the hub's own types.

export const DEFAULT_HUB_PORT = 4242;

/** The hub reports a busy port as HubError CONFLICT caused by EADDRINUSE. */
export function isPortInUse(error: unknown): boolean {
  if (isHubError(error) && error.code === 'CONFLICT') {
    const cause = error.cause as { code?: unknown } | undefined;
    return cause?.code === 'EADDRINUSE';
  }
  return (error as { code?: unknown } | undefined)?.code === 'EADDRINUSE';
}

/** Starts on the preferred port; if that one is busy (another app, not another hub), on any free port. */
export async function startWithPortFallback<T>(start: (port: number) => Promise<T>, preferred: number = DEFAULT_HUB_PORT): Promise<T> {
  try {
    return await start(preferred);
  } catch (error) {
    if (preferred === 0 || !isPortInUse(error)) throw error;
    return start(0);
  }
}

export interface QuitCoordinatorOptions {
  /** Stops the hub: terminates upstreams, closes the database. */
  stop(): Promise<void>;
  /** Really exits (app.quit() again, now let through). */
  exit(): void;
  /** Gives up waiting for `stop` after this long; 10 s by default. */
  timeoutMs?: number;
  onError?(error: unknown): void;
}

/**
 * Quitting waits for the hub to stop. The first `before-quit` is held back (preventDefault), the
 * hub is stopped, then `exit()` quits for real; later `before-quit`s pass straight through.
 */
export class QuitCoordinator {
  private state: 'running' | 'stopping' | 'stopped' = 'running';

  constructor(private readonly options: QuitCoordinatorOptions) {}

  get quitting(): boolean {
    return this.state !== 'running';
  }

  /** Call from app.on('before-quit'). */
  onBeforeQuit(event: { preventDefault(): void }): void {
    if (this.state === 'stopped') return;
    event.preventDefault();
    if (this.state === 'stopping') return;
    this.state = 'stopping';
    void this.stopThenExit();
  }

  private async stopThenExit(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.options.onError?.(new Error(`The hub did not stop within ${this.options.timeoutMs ?? 10_000} ms; quitting anyway.`));
        resolve();
      }, this.options.timeoutMs ?? 10_000);
    });
    try {
      await Promise.race([this.options.stop(), timeout]);
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      clearTimeout(timer);
      this.state = 'stopped';
      this.options.exit();
    }
  }
}
