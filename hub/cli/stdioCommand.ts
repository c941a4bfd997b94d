import type { Command } from 'commander';
import type { Principal } from '../serve/downstreamServer';
import { HubError } from '../core/errors';
import { relayStdio, serveHubOverStdio } from '../serve/stdioBridge';
import { membersOf } from './bundleCommands';
import { CLI_TOKEN_SECRET, findRunningHub, hubFromContext, openContext } from './context';

// `patchbay stdio [--target NAME]`: the hub over stdin/stdout, for stdio-only clients.
// Logs go to stderr only: stdout belongs to the protocol. NAME is a server or a bundle.

export function registerStdioCommand(program: Command): void {
  program
    .command('stdio')
    .description('serve the hub over stdio (what Claude Desktop runs); relays to the running hub, or runs one in process')
    .option('--target <name>', 'one server (or virtual server) instead of everything')
    .action(async (options: { target?: string }) => {
      const ctx = await openContext({ quiet: true, logLevel: 'warn' });
      try {
        const running = await findRunningHub(ctx.paths);
        // Access: the relay speaks plain HTTP; a TLS hub is served in process instead (same data, same checks).
        if (running && running.tlsFingerprint === undefined) {
          const token = process.env.PATCHBAY_TOKEN ?? (await ctx.secrets.get(CLI_TOKEN_SECRET));
          if (!token) throw new HubError('UNAUTHORIZED', 'No token: set PATCHBAY_TOKEN (create one with `patchbay token create NAME`).');
          const url = `${running.url}/mcp${options.target ? `/${encodeURIComponent(options.target)}` : ''}`;
          await relayStdio({ url, token, onError: (message) => ctx.logger.warn(`stdio relay: ${message}`) });
          return;
        }
        // Access: with PATCHBAY_TOKEN the in-process hub serves what that token's user may use, as that user.
        let principal: Principal = { id: 'stdio', name: 'stdio', userId: 'owner' };
        if (process.env.PATCHBAY_TOKEN) {
          const info = ctx.store.tokens.verify(process.env.PATCHBAY_TOKEN);
          if (!info) throw new HubError('UNAUTHORIZED', 'PATCHBAY_TOKEN is invalid, expired or revoked. Create a new token with `patchbay token create NAME`.');
          principal = { id: info.id, name: info.name, userId: info.userId, tokenId: info.id, ...(info.servers ? { servers: info.servers } : {}) };
        }
        const target = options.target;
        // A bundle draws from several servers: connect exactly those.
        const hub = hubFromContext(ctx, target === undefined ? undefined : ctx.store.servers.get(target) ? [target] : membersOf(ctx, target));
        try {
          await hub.start();
          const view = hub.resolveView(principal, target);
          if (!view) {
            throw new HubError('NOT_FOUND', `No enabled server or bundle named "${target ?? ''}" that this token may use. See \`patchbay server list\` and \`patchbay bundle list\`.`);
          }
          await serveHubOverStdio(hub, view, principal);
        } finally {
          await hub.dispose();
        }
      } finally {
        ctx.close();
      }
    });
}
