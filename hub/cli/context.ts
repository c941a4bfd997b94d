import { systemClock } from '../core/clock';
import { HubError } from '../core/errors';
import { createLogger, LogRing, streamSink } from '../core/logger';
import type { Logger, LogLevel } from '../core/logger';
import { defaultHome, hubPaths } from '../core/paths';
import type { HubPaths } from '../core/paths';
import { Redactor } from '../core/redact';
import { chooseSecretStore } from '../secrets/chooseSecretStore';
import type { SecretStore } from '../secrets/secretStore';
import { openStore } from '../store/index';
import type { Store } from '../store/index';
import { createHub } from '../hub';
import type { Hub } from '../hub';
import { createMcpUpstreamFactory } from '../upstream/mcpUpstreamFactory';
import type { PrespawnPool } from '../upstream/prespawn';
import { hubRequest } from './hubClient';
import { liveRuntimeInfo } from './runtimeFile';
import type { RuntimeInfo } from './runtimeFile';

// What every command needs: the data directory, a logger to stderr, the store and the secret
// store. Opened lazily, so `patchbay --help` touches nothing.

export interface CliContext {
  paths: HubPaths;
  logger: Logger;
  logs: LogRing;
  redactor: Redactor;
  store: Store;
  secrets: SecretStore;
  secretWarning?: string;
  close(): void;
}

export interface ContextOptions {
  logLevel?: LogLevel;
  /** Print the secret-store warning (serve does; quick commands only when it matters). */
  quiet?: boolean;
  /** The serving hub: token checks skip the change stamp's read while the WAL saw no write (store/changeStamp.ts). */
  watchChanges?: boolean;
}

export async function openContext(options: ContextOptions = {}): Promise<CliContext> {
  const paths = hubPaths(defaultHome());
  const redactor = new Redactor();
  const logs = new LogRing(2000);
  const level = (process.env.PATCHBAY_LOG_LEVEL as LogLevel | undefined) ?? options.logLevel ?? 'warn';
  const logger = createLogger({ level, redactor, sinks: [streamSink((line) => process.stderr.write(line)), logs.sink] });
  const store = openStore(paths.db, { logger, clock: systemClock, ...(options.watchChanges ? { watchChanges: true } : {}) });
  try {
    const { store: secrets, warning } = await chooseSecretStore({ home: paths.home, logger: options.quiet ? createLogger({ level: 'error', sinks: [] }) : logger, env: process.env });
    return { paths, logger, logs, redactor, store, secrets, secretWarning: warning, close: () => store.close() };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** A hub over the context. `onlyServers` limits which servers it connects (CLI one-shots); `prespawned` holds children serve started early. */
export function hubFromContext(ctx: CliContext, onlyServers?: string[], prespawned?: PrespawnPool): Hub {
  return createHub({
    paths: ctx.paths,
    store: ctx.store,
    secrets: ctx.secrets,
    secretWarning: ctx.secretWarning,
    logger: ctx.logger,
    logs: ctx.logs,
    redactor: ctx.redactor,
    clock: systemClock,
    createUpstream: createMcpUpstreamFactory({ logger: ctx.logger, clock: systemClock, settings: ctx.store.settings, lists: ctx.store.rememberedLists, redactor: ctx.redactor, ...(prespawned && { prespawned }) }),
    serverFilter: onlyServers ? (name) => onlyServers.includes(name) : undefined,
  });
}

/** A hub for configuration commands: it never connects to any server (no reconcile side effects). */
export function configHub(ctx: CliContext): Hub {
  return createHub({
    paths: ctx.paths,
    store: ctx.store,
    secrets: ctx.secrets,
    logger: ctx.logger,
    logs: ctx.logs,
    redactor: ctx.redactor,
    clock: systemClock,
    createUpstream: () => {
      throw new Error('internal: configuration commands never connect to servers');
    },
    serverFilter: () => false,
  });
}

/** Runs a configuration command with its context and a `configHub`, and closes both. */
export async function withConfigHub<T>(action: (ctx: CliContext, hub: Hub) => Promise<T>): Promise<T> {
  const ctx = await openContext({ quiet: true });
  const hub = configHub(ctx);
  try {
    return await action(ctx, hub);
  } finally {
    await hub.dispose();
    ctx.close();
  }
}

// ---- finding a running hub --------------------------------------------------------------------

/** The running hub of this data directory, if there is one that answers. */
export async function findRunningHub(paths: HubPaths): Promise<RuntimeInfo | undefined> {
  const info = liveRuntimeInfo(paths.runtimeFile);
  if (!info) return undefined;
  try {
    const response = await hubRequest(info, 'GET', '/api/health', { timeoutMs: 1500 });
    return response.status === 200 ? info : undefined;
  } catch {
    return undefined;
  }
}

export const CLI_TOKEN_SECRET = 'hub/cli-token';

/**
 * Calls the running hub's admin API as PATCHBAY_TOKEN's user when that is set (checked like any API
 * caller), else with the CLI token the hub left in the secret store (the local owner).
 */
export async function callRunningHub<T>(ctx: CliContext, hub: RuntimeInfo, method: string, path: string, body?: unknown): Promise<T> {
  const token = process.env.PATCHBAY_TOKEN ?? (await ctx.secrets.get(CLI_TOKEN_SECRET));
  if (!token) throw new HubError('UNAUTHORIZED', 'The running hub left no CLI credential in the secret store. Restart `patchbay serve`.');
  const response = await hubRequest(hub, method, `/api${path}`, {
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  let payload: { error?: { code: string; message: string } } | undefined;
  try {
    payload = JSON.parse(response.text) as typeof payload;
  } catch {
    payload = undefined;
  }
  if (response.status < 200 || response.status >= 300) {
    const code = (payload?.error?.code ?? 'INTERNAL') as HubError['code'];
    throw new HubError(code, payload?.error?.message ?? `The hub answered HTTP ${response.status}.`);
  }
  return payload as T;
}
