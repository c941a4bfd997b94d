// Hub access tokens: `pb_<id>_<secret>`. Only sha256(secret) and a short display prefix are stored;
// the token itself is shown once, by create().
import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { TokenInfo } from '../../shared/types';
import { systemClock } from '../core/clock';
import type { Clock } from '../core/clock';
import { HubError } from '../core/errors';
import { silentLogger } from '../core/logger';
import type { Logger } from '../core/logger';
import type { RepoOptions } from './serverRepo';

/** `last_used_at` is written at most this often per token, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;
export const TOKEN_NAME_MAX = 64;

const TOKEN_SHAPE = /^pb_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;
// Compared against when the id is unknown, so that every well-formed token costs one hash + compare.
const DUMMY_HASH = Buffer.alloc(32);

export interface CreateTokenInput {
  name: string;
  /** ISO 8601 date-time in the future. */
  expiresAt?: string;
  /** The hub user the token acts for (default 'owner'). */
  userId?: string;
}

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  hash: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  user_id?: string;
}

export class TokenRepo {
  private readonly logger: Logger;
  private readonly clock: Clock;

  constructor(
    private readonly db: Database,
    options: RepoOptions = {},
  ) {
    this.logger = (options.logger ?? silentLogger).child({ component: 'tokenRepo' });
    this.clock = options.clock ?? systemClock;
  }

  /** Returns the token once; only its hash is kept. */
  create(input: CreateTokenInput): { token: string; info: TokenInfo } {
    const name = checkName(input.name);
    const expiresAt = input.expiresAt === undefined ? undefined : this.checkExpiry(input.expiresAt);
    const createdAt = this.nowIso();
    const secret = crypto.randomBytes(32).toString('base64url');
    const hash = sha256Hex(secret);
    const insert = this.db.prepare(
      'INSERT INTO tokens (id, name, prefix, hash, created_at, expires_at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (let attempt = 0; ; attempt += 1) {
      const id = crypto.randomBytes(4).toString('hex');
      const prefix = `pb_${id}_${secret.slice(0, 4)}…`;
      try {
        insert.run(id, name, prefix, hash, createdAt, expiresAt ?? null, input.userId ?? 'owner');
      } catch (error) {
        // 32-bit ids: a collision is rare but possible; draw another id.
        if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY' && attempt < 5) continue;
        throw error;
      }
      this.logger.info('hub token created', { id, name });
      const info: TokenInfo = { id, name, prefix, createdAt, ...(expiresAt ? { expiresAt } : {}), userId: input.userId ?? 'owner' };
      return { token: `pb_${id}_${secret}`, info };
    }
  }

  list(): TokenInfo[] {
    const rows = this.db.prepare('SELECT * FROM tokens ORDER BY created_at, rowid').all() as TokenRow[];
    return rows.map(toInfo);
  }

  /** By id, else by name. A name shared by several active tokens needs the id (CONFLICT). */
  revoke(idOrName: string): TokenInfo {
    const run = this.db.transaction((): TokenInfo => {
      const row = this.find(idOrName);
      if (row.revoked_at !== null) return toInfo(row);
      const revokedAt = this.nowIso();
      this.db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run(revokedAt, row.id);
      this.logger.info('hub token revoked', { id: row.id, name: row.name });
      return toInfo({ ...row, revoked_at: revokedAt });
    });
    return run.immediate();
  }

  /** The token's info when it is valid (known, matching, not revoked, not expired), else undefined. */
  verify(token: string): TokenInfo | undefined {
    if (typeof token !== 'string') return undefined;
    const match = TOKEN_SHAPE.exec(token);
    if (!match) return undefined;
    const [, id, secret] = match as unknown as [string, string, string];
    const row = this.db.prepare('SELECT * FROM tokens WHERE id = ?').get(id) as TokenRow | undefined;
    const presented = crypto.createHash('sha256').update(secret).digest();
    const stored = row && /^[0-9a-f]{64}$/.test(row.hash) ? Buffer.from(row.hash, 'hex') : DUMMY_HASH;
    const equal = crypto.timingSafeEqual(presented, stored);
    if (!row || !equal || stored === DUMMY_HASH) return undefined;
    if (row.revoked_at !== null) return undefined;
    const now = this.clock.now();
    if (row.expires_at !== null && now >= Date.parse(row.expires_at)) return undefined;
    const lastUsed = row.last_used_at === null ? Number.NaN : Date.parse(row.last_used_at);
    if (Number.isNaN(lastUsed) || now - lastUsed >= LAST_USED_RESOLUTION_MS || now < lastUsed) {
      const iso = new Date(now).toISOString();
      this.db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(iso, row.id);
      return toInfo({ ...row, last_used_at: iso });
    }
    return toInfo(row);
  }

  private find(idOrName: string): TokenRow {
    const byId = this.db.prepare('SELECT * FROM tokens WHERE id = ?').get(idOrName) as TokenRow | undefined;
    if (byId) return byId;
    const byName = this.db.prepare('SELECT * FROM tokens WHERE name = ? ORDER BY created_at DESC, rowid DESC').all(idOrName) as TokenRow[];
    const active = byName.filter((row) => row.revoked_at === null);
    if (active.length > 1) {
      throw new HubError(
        'CONFLICT',
        `${active.length} active tokens are named "${idOrName}" (ids ${active.map((row) => row.id).join(', ')}). Revoke one by its id, e.g. \`patchbay token revoke ${active[0]?.id ?? ''}\`.`,
      );
    }
    const row = active[0] ?? byName[0];
    if (!row) throw new HubError('NOT_FOUND', `No token with the id or name "${idOrName}". Run \`patchbay token list\` to see the tokens.`);
    return row;
  }

  private checkExpiry(value: string): string {
    const at = Date.parse(value);
    if (Number.isNaN(at)) {
      throw new HubError('VALIDATION_FAILED', `Invalid expiry ${JSON.stringify(value)}: give an ISO 8601 date-time such as 2030-01-31T00:00:00Z.`);
    }
    if (at <= this.clock.now()) {
      throw new HubError('VALIDATION_FAILED', `The expiry ${value} is in the past: give a date-time in the future, or none for a token that does not expire.`);
    }
    return new Date(at).toISOString();
  }

  private nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

function checkName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  // eslint-disable-next-line no-control-regex
  if (trimmed.length < 1 || trimmed.length > TOKEN_NAME_MAX || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new HubError('VALIDATION_FAILED', `Invalid token name ${JSON.stringify(name)}: use 1-${TOKEN_NAME_MAX} printable characters, e.g. "cursor-laptop".`);
  }
  return trimmed;
}

function sha256Hex(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function toInfo(row: TokenRow): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    ...(row.last_used_at !== null ? { lastUsedAt: row.last_used_at } : {}),
    ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}),
    ...(row.revoked_at !== null ? { revokedAt: row.revoked_at } : {}),
    userId: row.user_id ?? 'owner',
  };
}
