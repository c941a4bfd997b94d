import type { Command } from 'commander';

// The command groups of `patchbay`, each in its own module, loaded on demand: a run loads only the
// group of the command it runs (`patchbay serve` never loads the chat, OpenAPI or config-writer
// commands); help and unknown commands load them all, in this order; `--version` none.
// `names` are the top-level commands a group registers (checked by test/unit/cli/commandGroups.test.ts).

export interface CommandGroup {
  names: readonly string[];
  /** Top-level commands of other groups this group adds subcommands to (those load with it, first). */
  extends?: readonly string[];
  load(): Promise<(program: Command) => void>;
}

export const COMMAND_GROUPS: readonly CommandGroup[] = [
  { names: ['serve'], load: async () => (await import('./serveCommand')).registerServeCommand },
  { names: ['ui'], load: async () => (await import('./uiCommand')).registerUiCommand },
  { names: ['server'], load: async () => (await import('./serverCommands')).registerServerCommands },
  { names: ['bundle'], load: async () => (await import('./bundleCommands')).registerBundleCommands },
  { names: ['token', 'secret', 'call'], load: async () => (await import('./tokenCommands')).registerTokenCommands },
  { names: ['stdio'], load: async () => (await import('./stdioCommand')).registerStdioCommand },
  { names: ['openapi'], load: async () => (await import('./openapiCommands')).registerOpenApiCommands },
  { names: ['catalog'], extends: ['server'], load: async () => (await import('./catalogCommands')).registerCatalogCommands },
  { names: ['chat'], load: async () => (await import('./chatCommands')).registerChatCommands },
  { names: ['connect', 'disconnect', 'clients', 'import'], load: async () => (await import('./clientCommands')).registerClientCommands },
  { names: ['access', 'logs'], load: async () => (await import('./accessCommands')).registerAccessCommands },
  { names: ['auth'], load: async () => (await import('./authCommands')).registerAuthCommands },
];

/**
 * The groups to register for `args` (process.argv without node and script), in table order: the
 * command's own group, the groups that add subcommands to it and the groups those extend; all of
 * them for help and unknown commands; none for `--version`.
 */
export function groupsFor(args: readonly string[]): readonly CommandGroup[] {
  const command = args[0];
  if (command === '--version' || command === '-V') return [];
  if (command === undefined || command.startsWith('-')) return COMMAND_GROUPS;
  const chosen = COMMAND_GROUPS.filter((group) => group.names.includes(command) || group.extends?.includes(command));
  if (chosen.length === 0) return COMMAND_GROUPS;
  const extended = chosen.flatMap((group) => group.extends ?? []);
  return COMMAND_GROUPS.filter((group) => chosen.includes(group) || group.names.some((name) => extended.includes(name)));
}
