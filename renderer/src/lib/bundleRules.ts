// The bundle builder's rule logic, kept pure (unit-tested). It mirrors the hub's precedence
// (hub/aggregate/bundleRules.ts) so the tool picker can show at once whether a tool is in:
// an exact rule (no `*`) decides; otherwise the LAST matching pattern rule; no rule = left out.
// The hub's preview (POST /api/bundles/preview) stays the source of truth for what is exposed.
import type { BundleItemKind, BundleRuleInput } from '../../../shared/api';

export type Rule = BundleRuleInput & { kind: BundleItemKind; action: 'include' | 'exclude' };

export function normalizeRule(rule: BundleRuleInput): Rule {
  return { ...rule, kind: rule.kind ?? 'tool', action: rule.action ?? 'include' };
}

export const isPattern = (pattern: string): boolean => pattern.includes('*');

export function globMatch(glob: string, text: string): boolean {
  if (!glob.includes('*')) return glob === text;
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(text);
}

function matches(rule: Rule, kind: BundleItemKind, server: string, name: string): boolean {
  if (rule.kind !== kind) return false;
  const slash = rule.pattern.indexOf('/');
  const serverGlob = slash < 0 ? rule.pattern : rule.pattern.slice(0, slash);
  const nameGlob = slash < 0 ? '*' : rule.pattern.slice(slash + 1);
  return globMatch(serverGlob, server) && globMatch(nameGlob, name);
}

/** The rule that decides a tool or prompt, or undefined (left out). */
export function decidingRule(rules: readonly Rule[], kind: BundleItemKind, server: string, name: string, options: { patternsOnly?: boolean } = {}): Rule | undefined {
  let last: Rule | undefined;
  for (const rule of rules) {
    if (!matches(rule, kind, server, name)) continue;
    if (!isPattern(rule.pattern)) {
      if (options.patternsOnly) continue;
      return rule;
    }
    last = rule;
  }
  return last;
}

export function isIncluded(rules: readonly Rule[], server: string, tool: string): boolean {
  return decidingRule(rules, 'tool', server, tool)?.action === 'include';
}

/**
 * The rules after the user ticked (`include`) or unticked a tool in the picker: its exact rule goes
 * away, and a new exact rule is added only when the pattern rules alone would decide otherwise.
 * A rename or description the tool had is dropped when it is unticked, kept when it stays in.
 */
export function setToolIncluded(rules: readonly Rule[], server: string, tool: string, include: boolean): Rule[] {
  const pattern = `${server}/${tool}`;
  const existing = rules.find((rule) => rule.kind === 'tool' && rule.pattern === pattern);
  const rest = rules.filter((rule) => rule !== existing);
  const byPatterns = decidingRule(rest, 'tool', server, tool, { patternsOnly: true })?.action === 'include';
  const keepsOverrides = include && existing?.action === 'include' && (existing.as !== undefined || existing.description !== undefined);
  if (byPatterns === include && !keepsOverrides) return rest;
  const next: Rule = { kind: 'tool', pattern, action: include ? 'include' : 'exclude' };
  if (keepsOverrides && existing) {
    if (existing.as !== undefined) next.as = existing.as;
    if (existing.description !== undefined) next.description = existing.description;
  }
  return [...rest, next];
}

/** Sets (or clears, with empty text) the new name and description of an included tool. */
export function setToolOverrides(rules: readonly Rule[], server: string, tool: string, overrides: { as?: string; description?: string }): Rule[] {
  const pattern = `${server}/${tool}`;
  const existing = rules.find((rule) => rule.kind === 'tool' && rule.pattern === pattern);
  const next: Rule = { kind: 'tool', pattern, action: 'include' };
  const as = overrides.as?.trim();
  const description = overrides.description?.trim();
  if (as && as !== tool) next.as = as;
  if (description) next.description = description;
  const rest = rules.filter((rule) => rule !== existing);
  const plain = next.as === undefined && next.description === undefined;
  // Nothing to override and the patterns already include it: no exact rule needed.
  if (plain && decidingRule(rest, 'tool', server, tool, { patternsOnly: true })?.action === 'include') return rest;
  return existing ? rules.map((rule) => (rule === existing ? next : rule)) : [...rules, next];
}

/** Adds a rule, replacing one with the same kind and pattern (as the hub's addRules does). */
export function addRule(rules: readonly Rule[], rule: Rule): Rule[] {
  return [...rules.filter((item) => !(item.kind === rule.kind && item.pattern === rule.pattern)), rule];
}

/** The rules as the API takes them (no empty optional fields). */
export function toApiRules(rules: readonly Rule[]): BundleRuleInput[] {
  return rules.map((rule) => ({
    kind: rule.kind,
    pattern: rule.pattern,
    action: rule.action,
    ...(rule.as ? { as: rule.as } : {}),
    ...(rule.description ? { description: rule.description } : {}),
  }));
}
