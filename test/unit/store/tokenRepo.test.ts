import crypto from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HubError } from '../../../hub/core/errors';
import type { Database } from '../../../hub/store/db';
import { openDatabase } from '../../../hub/store/db';
import { LAST_USED_RESOLUTION_MS, TokenRepo } from '../../../hub/store/tokenRepo';
import { ManualClock, recordingLogger, tempDir } from './helpers';

function hubError(fn: () => unknown): HubError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a HubError');
}

describe('TokenRepo', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dbPath: string;
  let db: Database;
  let clock: ManualClock;
  let log: ReturnType<typeof recordingLogger>;
  let tokens: TokenRepo;

  beforeEach(() => {
    tmp = tempDir();
    dbPath = join(tmp.dir, 'patchbay.db');
    clock = new ManualClock();
    log = recordingLogger();
    db = openDatabase(dbPath, { logger: log.logger });
    tokens = new TokenRepo(db, { logger: log.logger, clock });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    if (db.open) db.close();
    tmp.cleanup();
  });

  it('creates pb_<id>_<secret> tokens and lists them by their display prefix', () => {
    const { token, info } = tokens.create({ name: 'cursor-laptop' });
    expect(token).toMatch(/^pb_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    const [, id, secret] = /^pb_([0-9a-f]{8})_(.+)$/.exec(token) as unknown as [string, string, string];
    expect(info).toEqual({ id, name: 'cursor-laptop', prefix: `pb_${id}_${secret.slice(0, 4)}…`, createdAt: '2030-01-01T00:00:00.000Z', userId: 'owner' });
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    const second = tokens.create({ name: 'claude', expiresAt: '2031-01-01T00:00:00Z' });
    expect(second.info.expiresAt).toBe('2031-01-01T00:00:00.000Z');
    expect(second.token).not.toBe(token);
    expect(tokens.list().map((t) => t.name)).toEqual(['cursor-laptop', 'claude']);
  });

  it('stores only the sha256 of the secret', () => {
    const { token, info } = tokens.create({ name: 'x' });
    const secret = token.slice(12);
    const row = db.prepare('SELECT * FROM tokens WHERE id = ?').get(info.id) as Record<string, unknown>;
    expect(row.hash).toBe(crypto.createHash('sha256').update(secret).digest('hex'));
    expect(Object.values(row).some((v) => typeof v === 'string' && v.includes(secret))).toBe(false);
  });

  it('never writes the token value to the SQLite file or its WAL', () => {
    const created = Array.from({ length: 5 }, (_, i) => tokens.create({ name: `t${i}` }).token);
    for (const token of created) expect(tokens.verify(token)).toBeDefined();
    const raw = Buffer.concat([dbPath, `${dbPath}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p)));
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.includes(Buffer.from(created[0]!.slice(0, 12)))).toBe(true); // the id part is there (sanity check of the scan)
    for (const token of created) {
      expect(raw.includes(Buffer.from(token))).toBe(false);
      expect(raw.includes(Buffer.from(token.slice(12)))).toBe(false);
    }
    expect(log.entries.some((e) => JSON.stringify(e).includes(created[0]!.slice(12)))).toBe(false);
  });

  it('validates names and expiry', () => {
    expect(hubError(() => tokens.create({ name: '' })).code).toBe('VALIDATION_FAILED');
    expect(hubError(() => tokens.create({ name: '   ' })).code).toBe('VALIDATION_FAILED');
    expect(hubError(() => tokens.create({ name: 'x'.repeat(65) })).code).toBe('VALIDATION_FAILED');
    expect(hubError(() => tokens.create({ name: 'bad\nname' })).code).toBe('VALIDATION_FAILED');
    expect(tokens.create({ name: 'x'.repeat(64) }).info.name).toHaveLength(64);
    expect(hubError(() => tokens.create({ name: 'a', expiresAt: 'next tuesday' })).message).toMatch(/ISO 8601/);
    expect(hubError(() => tokens.create({ name: 'a', expiresAt: '2029-12-31T23:59:59Z' })).message).toMatch(/in the past/);
  });

  it('verifies valid tokens and rejects malformed, unknown and tampered ones', () => {
    const { token, info } = tokens.create({ name: 'ok' });
    expect(tokens.verify(token)).toMatchObject({ id: info.id, name: 'ok' });
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(tokens.verify(token.slice(0, -1) + last)).toBeUndefined(); // one character of the secret changed
    expect(tokens.verify(token.replace(info.id, 'ffffffff'))).toBeUndefined(); // unknown id
    expect(tokens.verify(`${token}x`)).toBeUndefined();
    expect(tokens.verify(token.slice(0, -1))).toBeUndefined();
    expect(tokens.verify('')).toBeUndefined();
    expect(tokens.verify(`Bearer ${token}`)).toBeUndefined();
    const other = tokens.create({ name: 'other' });
    expect(tokens.verify(`pb_${info.id}_${other.token.slice(12)}`)).toBeUndefined(); // secret of another token
  });

  it('compares hashes in constant time, also when the id is unknown or the secret wrong', () => {
    const { token, info } = tokens.create({ name: 'ok' });
    const spy = vi.spyOn(crypto, 'timingSafeEqual');
    tokens.verify(token);
    tokens.verify(token.replace(info.id, 'ffffffff'));
    tokens.verify(token.slice(0, -1) + (token.at(-1) === 'A' ? 'B' : 'A'));
    expect(spy).toHaveBeenCalledTimes(3);
    for (const [a, b] of spy.mock.calls) {
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });

  it('rejects revoked and expired tokens', () => {
    const a = tokens.create({ name: 'a' });
    const b = tokens.create({ name: 'b', expiresAt: new Date(clock.now() + 60 * 60_000).toISOString() });
    expect(tokens.verify(a.token)).toBeDefined();
    const revoked = tokens.revoke(a.info.id);
    expect(revoked.revokedAt).toBe('2030-01-01T00:00:00.000Z');
    expect(tokens.verify(a.token)).toBeUndefined();
    expect(tokens.verify(b.token)).toBeDefined();
    clock.advance(60 * 60_000 - 1);
    expect(tokens.verify(b.token)).toBeDefined();
    clock.advance(1);
    expect(tokens.verify(b.token)).toBeUndefined();
    expect(tokens.list().find((t) => t.id === a.info.id)?.revokedAt).toBeDefined();
  });

  it('revokes by id or unique name, asks for the id when a name is ambiguous', () => {
    const one = tokens.create({ name: 'ci' });
    const two = tokens.create({ name: 'ci' });
    const solo = tokens.create({ name: 'solo' });
    const conflict = hubError(() => tokens.revoke('ci'));
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.message).toContain(one.info.id);
    expect(conflict.message).toContain(two.info.id);
    expect(tokens.revoke('solo').id).toBe(solo.info.id);
    expect(tokens.revoke(one.info.id).id).toBe(one.info.id);
    // Only one active "ci" left: the name is enough now.
    expect(tokens.revoke('ci').id).toBe(two.info.id);
    // Revoking again is harmless and keeps the first revocation time.
    clock.advance(1000);
    expect(tokens.revoke(solo.info.id).revokedAt).toBe('2030-01-01T00:00:00.000Z');
    const missing = hubError(() => tokens.revoke('nobody'));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('patchbay token list');
  });

  it('records last use at most once a minute per token', () => {
    const { token, info } = tokens.create({ name: 'busy' });
    let writes = 0;
    db.function('count_write', () => ++writes);
    db.exec("CREATE TRIGGER count_last_used AFTER UPDATE OF last_used_at ON tokens BEGIN SELECT count_write(); END");

    expect(tokens.verify(token)?.lastUsedAt).toBe('2030-01-01T00:00:00.000Z');
    expect(writes).toBe(1);
    for (let i = 0; i < 50; i += 1) {
      clock.advance(1000);
      expect(tokens.verify(token)?.lastUsedAt).toBe('2030-01-01T00:00:00.000Z');
    }
    expect(writes).toBe(1);
    clock.advance(LAST_USED_RESOLUTION_MS - 50_000);
    expect(tokens.verify(token)?.lastUsedAt).toBe('2030-01-01T00:01:00.000Z');
    expect(writes).toBe(2);
    expect(tokens.list().find((t) => t.id === info.id)?.lastUsedAt).toBe('2030-01-01T00:01:00.000Z');
  });
});
