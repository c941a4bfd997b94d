import { setFlagsFromString } from 'node:v8';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { resolveTransportSecurity } from '../access/tls';
import type { TlsMaterial, TransportSecurity } from '../access/tls';
import { errorMessage, isHubError } from '../core/errors';
import { defaultHome } from '../core/paths';
import type { HttpServerHandle } from '../serve/httpServer';
import type { Hub } from '../hub';
import { CLI_TOKEN_SECRET, findRunningHub, hubFromContext, openContext } from './context';
import type { PrespawnPool } from '../upstream/prespawn';
import { holdWire } from '../upstream/wireLoader';
import { takePrespawned } from './prespawnServe';
import type { CliContext } from './context';
import type { RuntimeInfo } from './runtimeFile';
import { UsageError } from './output';

// `patchbay serve`: the hub and its web UI, until Ctrl-C.

export interface RunningHub {
  ctx: CliContext;
  hub: Hub;
  http: HttpServerHandle;
  stop(): Promise<void>;
}

export interface ServeOptions {
  host: string;
  port: number;
  allowedHost?: string[];
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Access: serve HTTPS (see hub/access/tls.ts). */
  tls?: TlsMaterial;
}

/** The built UI next to the bundled CLI (dist/renderer), if it was built. */
export function uiDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'renderer'), join(here, '..', 'dist', 'renderer'), join(here, '..', '..', 'dist', 'renderer')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/** How long after listening the upstreams' SDK side waits for the clients that were waiting for the hub. */
const WIRE_HOLD_AFTER_LISTEN_MS = 100;

/** Starts hub + HTTP server and writes the runtime file. Shared by `serve` and the desktop app. */
export async function startServing(options: ServeOptions): Promise<RunningHub> {
  // Children prespawnServe.ts started for this run (the CLI's serve only; never the desktop app).
  // Whatever the hub has not adopted when start-up fails is stopped.
  const prespawned = takePrespawned();
  try {
    return await serveWith(options, prespawned);
  } catch (error) {
    prespawned?.dispose();
    throw error;
  }
}

async function serveWith(options: ServeOptions, prespawned: PrespawnPool | undefined): Promise<RunningHub> {
  const ctx = await openContext({ logLevel: options.logLevel ?? 'info', watchChanges: true });
  const other = await findRunningHub(ctx.paths);
  if (other) {
    ctx.close();
    throw new UsageError(`A hub for ${ctx.paths.home} is already running at ${other.url} (pid ${other.pid}). Stop it first, or use another PATCHBAY_HOME.`);
  }
  const hub = hubFromContext(ctx, undefined, prespawned);
  // The upstreams' MCP SDK side loads a moment after the hub listens, or as soon as a request needs a
  // live connection: the clients waiting for the hub get the lists the servers remembered first,
  // without waiting behind it (hub/upstream/wireLoader.ts).
  const releaseWire = holdWire();
  let http: HttpServerHandle;
  try {
    // The HTTP face (and the MCP SDK's server side behind it) loads while the upstreams start: stdio
    // servers are spawned by hub.start(), and their start-up overlaps with this import.
    const starting = hub.start();
    const httpModule = import('../serve/httpServer');
    // The CLI credential is written meanwhile too: it needs neither the hub nor its HTTP face.
    const issuing = issueCliToken(ctx);
    // All settle before any is used (no unhandled rejection when another fails first).
    const [started, loaded, issued] = await Promise.allSettled([starting, httpModule, issuing]);
    if (started.status === 'rejected') throw started.reason;
    if (loaded.status === 'rejected') throw loaded.reason;
    if (issued.status === 'rejected') throw issued.reason;
    http = await loaded.value.startHttpServer(hub, { host: options.host, port: options.port, uiDir: uiDir(), allowedHosts: options.allowedHost, ...(options.tls ? { tls: options.tls } : {}) });
  } catch (error) {
    releaseWire();
    await hub.dispose();
    ctx.close();
    throw error;
  }
  const wireTimer = setTimeout(releaseWire, WIRE_HOLD_AFTER_LISTEN_MS);
  const runtime: RuntimeInfo = { pid: process.pid, url: http.url, version: hub.version, startedAt: hub.startedAt.toISOString(), ...(options.tls ? { tlsFingerprint: options.tls.fingerprint256 } : {}) };
  writeFileSync(ctx.paths.runtimeFile, `${JSON.stringify(runtime, null, 2)}\n`, { mode: 0o600 });
  // Start-up is over: V8's default young-generation growth again (bin/patchbay.mjs held it during start-up).
  setFlagsFromString('--semi-space-growth-factor=2');

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearTimeout(wireTimer);
      releaseWire();
      rmSync(ctx.paths.runtimeFile, { force: true });
      prespawned?.dispose();
      await http.close();
      await hub.dispose();
      ctx.close();
    })();
    return stopping;
  };
  return { ctx, hub, http, stop };
}

