import type { JsonObject, ToolResult } from '../shared/types';
import { Aggregator } from './aggregate/aggregator';
import { singleServerView } from './aggregate/views';
import type { Clock } from './core/clock';
import { errorMessage } from './core/errors';
import type { Logger } from './core/logger';
import type { LogRing } from './core/logger';
import type { HubPaths } from './core/paths';
import type { Redactor } from './core/redact';
import type { SecretStore } from './secrets/secretStore';
import { PendingCalls } from './serve/pendingCalls';
import { ServerService } from './serverService';
import type { Store } from './store/index';
import { UpstreamRegistry } from './upstream/upstreamRegistry';
import type { UpstreamFactory } from './upstream/upstreamRegistry';
import { AuthService } from './auth/authService';
import { authUpstreamFactory } from './auth/authUpstreamFactory';
import { IdentityRepo } from './auth/identityRepo';
import { JwtVerifier } from './auth/jwtVerifier';
import type { UpstreamCallContext } from './upstream/types';

export const HUB_VERSION = '0.1.0';

export interface HubDeps {
  paths: HubPaths;
  store: Store;
  secrets: SecretStore;
  /** Shown in status and the UI when secrets are not in the OS keychain. */
  secretWarning?: string;
  logger: Logger;
  logs: LogRing;
  redactor: Redactor;
  clock: Clock;
  createUpstream: UpstreamFactory;
  /** Connect only the servers this accepts (CLI one-shots connect just the server they use). */
  serverFilter?: (name: string) => boolean;
}

/** The headless hub: everything but the HTTP face. `createHub` wires it; `start` brings it up. */
export interface Hub {
  readonly version: string;
  readonly startedAt: Date;
  readonly paths: HubPaths;
  readonly store: Store;
  readonly secrets: SecretStore;
  readonly secretWarning?: string;
  readonly logger: Logger;
  readonly logs: LogRing;
  readonly redactor: Redactor;
  readonly registry: UpstreamRegistry;
  readonly aggregator: Aggregator;
  readonly servers: ServerService;
  readonly pending: PendingCalls;
  /** Upstream auth: credentials, status, OAuth connect/revoke, overrides (hub/auth). */
  readonly auth: AuthService;
  /** Trusted external identities and the verifier of their JWTs (token passthrough). */
  readonly identities: IdentityRepo;
  readonly jwt: JwtVerifier;
  /** Calls one tool of one server by its original name (CLI `call`, the playground). `caller` defaults to the owner. */
  callTool(server: string, tool: string, args: JsonObject, options?: { signal?: AbortSignal; caller?: UpstreamCallContext['caller'] }): Promise<ToolResult>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export function createHub(deps: HubDeps): Hub {
  const logger = deps.logger;
  const auth = new AuthService({ servers: deps.store.servers, secrets: deps.secrets, redactor: deps.redactor, logger, clock: deps.clock });
  const identities = new IdentityRepo(deps.store.db, deps.clock);
  const jwt = new JwtVerifier(identities, logger.child({ component: 'identities' }), deps.clock);
  const registry = new UpstreamRegistry({
    loadServers: () => {
      const all = deps.store.servers.list();
      return deps.serverFilter ? all.filter((config) => deps.serverFilter?.(config.name)) : all;
    },
    secrets: deps.secrets,
    redactor: deps.redactor,
    logger: logger.child({ component: 'upstreams' }),
    createUpstream: authUpstreamFactory(deps.createUpstream, auth, logger.child({ component: 'upstreams' })),
  });
  const aggregator = new Aggregator({ upstreams: registry, logger: logger.child({ component: 'aggregate' }) });
  const pending = new PendingCalls();
  const servers = new ServerService(deps.store.servers, deps.secrets, registry, auth);
  let unwatch: (() => void) | undefined;

  return {
    version: HUB_VERSION,
    startedAt: new Date(deps.clock.now()),
    paths: deps.paths,
    store: deps.store,
    secrets: deps.secrets,
    secretWarning: deps.secretWarning,
    logger,
    logs: deps.logs,
    redactor: deps.redactor,
    registry,
    aggregator,
    servers,
    pending,
    auth,
    identities,
    jwt,

    async callTool(server, tool, args, options = {}) {
      const config = servers.get(server);
      const caller = options.caller ?? { userId: 'owner' };
      // A caller without credentials learns what to do, instead of "unknown tool".
      await auth.check(config, caller.userId, caller);
      const route = await aggregator.routeTool(singleServerView(server), tool);
      return route.upstream.callTool(route.original, args, { signal: options.signal, caller });
    },

    async start() {
      // Changes made by another process (the CLI while this hub runs) are picked up live.
      unwatch = deps.store.watcher.onChange(() => {
        registry.reconcile().catch((error: unknown) => logger.error(`applying store changes failed: ${errorMessage(error)}`));
      });
      deps.store.watcher.start();
      await registry.reconcile();
      // Warm the owner's auth status for server lists (computed asynchronously, shown synchronously).
      await Promise.all(registry.configs().map((config) => auth.status(config.name, 'owner').catch(() => undefined)));
    },

    async dispose() {
      unwatch?.();
      deps.store.watcher.dispose();
      pending.dispose();
      aggregator.dispose();
      await registry.dispose();
      auth.dispose();
    },
  };
}
