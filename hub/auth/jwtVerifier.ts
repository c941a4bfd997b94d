// Downstream JWTs from configured external identities, validated with jose: signature (keys from
// the identity's JWKS URL), issuer, audience and expiry. A valid token maps to the hub user
// `<identity name>:<claim>` (the claim is `sub` unless configured), so an external user can never
// pose as the owner or as a user of another identity.
import type { createRemoteJWKSet, JWTVerifyGetKey } from 'jose';
import type { ExternalIdentity } from '../../shared/types';
import type { Clock } from '../core/clock';
import { errorMessage } from '../core/errors';
import type { Logger } from '../core/logger';

export interface VerifiedCaller {
  /** `<identity>:<claim>`, unique across identities. */
  userId: string;
  /** The value of the identity's user claim (default `sub`): the hub user name it maps to. */
  claim: string;
  identity: ExternalIdentity;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export class JwtVerifier {
  private readonly keySets = new Map<string, JWTVerifyGetKey>();

  constructor(
    private readonly identities: { byIssuer(issuer: string): ExternalIdentity | undefined },
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  static looksLikeJwt(token: string): boolean {
    return JWT_SHAPE.test(token);
  }

  /** The caller, or undefined when the token is not a valid JWT of a configured identity. */
  async verify(token: string): Promise<VerifiedCaller | undefined> {
    if (!JwtVerifier.looksLikeJwt(token)) return undefined;
    // jose loads with the first JWT (most hubs never see one).
    const jose = await import('jose');
    let issuer: unknown;
    try {
      issuer = jose.decodeJwt(token).iss;
    } catch {
      return undefined;
    }
    if (typeof issuer !== 'string') return undefined;
    const identity = this.identities.byIssuer(issuer);
    if (!identity) {
      this.logger.info('refused a JWT from an unknown issuer', { issuer });
      return undefined;
    }
    try {
      const { payload } = await jose.jwtVerify(token, this.keys(identity, jose.createRemoteJWKSet), {
        issuer: identity.issuer,
        audience: identity.audience,
        requiredClaims: ['exp'],
        currentDate: new Date(this.clock.now()),
      });
      const claim = payload[identity.userClaim];
      if (typeof claim !== 'string' || claim === '') {
        this.logger.info('refused a JWT without the user claim', { identity: identity.name, claim: identity.userClaim });
        return undefined;
      }
      return { userId: `${identity.name}:${claim}`, claim, identity };
    } catch (error) {
      this.logger.info('refused a JWT', { identity: identity.name, reason: errorMessage(error) });
      return undefined;
    }
  }

  private keys(identity: ExternalIdentity, remoteKeySet: typeof createRemoteJWKSet): JWTVerifyGetKey {
    let keys = this.keySets.get(identity.jwksUrl);
    if (!keys) {
      keys = remoteKeySet(new URL(identity.jwksUrl));
      this.keySets.set(identity.jwksUrl, keys);
    }
    return keys;
  }
}
