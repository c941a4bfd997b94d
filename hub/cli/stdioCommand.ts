import type { Command } from 'commander';
import { aggregateView, singleServerView } from '../aggregate/views';
import { HubError } from '../core/errors';
import { relayStdio, serveHubOverStdio } from '../serve/stdioBridge';
import { CLI_TOKEN_SECRET, findRunningHub, hubFromContext, openContext } from './context';

// `patchbay stdio [--target NAME]`: the hub over stdin/stdout, for stdio-only clients.
// Logs go to stderr only: stdout belongs to the protocol.

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
        const hub = hubFromContext(ctx, options.target ? [options.target] : undefined);
        try {
          await hub.start();
          if (options.target && !hub.registry.enabledNames().includes(options.target)) {
            throw new HubError('NOT_FOUND', `No enabled server named "${options.target}". See \`patchbay server list\`.`);
          }
          const view = options.target ? singleServerView(options.target) : aggregateView(hub.registry.enabledNames());
          await serveHubOverStdio(hub, view);
        } finally {
          await hub.dispose();
        }
      } finally {
        ctx.close();
      }
    });
}
