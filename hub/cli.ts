// The `patchbay` command. Every command takes --json; exit codes: 0 ok, 1 failure, 2 usage.
import { Command, CommanderError } from 'commander';
import { HUB_VERSION } from './hub';
import { registerBundleCommands } from './cli/bundleCommands';
import { registerCatalogCommands } from './cli/catalogCommands';
import { registerChatCommands } from './cli/chatCommands';
import { registerClientCommands } from './cli/clientCommands';
import { registerOpenApiCommands } from './cli/openapiCommands';
import { registerAuthCommands } from './cli/authCommands';
import { reportError } from './cli/output';
import { registerServeCommand } from './cli/serveCommand';
import { registerServerCommands } from './cli/serverCommands';
import { registerStdioCommand } from './cli/stdioCommand';
import { registerTokenCommands } from './cli/tokenCommands';
import { registerUiCommand } from './cli/uiCommand';
import { registerAccessCommands } from './cli/accessCommands';

const program = new Command('patchbay')
  .description('Patchbay: one localhost MCP endpoint in front of all your MCP servers.\nData directory: $PATCHBAY_HOME, else the OS app-data folder.')
  .version(HUB_VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerServeCommand(program);
registerUiCommand(program);
registerServerCommands(program);
registerBundleCommands(program);
registerTokenCommands(program);
registerStdioCommand(program);
registerOpenApiCommands(program);
registerCatalogCommands(program);
registerChatCommands(program);
registerClientCommands(program);
registerAccessCommands(program);
registerAuthCommands(program);

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
