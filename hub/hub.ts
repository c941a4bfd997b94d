import type { JsonObject, ToolResult } from '../shared/types';
import { AccessControl } from './access/accessControl';
import { AuditLog, LOCAL_CALLER } from './access/auditLog';
import type { CallerInfo } from './access/auditLog';
import { Aggregator } from './aggregate/aggregator';
import { resolveView } from './aggregate/viewResolver';
import type { ViewResolverDeps } from './aggregate/viewResolver';
import type { View } from './aggregate/views';
import { BundleService, upstreamMemberLists } from './aggregate/bundleService';
import { bundleSource } from './aggregate/bundleView';
import { singleServerView } from './aggregate/views';
import { CatalogService } from './catalog/catalogService';
import type { Clock } from './core/clock';
import { errorMessage } from './core/errors';
import type { Logger } from './core/logger';
import type { LogRing } from './core/logger';
import type { HubPaths } from './core/paths';
import type { Redactor } from './core/redact';
import { OpenApiService } from './openapi/openapiService';
import { PlaygroundService } from './playground/playgroundService';
import type { SecretStore } from './secrets/secretStore';
import type { Principal } from './serve/downstreamServer';
import { PendingCalls } from './serve/pendingCalls';
import { ServerService } from './serverService';
import { BundleRepo } from './store/bundleRepo';
import type { Store } from './store/index';
import { OpenApiRepo } from './store/openapiRepo';
import { UpstreamRegistry } from './upstream/upstreamRegistry';
import type { UpstreamFactory } from './upstream/upstreamRegistry';
import { AuthService } from './auth/authService';
import { authUpstreamFactory } from './auth/authUpstreamFactory';
import { IdentityRepo } from './auth/identityRepo';
import { JwtVerifier } from './auth/jwtVerifier';
import { HUB_VERSION } from './version';

