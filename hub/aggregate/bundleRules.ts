import type { BundleItemKind, BundleRule } from '../../shared/api';

// How a bundle's rules select items. A pattern is `SERVER/NAME` (tools, prompts) or `SERVER`
// (resources), each part a glob where `*` matches any run of characters (also none).
//
// Precedence, per item: an exact rule (no `*` anywhere) decides, whatever its position; otherwise
// the LAST matching pattern rule decides. So `github/*` + `github/delete_repo` (exclude) keeps
// delete_repo out in either order, and `*/read_*` then `github/*` (exclude) drops GitHub's read
// tools while the reverse order keeps them. Adding a rule with the pattern of an existing one
// replaces it (at the end), so "the last word" is the latest change.

export interface PatternParts {
  server: string;
  /** Undefined for resource rules (they name servers only). */
  name: string | undefined;
}

export function patternParts(kind: BundleItemKind, pattern: string): PatternParts {
  if (kind === 'resource') return { server: pattern, name: undefined };
  const slash = pattern.indexOf('/');
  return slash < 0 ? { server: pattern, name: '*' } : { server: pattern.slice(0, slash), name: pattern.slice(slash + 1) };
}

export function isExactPattern(pattern: string): boolean {
  return !pattern.includes('*');
}

const compiled = new Map<string, RegExp>();

/** Whether `text` matches `glob` (`*` = any run of characters, everything else literal). */
export function globMatch(glob: string, text: string): boolean {
  if (!glob.includes('*')) return glob === text;
  let re = compiled.get(glob);
  if (!re) {
    re = new RegExp(`^${glob.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 's');
    if (compiled.size > 1000) compiled.clear();
    compiled.set(glob, re);
  }
  return re.test(text);
}

/** Whether `rule` covers item `name` of `server` (resource rules: the server's resources). */
export function ruleMatches(rule: BundleRule, kind: BundleItemKind, server: string, name?: string): boolean {
  if (rule.kind !== kind) return false;
  const parts = patternParts(rule.kind, rule.pattern);
  if (!globMatch(parts.server, server)) return false;
  return parts.name === undefined || name === undefined || globMatch(parts.name, name);
}

/** The rule that decides an item: the exact rule for it, else the last matching pattern rule. */
export function decidingRule(rules: readonly BundleRule[], kind: BundleItemKind, server: string, name?: string): BundleRule | undefined {
  let last: BundleRule | undefined;
  for (const rule of rules) {
    if (!ruleMatches(rule, kind, server, name)) continue;
    if (isExactPattern(rule.pattern)) return rule;
    last = rule;
  }
  return last;
}

/** The enabled servers a bundle draws from: every one some include rule can match, in `enabled` order. */
export function memberServers(rules: readonly BundleRule[], enabled: readonly string[]): string[] {
  const includes = rules.filter((rule) => rule.action === 'include');
  return enabled.filter((server) => includes.some((rule) => globMatch(patternParts(rule.kind, rule.pattern).server, server)));
}

/** The members whose resources (and resource templates) the bundle shows. */
export function resourceServers(rules: readonly BundleRule[], members: readonly string[]): string[] {
  return members.filter((server) => decidingRule(rules, 'resource', server)?.action === 'include');
}

/** Same kind and pattern: the identity of a rule (adding one with the same identity replaces it). */
export function sameRule(a: { kind: BundleItemKind; pattern: string }, b: { kind: BundleItemKind; pattern: string }): boolean {
  return a.kind === b.kind && a.pattern === b.pattern;
}
