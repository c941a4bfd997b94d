import { describe, expect, it } from 'vitest';
import { BundleRuleSchema } from '../../../shared/api';
import type { BundleRuleInput } from '../../../shared/api';
import { findMissing } from '../../../hub/aggregate/bundleMissing';
import type { MemberStatus } from '../../../hub/aggregate/bundleMissing';

const statuses: Record<string, MemberStatus> = {
  github: { kind: 'listed', tools: ['create_issue', 'search'], prompts: ['summary'] },
  off: { kind: 'disabled' },
  broken: { kind: 'unavailable', message: 'needs auth' },
};
const status = (server: string): MemberStatus => statuses[server] ?? { kind: 'not-configured' };
const missing = (...inputs: BundleRuleInput[]) => findMissing(inputs.map((input) => BundleRuleSchema.parse(input)), status);

describe('findMissing', () => {
  it('lists exact rules whose target is not there, with the reason', () => {
    const found = missing(
      { pattern: 'github/create_issue' },
      { pattern: 'github/renamed_upstream' },
      { kind: 'prompt', pattern: 'github/gone' },
      { pattern: 'removed/tool' },
      { pattern: 'off/tool' },
      { pattern: 'broken/tool' },
    );
    expect(found.map((item) => [item.pattern, item.reason])).toEqual([
      ['github/renamed_upstream', 'not-found'],
      ['github/gone', 'not-found'],
      ['removed/tool', 'server-not-configured'],
      ['off/tool', 'server-disabled'],
      ['broken/tool', 'server-unavailable'],
    ]);
    expect(found[0]).toMatchObject({ kind: 'tool', server: 'github', name: 'renamed_upstream' });
    expect(found[4]?.message).toContain('needs auth');
  });

  it('checks the server of pattern rules with an exact server, and ignores wildcard servers and exclude rules', () => {
    const found = missing({ pattern: 'removed/*' }, { pattern: '*/read_*' }, { pattern: 'github/read_*' }, { pattern: 'removed/x', action: 'exclude' }, { kind: 'resource', pattern: 'off' });
    expect(found.map((item) => [item.kind, item.pattern, item.reason, item.name])).toEqual([
      ['tool', 'removed/*', 'server-not-configured', undefined],
      ['resource', 'off', 'server-disabled', undefined],
    ]);
  });
});
