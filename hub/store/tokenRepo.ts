// Hub access tokens: `pb_<id>_<secret>`. Only sha256(secret) and a short display prefix are stored;
// the token itself is shown once, by create().
import crypto from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { AccessTokenInfo } from '../../shared/api';
import { systemClock } from '../core/clock';
import type { Clock } from '../core/clock';
import { HubError } from '../core/errors';
import { silentLogger } from '../core/logger';
import type { Logger } from '../core/logger';
import { OWNER_USER_ID } from './accessMigration';
import type { RepoOptions } from './serverRepo';
import type { ChangeStamp } from './changeStamp';

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
  /** The user the token belongs to (default: the owner). */
  userId?: string;
  /** Restrict the token to these servers / virtual servers (names). */
  servers?: readonly string[];
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
  user_id: string | null;
  servers: string | null;
}

/** A token verified while the database stood at `stamp` (see changeStamp.ts). */
interface VerifiedToken {
  stamp: string;
  info: AccessTokenInfo;
  expiresAt: number | undefined;
  checkedAt: number;
}

/** At most this many verified tokens are remembered (one per client, in practice). */
const VERIFIED_MAX = 1_000;

export class TokenRepo {
  private selectById: Statement | undefined;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly stamp: ChangeStamp | undefined;
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly db: Database,
    options: RepoOptions & { stamp?: ChangeStamp } = {},
  ) {
    this.logger = (options.logger ?? silentLogger).child({ component: 'tokenRepo' });
    this.clock = options.clock ?? systemClock;
    this.stamp = options.stamp;
  }

  /** Returns the token once; only its hash is kept. */
  create(input: CreateTokenInput): { token: string; info: AccessTokenInfo } {
    const name = checkName(input.name);
    const expiresAt = input.expiresAt === undefined ? undefined : this.checkExpiry(input.expiresAt);
    const userId = input.userId ?? OWNER_USER_ID;
    if (!this.db.prepare('SELECT 1 FROM users WHERE id = ?').get(userId)) {
      throw new HubError('NOT_FOUND', `No user with the id "${userId}". Run \`patchbay access user list\` to see the users.`);
    }
    const servers = input.servers && input.servers.length > 0 ? [...new Set(input.servers)].sort() : undefined;
    const createdAt = this.nowIso();
    const secret = crypto.randomBytes(32).toString('base64url');
    const hash = sha256Hex(secret);
    const insert = this.db.prepare(
      'INSERT INTO tokens (id, name, prefix, hash, created_at, expires_at, user_id, servers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (let attempt = 0; ; attempt += 1) {
      const id = crypto.randomBytes(4).toString('hex');
      const prefix = `pb_${id}_${secret.slice(0, 4)}…`;
      try {
        insert.run(id, name, prefix, hash, createdAt, expiresAt ?? null, userId, servers ? JSON.stringify(servers) : null);
      } catch (error) {
        // 32-bit ids: a collision is rare but possible; draw another id.
        if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY' && attempt < 5) continue;
        throw error;
      }
      this.logger.info('hub token created', { id, name, userId });
      const info: AccessTokenInfo = { id, name, prefix, createdAt, userId, ...(expiresAt ? { expiresAt } : {}), ...(servers ? { servers } : {}) };
      return { token: `pb_${id}_${secret}`, info };
    }
  }

  /** Every token, or those of one user. */
  list(filter: { userId?: string } = {}): AccessTokenInfo[] {
    const rows = (filter.userId === undefined
      ? this.db.prepare('SELECT * FROM tokens ORDER BY created_at, rowid').all()
      : this.db.prepare('SELECT * FROM tokens WHERE user_id = ? ORDER BY created_at, rowid').all(filter.userId)) as TokenRow[];
    return rows.map(toInfo);
  }

  /** By id, else by name. A name shared by several active tokens needs the id (CONFLICT). `userId` limits it to that user's tokens. */
  revoke(idOrName: string, scope: { userId?: string } = {}): AccessTokenInfo {
    const run = this.db.transaction((): AccessTokenInfo => {
      const row = this.find(idOrName, scope.userId);
      if (row.revoked_at !== null) return toInfo(row);
      const revokedAt = this.nowIso();
      this.db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run(revokedAt, row.id);
      // Not left to the change stamp: a revocation in this process holds for its very next check.
      this.verified.clear();
      this.logger.info('hub token revoked', { id: row.id, name: row.name });
      return toInfo({ ...row, revoked_at: revokedAt });
    });
    return run.immediate();
  }

  /**
   * The token's info when it is valid (known, matching, not revoked, not expired), else undefined.
   * Runs on every request. A token verified before is taken as still valid without SQL while
   * nothing at all has been committed to the database since (any process: a revocation by the CLI
   * changes the stamp) and it has not expired; `last_used_at` is still written once a minute.
   */
  verify(token: string): AccessTokenInfo | undefined {
    // Not a hub token at all (a JWT, garbage): no lookup of any kind.
    if (typeof token !== 'string' || !token.startsWith('pb_')) return undefined;
    // Read before the query: a commit after this point changes the stamp, so it is never missed.
    const stamp = this.stamp?.read();
    const now = this.clock.now();
    const known = this.verified.get(token);
    if (known && known.stamp === stamp && (known.expiresAt === undefined || now < known.expiresAt) && now >= known.checkedAt && now - known.checkedAt < LAST_USED_RESOLUTION_MS) {
      return known.info;
    }
    if (known) this.verified.delete(token);
    const info = this.verifyNow(token, now);
    if (info && stamp !== undefined) {
      if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
      this.verified.set(token, { stamp, info, expiresAt: info.expiresAt === undefined ? undefined : Date.parse(info.expiresAt), checkedAt: now });
    }
    return info;
  }

  private verifyNow(token: string, now: number): AccessTokenInfo | undefined {
    const match = TOKEN_SHAPE.exec(token);
    if (!match) return undefined;
    const [, id, secret] = match as unknown as [string, string, string];
    // verify() runs on every request: its statement is prepared once.
    this.selectById ??= this.db.prepare('SELECT * FROM tokens WHERE id = ?');
    const row = this.selectById.get(id) as TokenRow | undefined;
    const presented = crypto.createHash('sha256').update(secret).digest();
    const stored = row && /^[0-9a-f]{64}$/.test(row.hash) ? Buffer.from(row.hash, 'hex') : DUMMY_HASH;
    const equal = crypto.timingSafeEqual(presented, stored);
    if (!row || !equal || stored === DUMMY_HASH) return undefined;
    if (row.revoked_at !== null) return undefined;
    if (row.expires_at !== null && now >= Date.parse(row.expires_at)) return undefined;
    const lastUsed = row.last_used_at === null ? Number.NaN : Date.parse(row.last_used_at);
    if (Number.isNaN(lastUsed) || now - lastUsed >= LAST_USED_RESOLUTION_MS || now < lastUsed) {
      const iso = new Date(now).toISOString();
      this.db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(iso, row.id);
      return toInfo({ ...row, last_used_at: iso });
    }
    return toInfo(row);
  }

  private find(idOrName: string, userId?: string): TokenRow {
    const mine = (row: TokenRow): boolean => userId === undefined || (row.user_id ?? OWNER_USER_ID) === userId;
    const byId = this.db.prepare('SELECT * FROM tokens WHERE id = ?').get(idOrName) as TokenRow | undefined;
    if (byId && mine(byId)) return byId;
    const byName = (this.db.prepare('SELECT * FROM tokens WHERE name = ? ORDER BY created_at DESC, rowid DESC').all(idOrName) as TokenRow[]).filter(mine);
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

function toInfo(row: TokenRow): AccessTokenInfo {
  const servers = parseServers(row.servers);
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    userId: row.user_id ?? OWNER_USER_ID,
    ...(servers ? { servers } : {}),
    ...(row.last_used_at !== null ? { lastUsedAt: row.last_used_at } : {}),
    ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}),
    ...(row.revoked_at !== null ? { revokedAt: row.revoked_at } : {}),
  };
}

/** A restriction that cannot be read restricts to nothing (fail closed). */
function parseServers(text: string | null): string[] | undefined {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
