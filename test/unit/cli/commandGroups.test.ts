import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_GROUPS, groupsFor } from '../../../hub/cli/commandGroups';

describe('command groups', () => {
  it('name exactly the top-level commands each group registers', async () => {
    for (const group of COMMAND_GROUPS) {
      const program = new Command('patchbay');
      const before = COMMAND_GROUPS.filter((other) => other.names.some((name) => group.extends?.includes(name)));
      for (const other of before) (await other.load())(program);
      const existing = program.commands.length;
      (await group.load())(program);
      expect(program.commands.slice(existing).map((command) => command.name()).sort()).toEqual([...group.names].sort());
    }
  });

  it('load only the group of the command being run, and all of them otherwise', () => {
    expect(groupsFor(['serve', '--port', '0']).map((group) => group.names)).toEqual([['serve']]);
    expect(groupsFor(['call', 'x/y']).map((group) => group.names)).toEqual([['token', 'secret', 'call']]);
    // `catalog` adds `server import-registry`: both load for either command, server first.
    expect(groupsFor(['server', 'list']).map((group) => group.names)).toEqual([['server'], ['catalog']]);
    expect(groupsFor(['catalog', 'list']).map((group) => group.names)).toEqual([['server'], ['catalog']]);
    expect(groupsFor(['--version'])).toEqual([]);
    for (const args of [[], ['--help'], ['help', 'serve'], ['nonsense']]) expect(groupsFor(args)).toBe(COMMAND_GROUPS);
  });
});