export { HUB_VERSION } from './version';

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
  /** HTTP client of imported OpenAPI servers (default: global fetch). */
  openApiFetch?: typeof fetch;
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
  /** Virtual servers (bundles): `/mcp/NAME` views over chosen tools of several servers. */
  readonly bundles: BundleService;
  /** Imported OpenAPI servers (issue 4). */
  readonly openapi: OpenApiService;
  /** The catalog of official remote servers and MCP Registry imports (issue 4). */
  readonly catalog: CatalogService;
  readonly pending: PendingCalls;
  /** The Playground: LLM providers, chat runs, conversations, the direct tool runner. */
  readonly playground: PlaygroundService;
  /** Access (issue 8): roles of users and teams on servers (and virtual servers). */
  readonly access: AccessControl;
  /** Access (issue 8): the audit log of tool calls. */
  readonly audit: AuditLog;
  /** Upstream auth: credentials, status, OAuth connect/revoke, overrides (hub/auth). */
  readonly auth: AuthService;
  /** Trusted external identities and the verifier of their JWTs (token passthrough). */
  readonly identities: IdentityRepo;
  readonly jwt: JwtVerifier;
  /**
   * Calls one tool of one server by its original name (CLI `call`, the playground), recorded in the
   * audit log as `caller` (default: the local owner). Permission checks are the caller's job.
   */
  callTool(server: string, tool: string, args: JsonObject, options?: { signal?: AbortSignal; caller?: CallerInfo & { bearer?: string } }): Promise<ToolResult>;
  /**
   * What `/mcp/NAME` (or `/mcp` for no name) shows `principal`: servers and virtual servers it may
   * use. Undefined: not found, or not for this caller (the same answer, so names do not leak).
   */
  resolveView(principal: Principal, name: string | undefined): View | undefined;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export function createHub(deps: HubDeps): Hub {
  const logger = deps.logger;
  // Servers and virtual servers share the names of `/mcp/NAME`: what holds a name, if not a server.
  const nameTakenBy = (name: string): string | undefined => (bundles.has(name) ? 'bundle' : undefined);
  const auth = new AuthService({ servers: deps.store.servers, secrets: deps.secrets, redactor: deps.redactor, logger, clock: deps.clock });
  const identities = new IdentityRepo(deps.store.db, deps.clock);
  const jwt = new JwtVerifier(identities, logger.child({ component: 'identities' }), deps.clock);
  // Servers with per-user credentials get one connection per user (authUpstreamFactory).
  const connect = authUpstreamFactory(deps.createUpstream, auth, logger.child({ component: 'upstreams' }));
  const registry: UpstreamRegistry = new UpstreamRegistry({
    loadServers: () => {
      const all = deps.store.servers.list();
      return deps.serverFilter ? all.filter((config) => deps.serverFilter?.(config.name)) : all;
    },
    secrets: deps.secrets,
    redactor: deps.redactor,
    logger: logger.child({ component: 'upstreams' }),
    // Imported OpenAPI servers run in process; every other server goes to the injected factory.
    createUpstream: (config, transport) => (config.transport.type === 'openapi' ? openapi.createUpstream(config) : connect(config, transport)),
  });
  const openapi: OpenApiService = new OpenApiService({
    db: deps.store.db,
    repo: new OpenApiRepo(deps.store.db, { clock: deps.clock }),
    servers: deps.store.servers,
    secrets: deps.secrets,
    redactor: deps.redactor,
    registry,
    logger: logger.child({ component: 'openapi' }),
    clock: deps.clock,
    ...(deps.openApiFetch ? { fetch: deps.openApiFetch } : {}),
    nameTakenBy,
  });
  const aggregator = new Aggregator({ upstreams: registry, logger: logger.child({ component: 'aggregate' }) });
  const pending = new PendingCalls();
  const bundles = new BundleService({
    repo: new BundleRepo(deps.store.db, { logger, clock: deps.clock }),
    configuredServers: () => deps.store.servers.list(),
    enabledServers: () => registry.enabledNames(),
    memberLists: (server) => upstreamMemberLists(registry.get(server)),
    logger: logger.child({ component: 'bundles' }),
  });
  // A changed bundle: its cached lists go, and its sessions hear list_changed.
  const unwatchBundles = bundles.onChange((name) => aggregator.invalidate(bundleSource(name)));
  const servers = new ServerService(deps.store.servers, deps.secrets, registry, { nameTakenBy, auth });
  const catalog = new CatalogService({ servers });
  const access = new AccessControl({ users: deps.store.users, teams: deps.store.teams, collaborators: deps.store.collaborators });
  // Per request: the registry's in-memory configs, the store only for names it does not hold.
  access.registerResourceKind('server', (name) => registry.configOf(name)?.id ?? deps.store.servers.get(name)?.id);
  access.registerResourceKind('bundle', (name) => bundles.find(name)?.id);
  const viewDeps: ViewResolverDeps = {
    enabledServers: () => registry.enabledNames(),
    isEnabled: (server) => registry.configOf(server)?.enabled === true,
    bundleView: (bundle) => bundles.view(bundle),
    usableServers: (caller, names) => access.usable(caller, 'server', names),
    usableBundle: (caller, bundle) => access.usable(caller, 'bundle', [bundle]).length > 0,
  };
  const viewFor = (principal: Principal, name: string | undefined): View | undefined => resolveView(viewDeps, principal, name);
  const audit = new AuditLog({ repo: deps.store.audit, settings: deps.store.settings, redactor: deps.redactor, clock: deps.clock, logger: logger.child({ component: 'audit' }) });
  const playground = new PlaygroundService({
    db: deps.store.db,
    settings: deps.store.settings,
    secrets: deps.secrets,
    aggregator,
    enabledServers: () => registry.enabledNames(),
    state: (name) => registry.state(name),
    resolveView: viewFor,
    audit,
    logger: logger.child({ component: 'playground' }),
    clock: deps.clock,
  });
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
    bundles,
    openapi,
    catalog,
    pending,
    playground,
    access,
    audit,
    resolveView: viewFor,
    auth,
    identities,
    jwt,

    async callTool(server, tool, args, options = {}) {
      const config = servers.get(server);
      const given: CallerInfo & { bearer?: string } = options.caller ?? LOCAL_CALLER;
      const { bearer, ...caller } = given;
      const upstreamCaller = { userId: caller.userId, ...(bearer ? { bearer } : {}) };
      // A caller without credentials learns what to do, instead of "unknown tool".
      await auth.check(config, caller.userId, upstreamCaller);
      // Added by another process a moment ago (the CLI while this hub runs): connect it now.
      if (config.enabled && !registry.get(server)) await registry.reconcile();
      // A server that is not up yet (or failing) says so, rather than "unknown tool".
      const upstream = registry.get(server);
      if (upstream && upstream.state.status !== 'running') await upstream.ready(10_000);
      const route = await aggregator.routeTool(singleServerView(server), tool);
      return audit.record({ caller, server: route.server, tool: route.original, args }, () =>
        route.upstream.callTool(route.original, args, { signal: options.signal, caller: upstreamCaller }),
      );
    },

    async start() {
      // Changes made by another process (the CLI while this hub runs) are picked up live.
      unwatch = deps.store.watcher.onChange(() => {
        registry
          .reconcile()
          .then(() => openapi.refreshLive())
          .catch((error: unknown) => logger.error(`applying store changes failed: ${errorMessage(error)}`));
        try {
          bundles.refresh();
        } catch (error) {
          logger.error(`reading bundle changes failed: ${errorMessage(error)}`);
        }
      });
      bundles.refresh();
      deps.store.watcher.start();
      await registry.reconcile();
      // Warm the owner's auth status for server lists (computed asynchronously, shown synchronously).
      await Promise.all(registry.configs().map((config) => auth.status(config.name, 'owner').catch(() => undefined)));
    },

    async dispose() {
      unwatch?.();
      await playground.dispose();
      unwatchBundles();
      bundles.dispose();
      deps.store.watcher.dispose();
      pending.dispose();
      aggregator.dispose();
      await registry.dispose();
      openapi.dispose();
      audit.dispose();
      auth.dispose();
    },
  };
}
