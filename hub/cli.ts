// The `patchbay` command. Commands are registered in hub/cli/.
import { Command } from 'commander';

const program = new Command('patchbay').description('Patchbay: a personal MCP hub').version('0.1.0');
program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`patchbay: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
