// The audit log writer: every tool call, from every face, becomes one row. Calls never wait for the
// database: rows are queued and written in one transaction every `flushMs` (250 ms) or as soon as
// `batchSize` (200) are waiting, and on dispose. Arguments are recorded only when the owner opted in,
// and then with secrets redacted; errors are always redacted. Old rows go by age and by count.
import type { AuditFace, AuditOutcome, AuditSettings, ServerStats } from '../../shared/api';
import type { JsonObject } from '../../shared/types';
import type { Clock } from '../core/clock';
import { errorMessage, HubError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Redactor } from '../core/redact';
import { OWNER_USER_ID } from '../store/accessMigration';
import type { AuditRecord, AuditRepo } from '../store/auditRepo';
import type { SettingsRepo } from '../store/settingsRepo';

/** Who made a call, and through which face. */
export interface CallerInfo {
  userId: string;
  tokenId?: string;
  tokenName?: string;
  /** The MCP client's name (clientInfo), when known. */
  client?: string;
  face: AuditFace;
}

/** The text of a tool error result (the first text block). */
export function toolErrorText(result: unknown): string {
  const content = (result as { content?: Array<{ type?: unknown; text?: unknown }> }).content;
  const text = Array.isArray(content) ? content.find((block) => block.type === 'text' && typeof block.text === 'string')?.text : undefined;
  return typeof text === 'string' ? text : 'the tool reported an error';
}

/** The caller of in-process calls that name none: the local owner. */
export const LOCAL_CALLER: CallerInfo = { userId: OWNER_USER_ID, face: 'local' };

/** The audit caller for a hub principal (hub/serve's Principal): token id and name when it is a token. */
export function callerFromPrincipal(principal: { userId: string; name: string; tokenId?: string }, face: AuditFace, client?: string): CallerInfo {
  return {
    userId: principal.userId,
    ...(principal.tokenId ? { tokenId: principal.tokenId, tokenName: principal.name } : {}),
    ...(client ? { client } : {}),
    face,
  };
}

export const AUDIT_SETTINGS_KEY = 'audit';
export const DEFAULT_AUDIT_SETTINGS: AuditSettings = { recordArguments: false, maxAgeDays: 30, maxRows: 100_000 };
/** Recorded arguments above this size are replaced by a note. */
const MAX_RECORDED_ARGS = 16_384;
const MAX_ERROR = 1_000;

export interface AuditLogOptions {
  repo: AuditRepo;
  settings: SettingsRepo;
  redactor: Redactor;
  clock: Clock;
  logger: Logger;
  flushMs?: number;
  batchSize?: number;
  /** How often retention runs (at most), default 10 minutes. */
  pruneEveryMs?: number;
  /** Upper bound on queued rows if the database refuses writes for a while. */
  maxQueue?: number;
}

/** How a call ended: its outcome, the error text (redacted when written) and the size of its result. */
export interface CallEnd {
  outcome: AuditOutcome;
  error?: string;
  resultBytes: number;
}

/** A finished call waiting for the next batch write. */
interface PendingRow extends CallEnd {
  call: ToolCallInfo;
  /** When the call started (clock milliseconds). */
  at: number;
  durationMs: number;
  recordArguments: boolean;
}

export interface ToolCallInfo {
  caller: CallerInfo;
  server: string;
  tool: string;
  args: JsonObject | undefined;
}

export class AuditLog {
  private queue: PendingRow[] = [];
  private timer: { cancel(): void } | undefined;
  private lastPrune = Number.NEGATIVE_INFINITY;
  private cachedSettings: { at: number; value: AuditSettings } | undefined;
  private disposed = false;
  private readonly flushMs: number;
  private readonly batchSize: number;
  private readonly pruneEveryMs: number;
  private readonly maxQueue: number;

  constructor(private readonly options: AuditLogOptions) {
    this.flushMs = options.flushMs ?? 250;
    this.batchSize = options.batchSize ?? 200;
    this.pruneEveryMs = options.pruneEveryMs ?? 10 * 60_000;
    this.maxQueue = options.maxQueue ?? 50_000;
  }

  /** Runs one tool call and records it (outcome, duration, sizes); the result or error passes through. */
  async record<T>(call: ToolCallInfo, run: () => Promise<T>): Promise<T> {
    const end = this.begin(call);
    try {
      const result = await run();
      const isError = (result as { isError?: unknown } | undefined)?.isError === true;
      end({ outcome: isError ? 'tool_error' : 'ok', ...(isError ? { error: toolErrorText(result) } : {}), resultBytes: byteLength(safeJson(result)) });
      return result;
    } catch (error) {
      end({ outcome: 'error', error: errorMessage(error), resultBytes: 0 });
      throw error;
    }
  }

  /**
   * Starts the record of a call whose outcome arrives later, without wrapping it in a promise (the
   * relay of hub/serve/passthrough.ts): call the returned function once, when the call ends.
   */
  begin(call: ToolCallInfo): (end: CallEnd) => void {
    const started = performance.now();
    const at = this.options.clock.now();
    let ended = false;
    return (end) => {
      if (ended) return;
      ended = true;
      // Whether arguments are kept follows the setting when the call ended, not when the batch is written.
      this.enqueue({ call, at, durationMs: Math.round((performance.now() - started) * 100) / 100, recordArguments: this.settings().recordArguments, ...end });
    };
  }

