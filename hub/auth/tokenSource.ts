// The tokens of one (server, user): loaded once from the SecretStore, renewed on demand — before a
// request when they are expired or about to expire, and once after an upstream 401. Concurrent
// callers share one renewal: a hundred parallel calls on an expired token make one token request.
import type { Clock } from '../core/clock';
import { HubError } from '../core/errors';
import type { StoredTokens } from './authSecrets';

/** Renew this long before the expiry, so a token never expires in flight. */
export const EXPIRY_SKEW_MS = 60_000;
/** Without knowing the refused token: a 401 this soon after a renewal is taken to be about the old token. */
const RECENT_RENEWAL_MS = 5_000;

export interface TokenSourceOptions {
  server: string;
  clock: Clock;
  load(): Promise<StoredTokens | undefined>;
  save(tokens: StoredTokens): Promise<void>;
  /**
   * New tokens from the current ones (refresh grant, or a fresh client-credentials grant when
   * `current` is undefined). Throws HubError AUTH_REQUIRED when the grant was refused.
   */
  renew(current: StoredTokens | undefined): Promise<StoredTokens>;
  /**
   * The renewal of `refused` (undefined: there were none to renew) was refused: forget those tokens
   * and tell the user to connect again, unless other tokens were stored meanwhile (a new sign-in).
   */
  onRefused(error: HubError, refused: StoredTokens | undefined): Promise<void>;
  /** Which token goes upstream. */
  pick(tokens: StoredTokens): string | undefined;
  /** No tokens at all: the error to throw (client credentials renew instead, so they pass none). */
  missing?: () => HubError;
}

export class TokenSource {
  private cached: StoredTokens | undefined;
  private loaded = false;
  private renewing: Promise<StoredTokens> | undefined;
  private loading: Promise<void> | undefined;
  /** Bumped by reset(): a load or a refusal that began before it must not overwrite what came after. */
  private generation = 0;

  constructor(private readonly options: TokenSourceOptions) {}

  /** The bearer to send now, renewing first when needed. */
  async bearer(): Promise<string> {
    let tokens = await this.current();
    if (!tokens) {
      const missing = this.options.missing?.();
      if (missing) throw missing;
      tokens = await this.renewOnce(undefined);
    } else if (this.expiring(tokens)) {
      tokens = await this.renewOnce(tokens);
    }
    const bearer = this.options.pick(tokens);
    if (!bearer) throw new HubError('AUTH_REQUIRED', `The authorization server of "${this.options.server}" issued no ID token to send. Add the "openid" scope, or send the access token instead.`);
    return bearer;
  }

  /**
   * An upstream answered 401 to `rejected`: renew once, shared by every request that saw it. A
   * request that carried a token already replaced just retries with the new one.
   */
  async unauthorized(rejected?: string): Promise<void> {
    if (this.renewing) {
      await this.renewing;
      return;
    }
    const tokens = await this.current();
    if (tokens && rejected !== undefined && this.options.pick(tokens) !== rejected) return;
    if (tokens && rejected === undefined && this.options.clock.now() - tokens.obtainedAt < RECENT_RENEWAL_MS) return;
    await this.renewOnce(tokens);
  }

  /** Drop the in-memory copy (tokens were stored or deleted elsewhere). */
  reset(): void {
    this.generation++;
    this.cached = undefined;
    this.loaded = false;
    this.loading = undefined;
  }

  /** The tokens as they are, without renewing. */
  async current(): Promise<StoredTokens | undefined> {
    if (this.loaded) return this.cached;
    // One load for all concurrent callers, so a late load can never undo a renewal or a refusal.
    // A load that began before a reset() (tokens stored meanwhile) is not trusted: load again.
    if (!this.loading) {
      const generation = this.generation;
      const loading: Promise<void> = this.options.load().then(
        (tokens) => {
          if (!this.loaded && generation === this.generation) {
            this.cached = tokens;
            this.loaded = true;
          }
          if (this.loading === loading) this.loading = undefined;
        },
        (error: unknown) => {
          if (this.loading === loading) this.loading = undefined;
          throw error;
        },
      );
      this.loading = loading;
    }
    await this.loading;
    return this.loaded ? this.cached : this.current();
  }

  private expiring(tokens: StoredTokens): boolean {
    return tokens.expiresAt !== undefined && this.options.clock.now() >= tokens.expiresAt - EXPIRY_SKEW_MS;
  }

  private renewOnce(stale: StoredTokens | undefined): Promise<StoredTokens> {
    if (this.renewing) return this.renewing;
    // Someone renewed while this caller was loading: use theirs.
    if (this.cached && stale && this.cached !== stale && !this.expiring(this.cached)) return Promise.resolve(this.cached);
    const generation = this.generation;
    const renewing = (async () => {
      try {
        const fresh = await this.options.renew(stale);
        await this.options.save(fresh);
        this.cached = fresh;
        this.loaded = true;
        return fresh;
      } catch (error) {
        if (error instanceof HubError && error.code === 'AUTH_REQUIRED') {
          // Tokens stored since the renewal began (reset) are not the refused ones: keep them.
          if (generation === this.generation) {
            this.cached = undefined;
            this.loaded = true;
          }
          await this.options.onRefused(error, stale);
        }
        throw error;
      }
    })().finally(() => {
      if (this.renewing === renewing) this.renewing = undefined;
    });
    this.renewing = renewing;
    return renewing;
  }
}
