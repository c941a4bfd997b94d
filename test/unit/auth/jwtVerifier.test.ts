import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtVerifier } from '../../../hub/auth/jwtVerifier';
import { systemClock } from '../../../hub/core/clock';
import { silentLogger } from '../../../hub/core/logger';
import type { ExternalIdentity } from '../../../shared/types';
import { startTestIssuer } from '../../fixtures/oauth/testIssuer';
import type { TestIssuer } from '../../fixtures/oauth/testIssuer';

// Downstream JWTs checked with jose against a real JWKS served on 127.0.0.1.

let trusted: TestIssuer;
let impostor: TestIssuer;
let verifier: JwtVerifier;

beforeAll(async () => {
  trusted = await startTestIssuer();
  impostor = await startTestIssuer();
  const identity: ExternalIdentity = { id: '1', name: 'corp', issuer: trusted.issuer, jwksUrl: trusted.jwksUrl, audience: 'patchbay', userClaim: 'sub', createdAt: '' };
  verifier = new JwtVerifier({ byIssuer: (issuer) => (issuer === identity.issuer ? identity : undefined) }, silentLogger, systemClock);
});

afterAll(async () => {
  await trusted.close();
  await impostor.close();
});

describe('JwtVerifier', () => {
  it('maps a valid token to <identity>:<sub>', async () => {
    const caller = await verifier.verify(await trusted.sign({ sub: 'ann', aud: 'patchbay' }));
    expect(caller?.userId).toBe('corp:ann');
  });

  it('refuses wrong audience, expiry, unknown issuers, foreign signatures and non-JWTs', async () => {
    expect(await verifier.verify(await trusted.sign({ sub: 'ann', aud: 'someone-else' }))).toBeUndefined();
    expect(await verifier.verify(await trusted.sign({ sub: 'ann', aud: 'patchbay', expiresIn: '-2m' }))).toBeUndefined();
    expect(await verifier.verify(await impostor.sign({ sub: 'ann', aud: 'patchbay' }))).toBeUndefined();
    // Same issuer claim, wrong key: a forged token.
    const forged = await impostor.sign({ sub: 'ann', aud: 'patchbay' });
    const [header, , signature] = forged.split('.');
    const claims = Buffer.from(JSON.stringify({ iss: trusted.issuer, sub: 'ann', aud: 'patchbay', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    expect(await verifier.verify(`${header}.${claims}.${signature}`)).toBeUndefined();
    expect(await verifier.verify('pb_abcdef12_notajwt')).toBeUndefined();
  });
});
