// Where upstream credentials live: the SecretStore (OS keychain, or the encrypted file), never
// SQLite. Keys are per server id and per hub user:
//   auth/<serverId>/<userId>/tokens     OAuth tokens (JSON: access, refresh, ID token, expiry)
//   auth/<serverId>/<userId>/override   the user's own value for an individual API key
//   auth/<serverId>/client              a dynamically registered OAuth client (may hold a secret)
// Every value read is registered with the Redactor, so it is masked in any later log line.
import { HubError } from '../core/errors';
import type { Redactor } from '../core/redact';
import type { SecretStore } from '../secrets/secretStore';

export interface StoredTokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  tokenType: string;
  /** Clock milliseconds; undefined when the server gave no lifetime. */
  expiresAt?: number;
  scope?: string;
  /** When these tokens were obtained (Clock milliseconds). */
  obtainedAt: number;
}

export interface StoredClient {
  clientId: string;
  clientSecret?: string;
  /** The redirect URI it was registered with. */
  redirectUri: string;
  /** The authorization server it was registered at. */
  issuer: string;
  tokenEndpointAuthMethod?: string;
}

/** The pseudo-user whose tokens a client-credentials server uses (one for everybody). */
export const SERVICE_USER = '~service';

export class AuthSecrets {
  constructor(
    private readonly secrets: SecretStore,
    private readonly redactor: Redactor,
  ) {}

  async tokens(serverId: string, userId: string): Promise<StoredTokens | undefined> {
    const tokens = await this.json<StoredTokens>(tokensKey(serverId, userId));
    if (tokens) for (const value of [tokens.accessToken, tokens.refreshToken, tokens.idToken]) this.redactor.add(value);
    return tokens;
  }

  async saveTokens(serverId: string, userId: string, tokens: StoredTokens): Promise<void> {
    for (const value of [tokens.accessToken, tokens.refreshToken, tokens.idToken]) this.redactor.add(value);
    await this.secrets.set(tokensKey(serverId, userId), JSON.stringify(tokens));
  }

  deleteTokens(serverId: string, userId: string): Promise<void> {
    return this.secrets.delete(tokensKey(serverId, userId));
  }

  async override(serverId: string, userId: string): Promise<string | undefined> {
    const value = await this.secrets.get(overrideKey(serverId, userId));
    this.redactor.add(value);
    return value;
  }

  async setOverride(serverId: string, userId: string, value: string): Promise<void> {
    this.redactor.add(value);
    await this.secrets.set(overrideKey(serverId, userId), value);
  }

  deleteOverride(serverId: string, userId: string): Promise<void> {
    return this.secrets.delete(overrideKey(serverId, userId));
  }

  async client(serverId: string): Promise<StoredClient | undefined> {
    const client = await this.json<StoredClient>(`auth/${serverId}/client`);
    this.redactor.add(client?.clientSecret);
    return client;
  }

  async saveClient(serverId: string, client: StoredClient): Promise<void> {
    this.redactor.add(client.clientSecret);
    await this.secrets.set(`auth/${serverId}/client`, JSON.stringify(client));
  }

  deleteClient(serverId: string): Promise<void> {
    return this.secrets.delete(`auth/${serverId}/client`);
  }

  /** Users that have tokens (or an override) for this server, in key order. */
  async users(serverId: string, kind: 'tokens' | 'override'): Promise<string[]> {
    const prefix = `auth/${serverId}/`;
    const users: string[] = [];
    for (const key of await this.secrets.list(prefix)) {
      const rest = key.slice(prefix.length).split('/');
      if (rest.length === 2 && rest[1] === kind && rest[0] !== undefined) users.push(decodeURIComponent(rest[0]));
    }
    return users;
  }

  /** Forgets tokens and the registered client (the auth settings changed); overrides stay. */
  async forgetSession(serverId: string): Promise<void> {
    for (const key of await this.secrets.list(`auth/${serverId}/`)) if (key.endsWith('/tokens') || key.endsWith('/client')) await this.secrets.delete(key);
  }

  /** Everything of one server (it was removed). */
  async deleteAll(serverId: string): Promise<void> {
    for (const key of await this.secrets.list(`auth/${serverId}/`)) await this.secrets.delete(key);
  }

  /** A secret referenced by an auth config (client secret, shared API key value). */
  async resolve(key: string, what: string): Promise<string> {
    const value = await this.secrets.get(key);
    if (value === undefined) {
      const fix = key.startsWith('user/') ? `Set it with \`patchbay secret set ${key.slice('user/'.length)}\`` : 'Set the server\'s auth again with `patchbay auth set NAME ...` (or PATCH /api/servers/NAME)';
      throw new HubError('SECRET_NOT_FOUND', `The ${what} (secret ${key}) is missing from the secret store. ${fix}.`);
    }
    this.redactor.add(value);
    return value;
  }

  private async json<T>(key: string): Promise<T | undefined> {
    const text = await this.secrets.get(key);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      // Never include the parser's message: it quotes the text, which holds secrets.
      throw new HubError('STORE_CORRUPT', `The stored credentials under ${key} are damaged (not valid JSON). Run \`patchbay auth revoke\` for the server and connect again.`);
    }
  }
}

function userPart(userId: string): string {
  return encodeURIComponent(userId);
}

function tokensKey(serverId: string, userId: string): string {
  return `auth/${serverId}/${userPart(userId)}/tokens`;
}

function overrideKey(serverId: string, userId: string): string {
  return `auth/${serverId}/${userPart(userId)}/override`;
}