/** A credential for `patchbay` commands talking to this hub; kept in the secret store, replaced at every start. */
async function issueCliToken(ctx: CliContext): Promise<void> {
  for (const token of ctx.store.tokens.list()) if (token.name === 'patchbay-cli' && !token.revokedAt) ctx.store.tokens.revoke(token.id);
  await ctx.secrets.set(CLI_TOKEN_SECRET, ctx.store.tokens.create({ name: 'patchbay-cli' }).token);
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the hub and its web UI (headless) until interrupted')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', (value) => parsePort(value), 4242)
    .option('--allowed-host <name>', 'extra hostname accepted in Host/Origin headers (repeatable)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (with --tls-key)')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert')
    .option('--tls-self-signed', 'serve HTTPS with a self-signed certificate kept in the data directory')
    .option('--insecure-http', 'allow plain HTTP on a non-loopback address (not recommended)')
    .option('--json', 'print the endpoint and login URL as JSON')
    .action(async (options: { host: string; port: number; allowedHost: string[]; json?: boolean; tlsCert?: string; tlsKey?: string; tlsSelfSigned?: boolean; insecureHttp?: boolean }) => {
      // Access: off loopback, TLS or an explicit --insecure-http (see hub/access/tls.ts).
      let security: TransportSecurity;
      try {
        security = resolveTransportSecurity({ host: options.host, tlsCert: options.tlsCert, tlsKey: options.tlsKey, tlsSelfSigned: options.tlsSelfSigned, insecureHttp: options.insecureHttp, home: defaultHome(), extraHosts: options.allowedHost });
      } catch (error) {
        throw isHubError(error) && error.code === 'VALIDATION_FAILED' ? new UsageError(error.message) : error;
      }
      if (security.warning) process.stderr.write(`patchbay: WARNING: ${security.warning}\n`);
      else if (!['127.0.0.1', 'localhost', '::1'].includes(options.host)) process.stderr.write(`patchbay: listening on ${options.host}; anyone who can reach it and holds a token can use what that token allows.\n`);
      const running = await startServing({ host: options.host, port: options.port, allowedHost: options.allowedHost, ...(security.tls ? { tls: security.tls } : {}) });
      const login = running.http.createLoginUrl();
      const tlsInfo = security.tls ? { certFile: security.tls.certFile, fingerprint256: security.tls.fingerprint256, selfSigned: security.tls.selfSigned } : undefined;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ endpoint: `${running.http.url}/mcp`, url: running.http.url, loginUrl: login, dataDir: running.ctx.paths.home, pid: process.pid, ...(tlsInfo ? { tls: tlsInfo } : {}) })}\n`);
      } else {
        const lines = [
          `Patchbay hub ${running.hub.version} is running.`,
          `  MCP endpoint: ${running.http.url}/mcp   (clients need a token: patchbay token create NAME)`,
          `  Web UI:       ${login}`,
          `  Data:         ${running.ctx.paths.home}`,
        ];
        if (tlsInfo) lines.push(`  TLS:          ${tlsInfo.selfSigned ? 'self-signed ' : ''}certificate ${tlsInfo.certFile}`, `                SHA-256 ${tlsInfo.fingerprint256}`);
        if (running.ctx.secretWarning) lines.push(`  Warning:      ${running.ctx.secretWarning}`);
        lines.push('Press Ctrl-C to stop.');
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      await new Promise<void>((resolve) => {
        const onSignal = (): void => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          running.stop().then(resolve, (error: unknown) => {
            process.stderr.write(`patchbay: error while stopping: ${errorMessage(error)}\n`);
            resolve();
          });
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a number from 0 to 65535, not "${value}".`);
  return port;
}
