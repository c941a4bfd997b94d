import type { Redactor } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface LogEntry {
  time: string;
  level: LogLevel;
  message: string;
  fields: LogFields;
}

/** The injected logger. Never `console` inside hub/. Fields and messages are redacted by the sink. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every entry. */
  child(fields: LogFields): Logger;
}

export type LogSink = (entry: LogEntry) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  sinks: LogSink[];
  redactor?: Redactor;
  now?: () => Date;
}

export function createLogger(options: LoggerOptions, base: LogFields = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const now = options.now ?? (() => new Date());
  const emit = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (ORDER[level] < min) return;
    const merged = fields ? { ...base, ...fields } : base;
    const entry: LogEntry = {
      time: now().toISOString(),
      level,
      message: options.redactor ? options.redactor.redact(message) : message,
      fields: options.redactor ? (options.redactor.redactValue(merged) as LogFields) : merged,
    };
    for (const sink of options.sinks) {
      try {
        sink(entry);
      } catch {
        // A failing sink must never break the caller.
      }
    }
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(options, { ...base, ...fields }),
  };
}

/** Keeps the last `capacity` entries in memory, for `/api/logs` and the UI. */
export class LogRing {
  private readonly entries: LogEntry[] = [];
  constructor(private readonly capacity = 1000) {}
  readonly sink: LogSink = (entry) => {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  };
  list(filter: { level?: LogLevel; limit?: number } = {}): LogEntry[] {
    const min = ORDER[filter.level ?? 'debug'];
    const matching = this.entries.filter((entry) => ORDER[entry.level] >= min);
    return matching.slice(-(filter.limit ?? 200));
  }
}

/** One line per entry to a writable stream (stderr for `patchbay serve`). */
export function streamSink(write: (line: string) => void, format: 'json' | 'pretty' = 'pretty'): LogSink {
  return (entry) => {
    if (format === 'json') {
      write(`${JSON.stringify(entry)}\n`);
      return;
    }
    const fields = Object.keys(entry.fields).length > 0 ? ` ${JSON.stringify(entry.fields)}` : '';
    write(`${entry.time} ${entry.level.padEnd(5)} ${entry.message}${fields}\n`);
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
