import type { Command } from 'commander';
import { aggregateView, singleServerView } from '../aggregate/views';
import type { View } from '../aggregate/views';
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
        if (running) {
          const token = process.env.PATCHBAY_TOKEN ?? (await ctx.secrets.get(CLI_TOKEN_SECRET));
          if (!token) throw new HubError('UNAUTHORIZED', 'No token: set PATCHBAY_TOKEN (create one with `patchbay token create NAME`).');
          const url = `${running.url}/mcp${options.target ? `/${encodeURIComponent(options.target)}` : ''}`;
          await relayStdio({ url, token, onError: (message) => ctx.logger.warn(`stdio relay: ${message}`) });
          return;
        }
        if (process.env.PATCHBAY_TOKEN && !ctx.store.tokens.verify(process.env.PATCHBAY_TOKEN)) {
          throw new HubError('UNAUTHORIZED', 'PATCHBAY_TOKEN is invalid, expired or revoked. Create a new token with `patchbay token create NAME`.');
        }
        const target = options.target;
        // A bundle draws from several servers: connect exactly those.
        const hub = hubFromContext(ctx, target === undefined ? undefined : ctx.store.servers.get(target) ? [target] : membersOf(ctx, target));
        try {
          await hub.start();
          let view: View | undefined;
          if (target === undefined) view = aggregateView(hub.registry.enabledNames());
          else if (hub.registry.enabledNames().includes(target)) view = singleServerView(target);
          else view = hub.bundles.view(target);
          if (!view) {
            throw new HubError('NOT_FOUND', `No enabled server or bundle named "${target ?? ''}". See \`patchbay server list\` and \`patchbay bundle list\`.`);
          }
          await serveHubOverStdio(hub, view);
        } finally {
          await hub.dispose();
        }
      } finally {
        ctx.close();
      }
    });
}
