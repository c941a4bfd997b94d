import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../hub/core/clock';
import type { LogEntry, Logger } from '../../../hub/core/logger';
import { createLogger } from '../../../hub/core/logger';

/** A clock that moves only when the test says so; timers fire on advance(). */
export class ManualClock implements Clock {
  private timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
  constructor(private current = Date.parse('2030-01-01T00:00:00Z')) {}
  now(): number {
    return this.current;
  }
  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer = { at: this.current + ms, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => !t.cancelled && t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.current = due.at;
      due.cancelled = true;
      due.fn();
    }
    this.current = target;
    this.timers = this.timers.filter((t) => !t.cancelled);
  }
  pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}

export function tempDir(prefix = 'patchbay-store-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function recordingLogger(): { logger: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return { logger: createLogger({ level: 'debug', sinks: [(e) => entries.push(e)] }), entries };
}