  settings(): AuditSettings {
    const now = this.options.clock.now();
    if (this.cachedSettings && now - this.cachedSettings.at < 1_000) return this.cachedSettings.value;
    const stored = this.options.settings.get<Partial<AuditSettings>>(AUDIT_SETTINGS_KEY) ?? {};
    const value: AuditSettings = {
      recordArguments: typeof stored.recordArguments === 'boolean' ? stored.recordArguments : DEFAULT_AUDIT_SETTINGS.recordArguments,
      maxAgeDays: positive(stored.maxAgeDays) ?? DEFAULT_AUDIT_SETTINGS.maxAgeDays,
      maxRows: positive(stored.maxRows) ?? DEFAULT_AUDIT_SETTINGS.maxRows,
    };
    this.cachedSettings = { at: now, value };
    return value;
  }

  updateSettings(patch: Partial<AuditSettings>): AuditSettings {
    const next = { ...this.settings(), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    this.options.settings.set(AUDIT_SETTINGS_KEY, next);
    this.cachedSettings = undefined;
    return this.settings();
  }

  /** Writes the queued rows now; returns how many. */
  flush(): number {
    this.timer?.cancel();
    this.timer = undefined;
    const batch = this.queue;
    if (batch.length === 0) return 0;
    this.queue = [];
    try {
      this.options.repo.insertMany(this.records(batch));
    } catch (error) {
      // Keep them for the next attempt, within bounds; a locked database is usually brief.
      this.queue = [...batch, ...this.queue].slice(-this.maxQueue);
      this.options.logger.warn(`could not write ${batch.length} audit rows; retrying: ${errorMessage(error)}`);
      this.schedule();
      return 0;
    }
    if (this.options.clock.now() - this.lastPrune >= this.pruneEveryMs) this.prune();
    return batch.length;
  }

  /** Applies retention (age and row count); returns how many rows went. */
  prune(): number {
    this.lastPrune = this.options.clock.now();
    const { maxAgeDays, maxRows } = this.settings();
    try {
      return this.options.repo.prune(new Date(this.lastPrune - maxAgeDays * 86_400_000).toISOString(), maxRows);
    } catch (error) {
      this.options.logger.warn(`audit retention failed: ${errorMessage(error)}`);
      return 0;
    }
  }

  /** Call count, error rate and median duration of one server since `sinceMs` ago (default 7 days). */
  stats(server: string, sinceMs = 7 * 86_400_000): ServerStats {
    this.flush();
    const since = new Date(this.options.clock.now() - sinceMs).toISOString();
    const row = this.options.repo.stats(server, since);
    return { server, since, calls: row.calls, errors: row.errors, errorRate: row.calls === 0 ? 0 : row.errors / row.calls, ...(row.p50DurationMs !== undefined ? { p50DurationMs: row.p50DurationMs } : {}), ...(row.lastCallAt ? { lastCallAt: row.lastCallAt } : {}) };
  }

  get pending(): number {
    return this.queue.length;
  }

  dispose(): void {
    if (this.disposed) return;
    this.flush();
    this.timer?.cancel();
    this.timer = undefined;
    this.disposed = true;
  }

  // Per call only what cannot wait (the clock, the duration, the outcome); the row itself (time
  // text, redaction, argument sizes) is made when the batch is written, off the call's path.
  private enqueue(row: PendingRow): void {
    if (this.disposed) {
      // A call that ends after dispose (shutdown) is still written, directly.
      this.options.repo.insertMany(this.records([row]));
      return;
    }
    this.queue.push(row);
    if (this.queue.length > this.maxQueue) this.queue.splice(0, this.queue.length - this.maxQueue);
    if (this.queue.length >= this.batchSize) {
      this.timer?.cancel();
      this.timer = this.options.clock.setTimeout(() => this.flush(), 0);
    } else this.schedule();
  }

  private records(rows: readonly PendingRow[]): AuditRecord[] {
    const { redactor } = this.options;
    return rows.map(({ call, at, durationMs, recordArguments, outcome, error, resultBytes }): AuditRecord => {
      const argsText = safeJson(call.args ?? {});
      return {
        time: new Date(at).toISOString(),
        userId: call.caller.userId,
        ...(call.caller.tokenId ? { tokenId: call.caller.tokenId } : {}),
        ...(call.caller.tokenName ? { tokenName: call.caller.tokenName } : {}),
        ...(call.caller.client ? { client: redactor.redact(call.caller.client).slice(0, 200) } : {}),
        face: call.caller.face,
        server: call.server,
        tool: call.tool,
        durationMs,
        outcome,
        ...(error !== undefined ? { error: redactor.redact(error).slice(0, MAX_ERROR) } : {}),
        argsBytes: byteLength(argsText),
        resultBytes,
        ...(recordArguments ? { arguments: this.recordedArguments(call.args ?? {}, argsText) } : {}),
      };
    });
  }

  private schedule(): void {
    this.timer ??= this.options.clock.setTimeout(() => this.flush(), this.flushMs);
  }

  private recordedArguments(args: JsonObject, argsText: string): unknown {
    if (byteLength(argsText) > MAX_RECORDED_ARGS) return { truncated: true, bytes: byteLength(argsText) };
    return this.options.redactor.redactValue(args);
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** `2030-01-01T00:00:00Z`, or a duration back from `now`: `30s`, `15m`, `12h`, `7d`, `2w`. */
export function parseSince(value: string, now: number): string {
  const match = /^(\d+)\s*(s|m|h|d|w)$/.exec(value.trim());
  if (match) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 's' | 'm' | 'h' | 'd' | 'w'];
    return new Date(now - Number(match[1]) * unit).toISOString();
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) {
    throw new HubError('VALIDATION_FAILED', `Invalid time ${JSON.stringify(value)}: give an ISO date-time (2030-01-31T09:00:00Z) or a duration back from now (30m, 12h, 7d).`);
  }
  return new Date(at).toISOString();
}
