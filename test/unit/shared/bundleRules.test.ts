import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { BundleRuleSchema } from '../../../shared/api';
import { BUNDLE_DESCRIPTION_MAX, BUNDLE_PATTERN_MAX, parseStoredBundleRules } from '../../../shared/api/bundleRules';

// The hub reads stored bundle rules without zod (parseStoredBundleRules, for start-up time); it
// must accept exactly what z.array(BundleRuleSchema) accepts, and give the same rules.

const RULES: unknown[] = [
  { pattern: 'github/*' },
  { kind: 'tool', pattern: 'github/create_issue', action: 'include', as: 'open_issue', description: 'Opens an issue.' },
  { kind: 'prompt', pattern: '*/read_*', action: 'exclude' },
  { kind: 'prompt', pattern: 'files/summary', as: 'summary.v2-x' },
  { kind: 'resource', pattern: 'github/*' },
  { kind: 'resource', pattern: 'github' },
  { kind: 'resource', pattern: '*' },
  { kind: 'resource', pattern: '*/*' },
  { action: 'exclude', pattern: 'github/delete_repo' },
  { kind: 'resource', pattern: 'x'.repeat(BUNDLE_PATTERN_MAX + 1) },
  { pattern: 'github/x', description: 'd'.repeat(BUNDLE_DESCRIPTION_MAX) },
  { pattern: 'github/x', description: 'd'.repeat(BUNDLE_DESCRIPTION_MAX + 1) },
  { pattern: `github/${'n'.repeat(256)}` },
  { pattern: `github/${'n'.repeat(257)}` },
  {},
  { pattern: '' },
  { pattern: 7 },
  { pattern: 'github/x', extra: true },
  { pattern: 'github/x', kind: 'widget' },
  { pattern: 'github/x', kind: null },
  { pattern: 'github/x', action: 'drop' },
  { pattern: 'github/x', as: 5 },
  { pattern: 'github/x', as: 'has space' },
  { pattern: 'github/x', as: '' },
  { pattern: 'github/x', as: 'a'.repeat(129) },
  { pattern: 'github/x', description: 3 },
  { pattern: 'github/*', as: 'renamed' },
  { pattern: 'github/*', description: 'patterns take no description' },
  { pattern: 'github/x', action: 'exclude', as: 'renamed' },
  { pattern: 'github/x', action: 'exclude', description: 'd' },
  { kind: 'resource', pattern: 'github', as: 'renamed' },
  { kind: 'resource', pattern: 'github', description: 'd' },
  { kind: 'resource', pattern: 'github/repo' },
  { pattern: 'GitHub/x' },
  { pattern: 'noslash' },
  { pattern: '/x' },
  { pattern: 'github/' },
  { pattern: 'git*hub/x' },
  { pattern: '-bad/x' },
  { pattern: `${'a'.repeat(49)}/x` },
  { pattern: 'github/tab\there' },
  null,
  'github/x',
  ['github/x'],
  JSON.parse('{"pattern":"github/x","__proto__":{"kind":"prompt"}}'),
];

function zodRules(json: unknown): unknown {
  const result = z.array(BundleRuleSchema).safeParse(json);
  return result.success ? result.data : undefined;
}

describe('parseStoredBundleRules', () => {
  it('agrees with z.array(BundleRuleSchema) on every rule, alone and in a list', () => {
    const accepted = RULES.filter((rule) => zodRules([rule]) !== undefined);
    expect(accepted.length).toBeGreaterThan(5);
    expect(accepted.length).toBeLessThan(RULES.length - 20);
    for (const rule of RULES) {
      const json = JSON.parse(JSON.stringify([rule])) as unknown;
      const expected = zodRules(json);
      const actual = parseStoredBundleRules(json);
      expect(actual, JSON.stringify(rule)).toEqual(expected);
      // The same field order too: a rule read and written back is stored byte for byte the same.
      expect(JSON.stringify(actual), JSON.stringify(rule)).toBe(JSON.stringify(expected));
    }
    expect(parseStoredBundleRules(accepted)).toEqual(zodRules(accepted));
    expect(parseStoredBundleRules([...accepted, { pattern: 'noslash' }])).toBeUndefined();
  });

  it('takes only arrays', () => {
    for (const json of [{}, null, 'x', 1, { 0: { pattern: 'github/x' } }]) {
      expect(zodRules(json)).toBeUndefined();
      expect(parseStoredBundleRules(json)).toBeUndefined();
    }
    expect(parseStoredBundleRules([])).toEqual([]);
  });
});
