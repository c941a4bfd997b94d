import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, callerFromPrincipal, parseSince } from '../../../hub/access/auditLog';
import { silentLogger } from '../../../hub/core/logger';
import { Redactor } from '../../../hub/core/redact';
import type { ToolResult } from '../../../shared/types';
import { testStore } from './helpers';

let t: ReturnType<typeof testStore>;
let redactor: Redactor;
let audit: AuditLog;
const caller = { userId: 'owner', tokenId: 'abcd1234', tokenName: 'cursor', client: 'Cursor', face: 'mcp' as const };
const ok = (text: string): Promise<ToolResult> => Promise.resolve({ content: [{ type: 'text', text }] });

beforeEach(() => {
  t = testStore();
  redactor = new Redactor();
  audit = new AuditLog({ repo: t.store.audit, settings: t.store.settings, redactor, clock: t.clock, logger: silentLogger });
});
afterEach(() => {
  audit.dispose();
  t.cleanup();
});

describe('AuditLog', () => {
  it('queues rows and writes them after 250 ms, not during the call', async () => {
    const result = await audit.record({ caller, server: 'github', tool: 'search', args: { q: 'mcp' } }, () => ok('found'));
    expect(result.content[0]?.text).toBe('found');
    expect(t.store.audit.count()).toBe(0);
    expect(audit.pending).toBe(1);
    t.clock.advance(249);
    expect(t.store.audit.count()).toBe(0);
    t.clock.advance(1);
    expect(t.store.audit.count()).toBe(1);
    const [row] = t.store.audit.query();
    expect(row).toMatchObject({ userId: 'owner', tokenId: 'abcd1234', tokenName: 'cursor', client: 'Cursor', face: 'mcp', server: 'github', tool: 'search', outcome: 'ok', argsBytes: Buffer.byteLength('{"q":"mcp"}') });
    expect(row?.resultBytes).toBe(Buffer.byteLength(JSON.stringify({ content: [{ type: 'text', text: 'found' }] })));
    expect(row?.arguments).toBeUndefined();
    expect(row?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('writes as soon as 200 rows wait', async () => {
    for (let i = 0; i < 200; i++) await audit.record({ caller, server: 's', tool: 't', args: {} }, () => ok(String(i)));
    t.clock.advance(0);
    expect(t.store.audit.count()).toBe(200);
  });

  it('records tool errors and thrown errors, redacted, and rethrows', async () => {
    redactor.add('sk-live-0123456789');
    await audit.record({ caller, server: 's', tool: 'fails', args: {} }, () => Promise.resolve({ content: [{ type: 'text', text: 'bad key sk-live-0123456789' }], isError: true }));
    await expect(audit.record({ caller, server: 's', tool: 'throws', args: {} }, () => Promise.reject(new Error('upstream said Bearer abcdefghijkl and sk-live-0123456789')))).rejects.toThrow(/upstream said/);
    audit.flush();
    const rows = t.store.audit.query({ order: 'asc' });
    expect(rows.map((r) => r.outcome)).toEqual(['tool_error', 'error']);
    expect(rows[0]?.error).toBe('bad key [redacted]');
    expect(rows[1]?.error).toBe('upstream said Bearer [redacted] and [redacted]');
    expect(rows[1]?.resultBytes).toBe(0);
  });

  it('records arguments only when opted in, with registered secrets, secret fields and token shapes redacted', async () => {
    redactor.add('hunter2-very-secret');
    const args = { text: 'my key is hunter2-very-secret', password: 'pw-123456', nested: { note: 'pb_0123abcd_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' } };
    await audit.record({ caller, server: 's', tool: 'off', args }, () => ok('x'));
    audit.updateSettings({ recordArguments: true });
    await audit.record({ caller, server: 's', tool: 'on', args }, () => ok('x'));
    audit.flush();
    const [off, on] = t.store.audit.query({ order: 'asc' });
    expect(off?.arguments).toBeUndefined();
    expect(on?.arguments).toEqual({ text: 'my key is [redacted]', password: '[redacted]', nested: { note: '[redacted]' } });
    const everything = JSON.stringify(t.store.db.prepare('SELECT * FROM audit_log').all());
    expect(everything).not.toContain('hunter2-very-secret');
    expect(everything).not.toContain('pw-123456');
  });

  it('keeps rows by age and by count', async () => {
    audit.updateSettings({ maxAgeDays: 1, maxRows: 3 });
    for (let i = 0; i < 5; i++) {
      await audit.record({ caller, server: 's', tool: `t${i}`, args: {} }, () => ok('x'));
      audit.flush();
      t.clock.advance(60_000);
    }
    expect(audit.prune()).toBe(2);
    expect(t.store.audit.query({ order: 'asc' }).map((r) => r.tool)).toEqual(['t2', 't3', 't4']);
    t.clock.advance(2 * 86_400_000);
    expect(audit.prune()).toBe(3);
    expect(t.store.audit.count()).toBe(0);
  });

  it('computes per-server call counts, error rate and median duration', async () => {
    await audit.record({ caller, server: 'a', tool: 't', args: {} }, () => ok('1'));
    await audit.record({ caller, server: 'a', tool: 't', args: {} }, () => Promise.resolve({ content: [], isError: true }));
    await audit.record({ caller, server: 'a', tool: 't', args: {} }, () => ok('3'));
    await audit.record({ caller, server: 'a', tool: 't', args: {} }, () => ok('4'));
    await audit.record({ caller, server: 'b', tool: 't', args: {} }, () => ok('5'));
    const stats = audit.stats('a');
    expect(stats).toMatchObject({ server: 'a', calls: 4, errors: 1, errorRate: 0.25 });
    expect(stats.p50DurationMs).toBeGreaterThanOrEqual(0);
    expect(audit.stats('none')).toMatchObject({ calls: 0, errors: 0, errorRate: 0 });
  });

  it('flushes on dispose, and writes a call that ends after dispose directly', async () => {
    let finish: (value: ToolResult) => void = () => undefined;
    const late = audit.record({ caller, server: 's', tool: 'late', args: {} }, () => new Promise<ToolResult>((resolve) => (finish = resolve)));
    await audit.record({ caller, server: 's', tool: 'early', args: {} }, () => ok('x'));
    audit.dispose();
    expect(t.store.audit.count()).toBe(1);
    expect(t.clock.pending()).toBe(0);
    finish({ content: [] });
    await late;
    expect(t.store.audit.query({ order: 'asc' }).map((r) => r.tool)).toEqual(['early', 'late']);
  });

  it('filters by server, user, tool, outcome, time and visibility', async () => {
    await audit.record({ caller: { userId: 'u1', face: 'api' }, server: 'a', tool: 'x', args: {} }, () => ok('1'));
    t.clock.advance(1000);
    await audit.record({ caller: { userId: 'u2', face: 'api' }, server: 'b', tool: 'y', args: {} }, () => ok('1'));
    await audit.record({ caller: { userId: 'u2', face: 'api' }, server: 'c', tool: 'y', args: {} }, () => Promise.resolve({ content: [], isError: true }));
    audit.flush();
    expect(t.store.audit.query({ server: 'a' }).map((r) => r.userId)).toEqual(['u1']);
    expect(t.store.audit.query({ userId: 'u2', order: 'asc' }).map((r) => r.server)).toEqual(['b', 'c']);
    expect(t.store.audit.query({ outcome: 'tool_error' }).map((r) => r.server)).toEqual(['c']);
    expect(t.store.audit.query({ since: new Date(t.clock.now()).toISOString() }).length).toBe(2);
    expect(t.store.audit.query({ visibleTo: { userId: 'u1', servers: ['c'] }, order: 'asc' }).map((r) => r.server)).toEqual(['a', 'c']);
    expect(t.store.audit.query({ visibleTo: { userId: 'u3', servers: [] } })).toEqual([]);
  });
});

describe('helpers', () => {
  it('parses durations and ISO times for --since', () => {
    const now = Date.parse('2030-01-10T00:00:00Z');
    expect(parseSince('7d', now)).toBe('2030-01-03T00:00:00.000Z');
    expect(parseSince('90m', now)).toBe('2030-01-09T22:30:00.000Z');
    expect(parseSince('2030-01-01T12:00:00+01:00', now)).toBe('2030-01-01T11:00:00.000Z');
    expect(() => parseSince('yesterday', now)).toThrow(/ISO date-time/);
  });

  it('names the token only for token callers', () => {
    expect(callerFromPrincipal({ userId: 'u', name: 'laptop', tokenId: 't1' }, 'mcp', 'Cursor')).toEqual({ userId: 'u', tokenId: 't1', tokenName: 'laptop', client: 'Cursor', face: 'mcp' });
    expect(callerFromPrincipal({ userId: 'owner', name: 'Patchbay UI' }, 'ui')).toEqual({ userId: 'owner', face: 'ui' });
  });
});
