import { describe, expect, it } from 'vitest';
import { BundleRuleSchema, CreateBundleSchema } from '../../../shared/api';
import type { BundleRule, BundleRuleInput } from '../../../shared/api';
import { decidingRule, globMatch, memberServers, resourceServers } from '../../../hub/aggregate/bundleRules';

const rules = (...inputs: BundleRuleInput[]): BundleRule[] => inputs.map((input) => BundleRuleSchema.parse(input));

describe('globMatch', () => {
  it('matches * as any run of characters and everything else literally', () => {
    expect(globMatch('github/*', 'github/create_issue')).toBe(true);
    expect(globMatch('read_*', 'read_file')).toBe(true);
    expect(globMatch('read_*', 'read_')).toBe(true);
    expect(globMatch('read_*', 'xread_file')).toBe(false);
    expect(globMatch('*_file', 'read_file')).toBe(true);
    expect(globMatch('a.b', 'axb')).toBe(false);
    expect(globMatch('a.*', 'a.b')).toBe(true);
    expect(globMatch('(x)*', '(x)y')).toBe(true);
    expect(globMatch('exact', 'exact')).toBe(true);
    expect(globMatch('exact', 'exactly')).toBe(false);
  });
});

describe('decidingRule', () => {
  it('lets an exact rule win over patterns, wherever it stands', () => {
    const excludeFirst = rules({ pattern: 'github/delete_repo', action: 'exclude' }, { pattern: 'github/*' });
    const excludeLast = rules({ pattern: 'github/*' }, { pattern: 'github/delete_repo', action: 'exclude' });
    for (const list of [excludeFirst, excludeLast]) {
      expect(decidingRule(list, 'tool', 'github', 'delete_repo')?.action).toBe('exclude');
      expect(decidingRule(list, 'tool', 'github', 'create_issue')?.action).toBe('include');
    }
  });

  it('lets the later pattern win among patterns', () => {
    const dropLater = rules({ pattern: '*/read_*' }, { pattern: 'github/*', action: 'exclude' });
    expect(decidingRule(dropLater, 'tool', 'github', 'read_file')?.action).toBe('exclude');
    expect(decidingRule(dropLater, 'tool', 'files', 'read_file')?.action).toBe('include');
    const keepLater = rules({ pattern: 'github/*', action: 'exclude' }, { pattern: '*/read_*' });
    expect(decidingRule(keepLater, 'tool', 'github', 'read_file')?.action).toBe('include');
    expect(decidingRule(keepLater, 'tool', 'github', 'write_file')?.action).toBe('exclude');
  });

  it('keeps kinds apart and leaves unmatched items undecided', () => {
    const list = rules({ pattern: 'github/*' }, { kind: 'prompt', pattern: 'github/summary' });
    expect(decidingRule(list, 'prompt', 'github', 'other')).toBeUndefined();
    expect(decidingRule(list, 'prompt', 'github', 'summary')?.action).toBe('include');
    expect(decidingRule(list, 'tool', 'files', 'x')).toBeUndefined();
  });
});

describe('memberServers and resourceServers', () => {
  it('draws from the enabled servers an include rule can match', () => {
    const list = rules({ pattern: 'github/create_issue' }, { pattern: '*/read_*' }, { pattern: 'gitlab/*', action: 'exclude' });
    expect(memberServers(list, ['files', 'github', 'gitlab'])).toEqual(['files', 'github', 'gitlab']);
    expect(memberServers(rules({ pattern: 'github/*' }, { pattern: 'gone/x' }), ['files', 'github'])).toEqual(['github']);
    expect(memberServers(rules({ pattern: 'files/*', action: 'exclude' }), ['files'])).toEqual([]);
  });

  it('shows resources of the servers a resource rule includes', () => {
    const list = rules({ pattern: '*/x' }, { kind: 'resource', pattern: '*' }, { kind: 'resource', pattern: 'github', action: 'exclude' });
    expect(resourceServers(list, ['files', 'github'])).toEqual(['files']);
    expect(resourceServers(rules({ pattern: '*/x' }), ['files'])).toEqual([]);
  });
});

describe('rule validation', () => {
  const problems = (input: unknown): string[] => {
    const result = BundleRuleSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('accepts exact tools, patterns and resource servers', () => {
    expect(problems({ pattern: 'github/create_issue', as: 'new_issue', description: 'Open an issue' })).toEqual([]);
    expect(problems({ pattern: '*/read_*' })).toEqual([]);
    expect(problems({ pattern: 'github/*', action: 'exclude' })).toEqual([]);
    expect(BundleRuleSchema.parse({ kind: 'resource', pattern: 'github/*' }).pattern).toBe('github');
  });

  it('refuses renames that are not valid MCP tool names, and renames of patterns', () => {
    expect(problems({ pattern: 'github/create_issue', as: 'has space' })[0]).toMatch(/^as: .*1-128/);
    expect(problems({ pattern: 'github/create_issue', as: 'x'.repeat(129) })[0]).toMatch(/^as:/);
    expect(problems({ pattern: 'github/*', as: 'one' })[0]).toMatch(/one exact tool/);
    expect(problems({ pattern: 'github/x', action: 'exclude', description: 'd' })[0]).toMatch(/exclude rule/);
    expect(problems({ kind: 'resource', pattern: 'github', as: 'r' })[0]).toMatch(/resource rules/);
  });

  it('refuses malformed patterns with a hint', () => {
    expect(problems({ pattern: 'create_issue' })[0]).toMatch(/SERVER\/NAME/);
    expect(problems({ pattern: 'GitHub/x' })[0]).toMatch(/server/);
    expect(problems({ pattern: 'github/' })[0]).toMatch(/SERVER\/NAME/);
    expect(problems({ kind: 'resource', pattern: 'github/x' })[0]).toMatch(/servers only/);
    expect(CreateBundleSchema.safeParse({ name: 'Bad Name' }).success).toBe(false);
  });
});
