// The audit log table: one row per tool call. Rows arrive in batches from the AuditLog writer
// (hub/access/auditLog.ts); reads filter by server, user, tool, outcome and time.
import type { Database } from 'better-sqlite3';
import type { AuditEntry, AuditFace, AuditOutcome } from '../../shared/api';

/** A row to write: everything but the id. */
export type AuditRecord = Omit<AuditEntry, 'id' | 'user'>;

export interface AuditFilter {
  server?: string;
  userId?: string;
  tool?: string;
  outcome?: AuditOutcome;
  /** Inclusive ISO time bounds. */
  since?: string;
  until?: string;
  /** Servers whose rows to include; undefined = all. */
  servers?: readonly string[];
  /** A reader who is not the owner sees their own rows and the rows of the servers they manage. */
  visibleTo?: { userId: string; servers: readonly string[] };
  limit?: number;
  /** Newest first (default, for lists) or oldest first (exports). */
  order?: 'desc' | 'asc';
}

export interface AuditStatsRow {
  calls: number;
  errors: number;
  p50DurationMs?: number;
  lastCallAt?: string;
}

interface Row {
  id: number;
  time: string;
  user_id: string;
  token_id: string | null;
  token_name: string | null;
  client: string | null;
  face: AuditFace;
  server: string;
  tool: string;
  duration_ms: number;
  outcome: AuditOutcome;
  error: string | null;
  args_bytes: number;
  result_bytes: number;
  arguments: string | null;
}

export class AuditRepo {
  constructor(private readonly db: Database) {}

  /** Writes a batch in one transaction. */
  insertMany(records: readonly AuditRecord[]): void {
    if (records.length === 0) return;
    const insert = this.db.prepare(
      `INSERT INTO audit_log (time, user_id, token_id, token_name, client, face, server, tool, duration_ms, outcome, error, args_bytes, result_bytes, arguments)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const r of records) {
        insert.run(
          r.time, r.userId, r.tokenId ?? null, r.tokenName ?? null, r.client ?? null, r.face, r.server, r.tool, r.durationMs, r.outcome,
          r.error ?? null, r.argsBytes, r.resultBytes, r.arguments === undefined ? null : JSON.stringify(r.arguments),
        );
      }
    })();
  }

  query(filter: AuditFilter = {}): AuditEntry[] {
    const { where, params } = whereClause(filter);
    const order = filter.order === 'asc' ? 'ASC' : 'DESC';
    const limit = filter.limit ?? 1000;
    const rows = this.db.prepare(`SELECT * FROM audit_log ${where} ORDER BY id ${order} LIMIT ?`).all(...params, limit) as Row[];
    return rows.map(toEntry);
  }

  /** Iterates matching rows oldest first without loading them all (exports). */
  *iterate(filter: AuditFilter = {}): Generator<AuditEntry> {
    const { where, params } = whereClause(filter);
    const limit = filter.limit ?? -1;
    for (const row of this.db.prepare(`SELECT * FROM audit_log ${where} ORDER BY id ASC LIMIT ?`).iterate(...params, limit)) yield toEntry(row as Row);
  }

  count(filter: AuditFilter = {}): number {
    const { where, params } = whereClause(filter);
    return (this.db.prepare(`SELECT count(*) AS n FROM audit_log ${where}`).get(...params) as { n: number }).n;
  }

  stats(server: string, since: string): AuditStatsRow {
    const totals = this.db
      .prepare("SELECT count(*) AS calls, sum(outcome <> 'ok') AS errors, max(time) AS last FROM audit_log WHERE server = ? AND time >= ?")
      .get(server, since) as { calls: number; errors: number | null; last: string | null };
    let p50: number | undefined;
    if (totals.calls > 0) {
      const row = this.db
        .prepare('SELECT duration_ms FROM audit_log WHERE server = ? AND time >= ? ORDER BY duration_ms LIMIT 1 OFFSET ?')
        .get(server, since, Math.floor((totals.calls - 1) / 2)) as { duration_ms: number } | undefined;
      p50 = row?.duration_ms;
    }
    return { calls: totals.calls, errors: totals.errors ?? 0, ...(p50 !== undefined ? { p50DurationMs: p50 } : {}), ...(totals.last ? { lastCallAt: totals.last } : {}) };
  }

  /** Deletes rows older than `before` and all but the newest `maxRows`; returns how many went. */
  prune(before: string, maxRows: number): number {
    let removed = this.db.prepare('DELETE FROM audit_log WHERE time < ?').run(before).changes;
    removed += this.db.prepare('DELETE FROM audit_log WHERE id <= (SELECT id FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET ?)').run(maxRows).changes;
    return removed;
  }
}

function whereClause(filter: AuditFilter): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    parts.push(sql);
    params.push(value);
  };
  if (filter.server !== undefined) add('server = ?', filter.server);
  if (filter.userId !== undefined) add('user_id = ?', filter.userId);
  if (filter.tool !== undefined) add('tool = ?', filter.tool);
  if (filter.outcome !== undefined) add('outcome = ?', filter.outcome);
  if (filter.since !== undefined) add('time >= ?', filter.since);
  if (filter.until !== undefined) add('time <= ?', filter.until);
  if (filter.servers !== undefined) {
    if (filter.servers.length === 0) parts.push('0');
    else {
      parts.push(`server IN (${filter.servers.map(() => '?').join(', ')})`);
      params.push(...filter.servers);
    }
  }
  if (filter.visibleTo !== undefined) {
    const managed = filter.visibleTo.servers;
    parts.push(managed.length === 0 ? 'user_id = ?' : `(user_id = ? OR server IN (${managed.map(() => '?').join(', ')}))`);
    params.push(filter.visibleTo.userId, ...managed);
  }
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

function toEntry(row: Row): AuditEntry {
  return {
    id: row.id,
    time: row.time,
    userId: row.user_id,
    ...(row.token_id !== null ? { tokenId: row.token_id } : {}),
    ...(row.token_name !== null ? { tokenName: row.token_name } : {}),
    ...(row.client !== null ? { client: row.client } : {}),
    face: row.face,
    server: row.server,
    tool: row.tool,
    durationMs: row.duration_ms,
    outcome: row.outcome,
    ...(row.error !== null ? { error: row.error } : {}),
    argsBytes: row.args_bytes,
    resultBytes: row.result_bytes,
    ...(row.arguments !== null ? { arguments: parseJson(row.arguments) } : {}),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
