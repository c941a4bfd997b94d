import type { Command } from 'commander';
import { HubError } from '../core/errors';
import { callRunningHub, findRunningHub, openContext } from './context';
import { openBrowser } from './openBrowser';
import { print } from './output';
import type { OutputOptions } from './output';

// `patchbay ui`: a fresh one-time login link for the web UI of the running hub (opened in the
// browser unless --no-browser).

export function registerUiCommand(program: Command): void {
  program
    .command('ui')
    .description('open the web UI of the running hub (a fresh one-time login link)')
    .option('--no-browser', 'print the link instead of opening it')
    .option('--json', 'machine-readable output')
    .action(async (options: OutputOptions & { browser: boolean }) => {
      const ctx = await openContext({ quiet: true });
      try {
        const running = await findRunningHub(ctx.paths);
        if (!running) throw new HubError('UPSTREAM_UNAVAILABLE', 'No hub is running for this data directory. Start one with `patchbay serve` (it prints a login link too).');
        const { url } = await callRunningHub<{ url: string }>(ctx, running, 'POST', '/ui/login-url', {});
        print(options, { url }, () => url);
        if (options.browser && !options.json) await openBrowser(url);
      } finally {
        ctx.close();
      }
    });
}
