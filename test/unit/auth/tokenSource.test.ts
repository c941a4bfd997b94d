import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthSecrets } from '../../../hub/auth/authSecrets';
import type { StoredTokens } from '../../../hub/auth/authSecrets';
import { TokenSource } from '../../../hub/auth/tokenSource';
import type { Clock } from '../../../hub/core/clock';
import { HubError } from '../../../hub/core/errors';
import { Redactor } from '../../../hub/core/redact';
import { FileSecretStore } from '../../../hub/secrets/fileSecretStore';

// Refresh on demand, on real stored tokens (encrypted-file store in a temp dir). `renew` stands in
// for the authorization server (the integration tests use a real one) and counts its requests.

class ManualClock implements Clock {
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
  setTimeout(): { cancel(): void } {
    return { cancel: () => undefined };
  }
}

describe('TokenSource', () => {
  let home: string;
  let secrets: AuthSecrets;
  let clock: ManualClock;
  let renewals: Array<StoredTokens | undefined>;
  let refuse: boolean;
  let refused: HubError[];
  let refusedTokens: Array<StoredTokens | undefined>;

  const tokens = (n: number, at: number): StoredTokens => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, tokenType: 'Bearer', obtainedAt: at, expiresAt: at + 3_600_000 });

  function source(options: { missing?: boolean; load?: () => Promise<StoredTokens | undefined>; renewGate?: Promise<void> } = {}): TokenSource {
    return new TokenSource({
      server: 'demo',
      clock,
      load: options.load ?? (() => secrets.tokens('srv', 'owner')),
      save: (fresh) => secrets.saveTokens('srv', 'owner', fresh),
      renew: async (current) => {
        renewals.push(current);
        // Let every concurrent caller pile up before the answer arrives.
        await new Promise((resolve) => setImmediate(resolve));
        await options.renewGate;
        if (refuse) throw new HubError('AUTH_REQUIRED', 'refused: run `patchbay auth connect demo`');
        return tokens(renewals.length + 1, clock.now());
      },
      onRefused: async (error, tokensRefused) => {
        refused.push(error);
        refusedTokens.push(tokensRefused);
        // As AuthService does: only the refused tokens go, not ones a new sign-in stored meanwhile.
        const stored = await secrets.tokens('srv', 'owner');
        if (stored && stored.accessToken !== tokensRefused?.accessToken) return;
        await secrets.deleteTokens('srv', 'owner');
      },
      pick: (stored) => stored.accessToken,
      ...(options.missing && { missing: () => new HubError('AUTH_REQUIRED', 'not connected: run `patchbay auth connect demo`') }),
    });
  }

  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'patchbay-tokensource-'));
    secrets = new AuthSecrets(new FileSecretStore({ home, env: {} }), new Redactor());
    clock = new ManualClock(1_000_000);
    renewals = [];
    refuse = false;
    refused = [];
    refusedTokens = [];
    await secrets.saveTokens('srv', 'owner', tokens(1, clock.now()));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('hands out the stored token while it is valid, without renewing', async () => {
    const s = source();
    expect(await Promise.all([s.bearer(), s.bearer()])).toEqual(['access-1', 'access-1']);
    expect(renewals).toHaveLength(0);
  });

  it('renews once for 100 concurrent callers when the token is about to expire, and stores the result', async () => {
    clock.time += 3_600_000 - 30_000; // inside the expiry skew
    const s = source();
    const bearers = await Promise.all(Array.from({ length: 100 }, () => s.bearer()));
    expect(new Set(bearers)).toEqual(new Set(['access-2']));
    expect(renewals).toHaveLength(1);
    expect(renewals[0]?.refreshToken).toBe('refresh-1');
    expect((await secrets.tokens('srv', 'owner'))?.accessToken).toBe('access-2');
  });

  it('after a 401 renews once; requests that carried an already replaced token just retry', async () => {
    const s = source();
    expect(await s.bearer()).toBe('access-1');
    await Promise.all(Array.from({ length: 20 }, () => s.unauthorized('access-1')));
    expect(renewals).toHaveLength(1);
    await s.unauthorized('access-1');
    expect(renewals).toHaveLength(1);
    expect(await s.bearer()).toBe('access-2');
    await s.unauthorized('access-2');
    expect(renewals).toHaveLength(2);
  });

  it('a refused renewal forgets the tokens, reports once, and says to connect again', async () => {
    clock.time += 4_000_000;
    refuse = true;
    const s = source({ missing: true });
    const errors = await Promise.all(Array.from({ length: 5 }, () => s.bearer().catch((error: HubError) => error)));
    for (const error of errors) expect((error as HubError).message).toContain('patchbay auth connect demo');
    expect(renewals).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(await secrets.tokens('srv', 'owner')).toBeUndefined();
    const again = await s.bearer().catch((error: HubError) => error);
    expect((again as HubError).code).toBe('AUTH_REQUIRED');
    expect(renewals).toHaveLength(1);
  });

  it('without tokens either obtains some (client credentials) or asks to connect (authorization code)', async () => {
    await secrets.deleteTokens('srv', 'owner');
    expect(await source().bearer()).toBe('access-2');
    expect(renewals).toEqual([undefined]);
    await secrets.deleteTokens('srv', 'owner');
    const error = await source({ missing: true }).bearer().catch((caught: HubError) => caught);
    expect((error as HubError).message).toContain('not connected');
  });

  it('a sign-in that lands while a renewal is being refused keeps its tokens, in store and in memory', async () => {
    clock.time += 4_000_000;
    refuse = true;
    let answer = (): void => undefined;
    const s = source({ missing: true, renewGate: new Promise<void>((resolve) => (answer = resolve)) });
    const failing = s.bearer().catch((error: HubError) => error);
    while (renewals.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // The new sign-in (AuthService.handleCallback): tokens stored, sources reset, before the refusal lands.
    await secrets.saveTokens('srv', 'owner', tokens(9, clock.now()));
    s.reset();
    answer();
    expect(((await failing) as HubError).code).toBe('AUTH_REQUIRED');
    expect(refusedTokens.map((t) => t?.accessToken)).toEqual(['access-1']);
    expect((await secrets.tokens('srv', 'owner'))?.accessToken).toBe('access-9');
    expect(await s.bearer()).toBe('access-9');
  });

  it('a load that began before reset() does not hide the tokens stored since', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let loads = 0;
    const s = source({
      missing: true,
      load: async () => {
        const found = await secrets.tokens('srv', 'owner');
        if (++loads === 1) await gate; // the first load read the old state and answers late
        return found;
      },
    });
    await secrets.deleteTokens('srv', 'owner');
    const early = s.current();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await secrets.saveTokens('srv', 'owner', tokens(5, clock.now()));
    s.reset();
    release();
    expect((await early)?.accessToken).toBe('access-5');
    expect(await s.bearer()).toBe('access-5');
    expect(loads).toBe(2);
  });
});
