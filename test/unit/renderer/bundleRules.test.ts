import { describe, expect, it } from 'vitest';
import { addRule, decidingRule, globMatch, isIncluded, normalizeRule, setToolIncluded, setToolOverrides, toApiRules } from '../../../renderer/src/lib/bundleRules';
import type { Rule } from '../../../renderer/src/lib/bundleRules';

const rule = (pattern: string, action: 'include' | 'exclude' = 'include', extra: Partial<Rule> = {}): Rule => ({ kind: 'tool', pattern, action, ...extra });

describe('bundle rules (the builder mirrors the hub)', () => {
  it('matches globs with * as any run of characters and everything else literally', () => {
    expect(globMatch('read_*', 'read_file')).toBe(true);
    expect(globMatch('read_*', 'xread_file')).toBe(false);
    expect(globMatch('*', '')).toBe(true);
    expect(globMatch('a.b', 'aXb')).toBe(false);
    expect(globMatch('gh-*', 'gh-enterprise')).toBe(true);
  });

  it('lets an exact rule win wherever it is, and the last pattern otherwise', () => {
    const rules = [rule('github/delete_repo', 'exclude'), rule('github/*')];
    expect(isIncluded(rules, 'github', 'delete_repo')).toBe(false);
    expect(isIncluded(rules, 'github', 'create_issue')).toBe(true);
    expect(isIncluded([rule('*/read_*'), rule('github/*', 'exclude')], 'github', 'read_file')).toBe(false);
    expect(isIncluded([rule('github/*', 'exclude'), rule('*/read_*')], 'github', 'read_file')).toBe(true);
    expect(isIncluded([], 'github', 'x')).toBe(false);
    expect(decidingRule([rule('github', 'include', { kind: 'prompt' })], 'tool', 'github', 'x')).toBeUndefined();
  });

  it('ticking a tool adds an exact include only when no pattern includes it; unticking excludes it from a pattern', () => {
    let rules: Rule[] = [];
    rules = setToolIncluded(rules, 'github', 'create_issue', true);
    expect(rules).toEqual([rule('github/create_issue')]);
    rules = setToolIncluded(rules, 'github', 'create_issue', false);
    expect(rules).toEqual([]);

    rules = [rule('github/*')];
    expect(setToolIncluded(rules, 'github', 'x', true)).toEqual(rules);
    const out = setToolIncluded(rules, 'github', 'delete_repo', false);
    expect(out).toEqual([rule('github/*'), rule('github/delete_repo', 'exclude')]);
    expect(setToolIncluded(out, 'github', 'delete_repo', true)).toEqual([rule('github/*')]);
  });

  it('keeps a rename while the tool stays in, drops it when unticked', () => {
    const renamed = [rule('github/*'), rule('github/create_issue', 'include', { as: 'new_issue' })];
    expect(setToolIncluded(renamed, 'github', 'create_issue', true)).toEqual(renamed);
    expect(setToolIncluded(renamed, 'github', 'create_issue', false)).toEqual([rule('github/*'), rule('github/create_issue', 'exclude')]);
  });

  it('sets and clears a new name and description on an exact include rule', () => {
    let rules: Rule[] = [rule('github/*')];
    rules = setToolOverrides(rules, 'github', 'create_issue', { as: ' new_issue ', description: 'Files an issue.' });
    expect(rules).toEqual([rule('github/*'), rule('github/create_issue', 'include', { as: 'new_issue', description: 'Files an issue.' })]);
    // Clearing both: the pattern includes it already, so the exact rule goes away.
    expect(setToolOverrides(rules, 'github', 'create_issue', { as: '', description: '' })).toEqual([rule('github/*')]);
    // The same name as the original is no rename.
    expect(setToolOverrides([], 'fs', 'read', { as: 'read' })).toEqual([rule('fs/read')]);
  });

  it('replaces a rule with the same kind and pattern at the end, and leaves empty fields out for the API', () => {
    const rules = addRule([rule('a/*'), rule('b/*')], rule('a/*', 'exclude'));
    expect(rules.map((item) => `${item.action}:${item.pattern}`)).toEqual(['include:b/*', 'exclude:a/*']);
    expect(toApiRules([rule('a/x', 'include', { as: '', description: 'd' })])).toEqual([{ kind: 'tool', pattern: 'a/x', action: 'include', description: 'd' }]);
    expect(normalizeRule({ pattern: 'a/*' })).toEqual({ pattern: 'a/*', kind: 'tool', action: 'include' });
  });
});
