import { describe, expect, it } from 'vitest';
import { BundleRuleSchema } from '../../../shared/api';
import type { BundleRule, BundleRuleInput } from '../../../shared/api';
import { duplicateRenames, exposeItems, renameCollisions } from '../../../hub/aggregate/bundleExposure';
import type { MemberList } from '../../../hub/aggregate/bundleExposure';

const rules = (...inputs: BundleRuleInput[]): BundleRule[] => inputs.map((input) => BundleRuleSchema.parse(input));
const tool = (name: string, description = `${name} tool`) => ({ name, description, inputSchema: { type: 'object' } });
const members = (lists: Record<string, string[]>): Array<MemberList<ReturnType<typeof tool>>> =>
  Object.entries(lists).map(([server, names]) => ({ server, items: names.map((name) => tool(name)) }));
const names = (entries: Array<{ item: { name: string } }>) => entries.map((entry) => entry.item.name);

describe('exposeItems', () => {
  it('keeps original names that are unique in the bundle and prefixes the others', () => {
    const exposed = exposeItems(rules({ pattern: '*/*' }), 'tool', members({ github: ['search', 'create_issue'], gitlab: ['search', 'merge'] }));
    expect(names(exposed)).toEqual(['github__search', 'create_issue', 'gitlab__search', 'merge']);
    expect(exposed.map((entry) => `${entry.server}/${entry.original}`)).toEqual(['github/search', 'github/create_issue', 'gitlab/search', 'gitlab/merge']);
  });

  it('counts only the chosen items when deciding uniqueness', () => {
    const exposed = exposeItems(rules({ pattern: 'github/*' }, { pattern: 'gitlab/merge' }), 'tool', members({ github: ['search'], gitlab: ['search', 'merge'] }));
    expect(names(exposed)).toEqual(['search', 'merge']);
  });

  it('applies renames and description overrides, and marks renamed items', () => {
    const exposed = exposeItems(rules({ pattern: 'github/*' }, { pattern: 'github/create_issue', as: 'new_issue', description: 'Open a GitHub issue' }), 'tool', members({ github: ['create_issue', 'search'] }));
    expect(exposed.map((entry) => [entry.item.name, entry.item.description, entry.renamed])).toEqual([
      ['new_issue', 'Open a GitHub issue', true],
      ['search', 'search tool', false],
    ]);
  });

  it('drops excluded items and items no rule covers', () => {
    const exposed = exposeItems(rules({ pattern: 'github/*' }, { pattern: 'github/delete_repo', action: 'exclude' }), 'tool', members({ github: ['delete_repo', 'search'], other: ['x'] }));
    expect(names(exposed)).toEqual(['search']);
  });

  it('gives a later tool that meets a rename the prefixed form instead of shadowing', () => {
    const list = rules({ pattern: 'github/create_issue', as: 'search' }, { pattern: 'files/*' });
    const before = exposeItems(list, 'tool', members({ files: ['read'], github: ['create_issue'] }));
    expect(names(before)).toEqual(['read', 'search']);
    // files gains a tool called "search" upstream:
    const after = exposeItems(list, 'tool', members({ files: ['read', 'search'], github: ['create_issue'] }));
    expect(names(after)).toEqual(['read', 'files__search', 'search']);
    expect(after.find((entry) => entry.item.name === 'search')?.original).toBe('create_issue');
  });

  it('is deterministic and never exposes one name twice', () => {
    const list = rules({ pattern: '*/*' }, { pattern: 'b/x', as: 'a__y' });
    const lists = members({ a: ['y', 'z'], b: ['x', 'y'], c: ['a__y'] });
    const first = names(exposeItems(list, 'tool', lists));
    expect(names(exposeItems(list, 'tool', lists))).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });
});

describe('renameCollisions', () => {
  it('reports a rename that takes the name of another exposed tool', () => {
    const collisions = renameCollisions(rules({ pattern: '*/*' }, { pattern: 'github/create_issue', as: 'merge' }), 'tool', members({ github: ['create_issue'], gitlab: ['merge'] }));
    expect(collisions).toEqual([{ name: 'merge', renamed: 'github/create_issue', other: 'gitlab/merge' }]);
  });

  it('does not report names the other tool would not have, or tools the bundle does not include', () => {
    // gitlab/search and github/search are both prefixed anyway; gitlab/merge is not in the bundle.
    const list = rules({ pattern: '*/search' }, { pattern: 'github/create_issue', as: 'search' }, { pattern: 'github/x', as: 'merge' });
    expect(renameCollisions(list, 'tool', members({ github: ['create_issue', 'search', 'x'], gitlab: ['search', 'merge'] }))).toEqual([]);
  });

  it('reports two renames to one name once', () => {
    const list = rules({ pattern: 'a/x', as: 'same' }, { pattern: 'b/y', as: 'same' });
    expect(renameCollisions(list, 'tool', members({ a: ['x'], b: ['y'] }))).toHaveLength(1);
    expect(duplicateRenames(list)).toEqual([{ name: 'same', renamed: 'b/y', other: 'a/x' }]);
    expect(duplicateRenames(rules({ pattern: 'a/x', as: 'same' }, { kind: 'prompt', pattern: 'b/y', as: 'same' }))).toEqual([]);
  });
});
