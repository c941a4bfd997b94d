// The auth status of one (server, user): connected / needs connect / expired / error / not
// required, from the stored credentials and the last problem the hub ran into.
import type { AuthStatusView } from '../../shared/api';
import type { ServerConfig } from '../../shared/types';
import { errorMessage } from '../core/errors';
import type { AuthSecrets, StoredTokens } from './authSecrets';
import { SERVICE_USER } from './authSecrets';

/** The last thing that went wrong for a (server, user), kept in memory. */
export type Problem = { status: 'needs-connect' | 'error'; message: string };

export function notConnected(server: string, userId: string): string {
  return `"${server}" needs you to sign in${userId === 'owner' ? '' : ` (user "${userId}")`}: run \`patchbay auth connect ${server}\`.`;
}

export interface StatusDeps {
  store: AuthSecrets;
  now: () => number;
  /** The last problem with (this server, user), if any. */
  problem: (userId: string) => Problem | undefined;
  /** The message for a user without an individual API key. */
  noOverride: (userId: string) => string;
}

export async function computeAuthStatus(deps: StatusDeps, config: ServerConfig, userId: string): Promise<AuthStatusView> {
  const auth = config.auth;
  const base = { server: config.name, userId, type: auth.type };
  switch (auth.type) {
    case 'none':
      return { ...base, status: 'not-required' };
    case 'passthrough':
      return { ...base, status: 'not-required', message: "The hub forwards each caller's own bearer JWT (from a configured external identity)." };
    case 'api-key': {
      if (auth.mode === 'shared') return { ...base, status: 'connected' };
      const has = (await deps.store.override(config.id, userId)) !== undefined;
      return has ? { ...base, status: 'connected', hasOverride: true } : { ...base, status: 'needs-connect', hasOverride: false, message: deps.noOverride(userId) };
    }
    case 'oauth2': {
      const owner = auth.grant === 'client_credentials' ? SERVICE_USER : userId;
      const problem = deps.problem(owner);
      let tokens: StoredTokens | undefined;
      try {
        tokens = await deps.store.tokens(config.id, owner);
      } catch (error) {
        return { ...base, status: 'error', message: errorMessage(error) };
      }
      if (!tokens) {
        if (problem) return { ...base, status: problem.status, message: problem.message };
        return auth.grant === 'client_credentials'
          ? { ...base, status: 'expired', message: `No token yet; the hub requests one with its client credentials on the next call to "${config.name}".` }
          : { ...base, status: 'needs-connect', message: notConnected(config.name, userId) };
      }
      const expiresAt = tokens.expiresAt === undefined ? undefined : new Date(tokens.expiresAt).toISOString();
      const extra = { ...(expiresAt && { expiresAt }), ...(tokens.scope && { scopes: tokens.scope.split(' ') }) };
      if (problem?.status === 'error') return { ...base, ...extra, status: 'error', message: problem.message };
      const expired = tokens.expiresAt !== undefined && tokens.expiresAt <= deps.now();
      if (expired && !tokens.refreshToken && auth.grant === 'authorization_code') {
        return { ...base, ...extra, status: 'expired', message: `The token for "${config.name}" expired and cannot be renewed silently. Run \`patchbay auth connect ${config.name}\`.` };
      }
      return { ...base, ...extra, status: 'connected' };
    }
  }
}
