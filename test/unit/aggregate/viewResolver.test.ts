import { describe, expect, it } from 'vitest';
import { resolveView } from '../../../hub/aggregate/viewResolver';
import type { ViewResolverDeps } from '../../../hub/aggregate/viewResolver';
import { singleServerView } from '../../../hub/aggregate/views';
import type { Principal } from '../../../hub/serve/downstreamServer';

// Which view an MCP URL shows a caller. Servers: github (enabled), sentry (enabled), figma
// (disabled); the caller may use github and figma only; one bundle, "work", that the caller may use.

const alice: Principal = { id: 't1', name: 'alice token', userId: 'alice' };
const configs: Record<string, boolean> = { github: true, sentry: true, figma: false };
const usable = new Set(['github', 'figma']);
const asked: string[][] = [];
const work = singleServerView('github');

function deps(withIsEnabled: boolean): ViewResolverDeps {
  return {
    enabledServers: () => Object.keys(configs).filter((name) => configs[name]),
    ...(withIsEnabled && { isEnabled: (name: string) => configs[name] === true }),
    bundleView: (name) => (name === 'work' ? work : undefined),
    usableServers: (_caller, names) => {
      asked.push([...names]);
      return names.filter((name) => usable.has(name));
    },
    usableBundle: (_caller, name) => name === 'work',
  };
}

describe('resolveView', () => {
  for (const withIsEnabled of [true, false]) {
    it(`shows /mcp and /mcp/NAME as access allows${withIsEnabled ? '' : ' (no isEnabled)'}`, () => {
      expect(resolveView(deps(withIsEnabled), alice, undefined)?.servers).toEqual(['github']);
      expect(resolveView(deps(withIsEnabled), alice, 'github')?.key).toBe('server:github');
      // Enabled but not the caller's, disabled, unknown: all look like nothing there.
      expect(resolveView(deps(withIsEnabled), alice, 'sentry')).toBeUndefined();
      expect(resolveView(deps(withIsEnabled), alice, 'figma')).toBeUndefined();
      expect(resolveView(deps(withIsEnabled), alice, 'nothing')).toBeUndefined();
      expect(resolveView(deps(withIsEnabled), alice, 'work')).toBe(work);
    });
  }

  it('checks access for the one server a /mcp/NAME call names, not for every server', () => {
    asked.length = 0;
    resolveView(deps(true), alice, 'github');
    expect(asked).toEqual([['github']]);
  });
});
