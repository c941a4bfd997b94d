import type { BundleMissingItem, BundleRule } from '../../shared/api';
import { isExactPattern, patternParts } from './bundleRules';

// "Missing" items of a bundle: include rules that name something exactly (a server, or a server and
// a tool/prompt) that is not there now. A bundle shows these instead of failing silently: the
// server was removed or disabled, is not running, or no longer has a tool of that name (renamed
// upstream). Pattern parts (`*`) can match nothing without anything being "missing"; exclude
// rules never are.

export type MemberStatus =
  | { kind: 'not-configured' }
  | { kind: 'disabled' }
  /** Enabled, but its lists cannot be read now (starting, failed, needs auth, did not answer). */
  | { kind: 'unavailable'; message: string }
  | { kind: 'listed'; tools: readonly string[]; prompts: readonly string[] };

export function findMissing(rules: readonly BundleRule[], status: (server: string) => MemberStatus, bundle = 'BUNDLE'): BundleMissingItem[] {
  const missing: BundleMissingItem[] = [];
  for (const rule of rules) {
    if (rule.action !== 'include') continue;
    const parts = patternParts(rule.kind, rule.pattern);
    if (!isExactPattern(parts.server)) continue;
    const server = parts.server;
    const exactName = parts.name !== undefined && isExactPattern(parts.name) ? parts.name : undefined;
    const base = { kind: rule.kind, pattern: rule.pattern, server, ...(exactName === undefined ? {} : { name: exactName }) };
    const state = status(server);
    switch (state.kind) {
      case 'not-configured':
        missing.push({ ...base, reason: 'server-not-configured', message: `No server named "${server}" is configured. Add it again (\`patchbay server add ${server} ...\`), or remove this rule (\`patchbay bundle remove ${bundle} '${rule.pattern}'${rule.kind === 'tool' ? '' : ` --kind ${rule.kind}`}\`).` });
        break;
      case 'disabled':
        missing.push({ ...base, reason: 'server-disabled', message: `Server "${server}" is disabled. Enable it with \`patchbay server enable ${server}\`.` });
        break;
      case 'unavailable':
        missing.push({ ...base, reason: 'server-unavailable', message: `Server "${server}" cannot be listed now (${state.message}). See \`patchbay server show ${server}\`.` });
        break;
      case 'listed': {
        if (exactName === undefined || rule.kind === 'resource') break;
        const names = rule.kind === 'tool' ? state.tools : state.prompts;
        if (!names.includes(exactName)) {
          missing.push({ ...base, reason: 'not-found', message: `Server "${server}" has no ${rule.kind} named "${exactName}" (removed or renamed upstream). Check \`patchbay server show ${server}\` and fix the rule.` });
        }
        break;
      }
    }
  }
  return missing;
}
