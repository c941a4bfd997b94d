// Trusted external identity providers (migration 2, table external_identities): JWTs they sign
// are accepted as downstream credentials, which is what token passthrough forwards upstream.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { CreateIdentityInput } from '../../shared/api';
import type { ExternalIdentity } from '../../shared/types';
import type { Clock } from '../core/clock';
import { HubError } from '../core/errors';
import { parseApiInput } from '../core/validate';

interface IdentityRow {
  id: string;
  name: string;
  issuer: string;
  jwks_url: string;
  audience: string;
  user_claim: string;
  created_at: string;
}

export class IdentityRepo {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  list(): ExternalIdentity[] {
    return (this.db.prepare('SELECT * FROM external_identities ORDER BY name').all() as IdentityRow[]).map(toIdentity);
  }

  byIssuer(issuer: string): ExternalIdentity | undefined {
    const row = this.db.prepare('SELECT * FROM external_identities WHERE issuer = ?').get(issuer) as IdentityRow | undefined;
    return row && toIdentity(row);
  }

  /** Async because the input's schema loads on first use (hub/core/validate.ts). */
  async create(raw: CreateIdentityInput): Promise<ExternalIdentity> {
    const input = await parseApiInput('CreateIdentitySchema', raw, 'identity');
    const identity: ExternalIdentity = { id: randomUUID(), name: input.name, issuer: input.issuer, jwksUrl: input.jwksUrl, audience: input.audience, userClaim: input.userClaim, createdAt: new Date(this.clock.now()).toISOString() };
    const insert = this.db.transaction(() => {
      const clash = this.db.prepare('SELECT name FROM external_identities WHERE name = ? OR issuer = ?').get(identity.name, identity.issuer) as { name: string } | undefined;
      if (clash) throw new HubError('ALREADY_EXISTS', `An identity for that name or issuer exists already ("${clash.name}"). Remove it first with \`patchbay auth identity remove ${clash.name}\`.`);
      this.db
        .prepare('INSERT INTO external_identities (id, name, issuer, jwks_url, audience, user_claim, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(identity.id, identity.name, identity.issuer, identity.jwksUrl, identity.audience, identity.userClaim, identity.createdAt);
    });
    insert.immediate();
    return identity;
  }

  remove(name: string): ExternalIdentity {
    const row = this.db.prepare('SELECT * FROM external_identities WHERE name = ?').get(name) as IdentityRow | undefined;
    if (!row) throw new HubError('NOT_FOUND', `No identity named "${name}". Run \`patchbay auth identity list\`.`);
    this.db.prepare('DELETE FROM external_identities WHERE id = ?').run(row.id);
    return toIdentity(row);
  }
}

function toIdentity(row: IdentityRow): ExternalIdentity {
  return { id: row.id, name: row.name, issuer: row.issuer, jwksUrl: row.jwks_url, audience: row.audience, userClaim: row.user_claim, createdAt: row.created_at };
}
