// The `patchbay` command. Every command takes --json; exit codes: 0 ok, 1 failure, 2 usage.
import { Command, CommanderError } from 'commander';
import { HUB_VERSION } from './version';
import { groupsFor } from './cli/commandGroups';
import { reportError } from './cli/output';

const program = new Command('patchbay')
  .description('Patchbay: one localhost MCP endpoint in front of all your MCP servers.\nData directory: $PATCHBAY_HOME, else the OS app-data folder.')
  .version(HUB_VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

for (const register of await Promise.all(groupsFor(process.argv.slice(2)).map((group) => group.load()))) register(program);

// Commander's own errors (unknown option, missing argument) are usage errors: exit 2.
for (const command of [program, ...program.commands, ...program.commands.flatMap((c) => [...c.commands, ...c.commands.flatMap((d) => d.commands)])]) command.exitOverride();

// Hub timers are unref'd (they must not keep a hub alive on their own), so a command waiting only on
// one (a server still connecting) would let Node exit silently, mid-command, with code 0. Keep the
// process alive until the command has finished.
const keepAlive = setInterval(() => undefined, 1 << 30);
program
  .parseAsync(process.argv)
  .finally(() => clearInterval(keepAlive))
  .catch((error: unknown) => {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') process.exit(0);
    process.exit(2);
  }
  process.exit(reportError(error, process.argv.includes('--json')));
});
