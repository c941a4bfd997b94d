// Wires upstream credentials into connections: wraps the hub's UpstreamFactory so that every HTTP
// connection gets its server's auth — fixed headers (API keys) and/or a bearer provider (OAuth,
// passthrough) — and per-user auth modes get one connection per user (PerUserUpstream).
import type { ServerConfig } from '../../shared/types';
import type { Logger } from '../core/logger';
import type { ResolvedTransport } from '../upstream/connection';
import type { UpstreamFactory } from '../upstream/upstreamRegistry';
import type { Upstream } from '../upstream/types';
import { isPerUser } from './authConfig';
import { SERVICE_USER } from './authSecrets';
import type { AuthService, UpstreamCredentials } from './authService';
import { OWNER } from './authService';
import { PerUserUpstream } from './perUserUpstream';

export function authUpstreamFactory(base: UpstreamFactory, auth: AuthService, logger: Logger): UpstreamFactory {
  const perUser = new Map<string, PerUserUpstream>();
  auth.onChange((serverId, userId) => {
    for (const [id, upstream] of perUser) if (serverId === '*' || serverId === id) void upstream.credentialsChanged(userId);
  });

  return (config, transport) => {
    if (config.auth.type === 'none' || config.transport.type !== 'http') return base(config, transport);
    const forUser = (userId: string) => async (): Promise<ResolvedTransport> => withCredentials(await transport(), await auth.credentials(config, userId));
    if (!isPerUser(config.auth)) return base(config, forUser(config.auth.type === 'oauth2' ? SERVICE_USER : OWNER));
    const upstream = new PerUserUpstream({
      name: config.name,
      createFor: (userId) => base(config, forUser(userId), { perUser: true }),
      users: () => auth.users(config),
      check: (userId, caller) => auth.check(config, userId, caller),
      needsAuthMessage: needsAuthMessage(config),
      logger: logger.child({ server: config.name }),
    });
    perUser.set(config.id, upstream);
    const dispose = upstream.dispose.bind(upstream);
    return Object.assign(upstream, {
      dispose: async () => {
        if (perUser.get(config.id) === upstream) perUser.delete(config.id);
        await dispose();
      },
    }) satisfies Upstream;
  };
}

function withCredentials(resolved: ResolvedTransport, credentials: UpstreamCredentials): ResolvedTransport {
  if (resolved.type !== 'http') return resolved;
  return { ...resolved, headers: { ...resolved.headers, ...credentials.headers }, ...(credentials.auth && { auth: credentials.auth }) };
}

function needsAuthMessage(config: ServerConfig): string {
  const auth = config.auth;
  if (auth.type === 'passthrough') return 'it forwards each caller\'s own JWT; it connects when a caller with a JWT from a configured identity uses it.';
  if (auth.type === 'api-key') return `nobody has set an API key yet. Set yours with \`patchbay auth override ${config.name} --value YOUR_KEY\`.`;
  return `nobody has signed in yet. Run \`patchbay auth connect ${config.name}\`.`;
}
