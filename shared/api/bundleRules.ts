// Bundle rules without zod: the checks BundleRuleSchema (./bundles) is built from, and the check of
// stored rules. The hub reads stored rules synchronously, at start-up too (hub/store/bundleRepo.ts),
// and building zod schemas there would cost `patchbay serve` tens of milliseconds of its cold start;
// so `parseStoredBundleRules` accepts exactly what `z.array(BundleRuleSchema)` accepts, without zod
// (test/unit/shared/bundleRules.test.ts keeps the two in step). Re-exported by shared/api.ts.
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from '../types';
import type { BundleRule } from './bundles';

export const BUNDLE_ITEM_KINDS = ['tool', 'prompt', 'resource'] as const;
export type BundleItemKind = (typeof BUNDLE_ITEM_KINDS)[number];
export const BUNDLE_RULE_ACTIONS = ['include', 'exclude'] as const;
export type BundleRuleAction = (typeof BUNDLE_RULE_ACTIONS)[number];
/** Longest rule pattern and description. */
export const BUNDLE_PATTERN_MAX = 320;
export const BUNDLE_DESCRIPTION_MAX = 4000;
/** MCP's tool-name rule: 1-128 characters from [A-Za-z0-9_.-]. */
export const MCP_TOOL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;
const SERVER_GLOB = /^[a-z0-9*][a-z0-9*-]{0,47}$/;

/** Checks one rule pattern; returns what is wrong, or undefined. */
export function bundlePatternProblem(kind: BundleItemKind, pattern: string): string | undefined {
  const serverPart = (text: string): string | undefined => {
    if (!SERVER_GLOB.test(text)) return `"${text}" is not a server name or server pattern (lowercase letters, digits, hyphens, * as wildcard)`;
    if (!text.includes('*') && !SERVER_NAME_PATTERN.test(text)) return `"${text}" is not a valid server name: ${SERVER_NAME_RULE}`;
    return undefined;
  };
  if (kind === 'resource') {
    const server = pattern.endsWith('/*') ? pattern.slice(0, -2) : pattern;
    return server.includes('/') ? 'resource rules name servers only, e.g. "github" or "*"' : serverPart(server);
  }
  const slash = pattern.indexOf('/');
  if (slash <= 0 || slash === pattern.length - 1) return `write the ${kind} as SERVER/NAME, e.g. "github/create_issue", "github/*" or "*/read_*"`;
  const name = pattern.slice(slash + 1);
  if (name.length > 256 || [...name].some((char) => char.charCodeAt(0) < 0x20)) return `the ${kind} name must be 1-256 printable characters`;
  return serverPart(pattern.slice(0, slash));
}

/** A rule whose fields have the right types, before the checks that combine them. */
export interface BundleRuleFields {
  kind: BundleItemKind;
  pattern: string;
  action: BundleRuleAction;
  as?: string | undefined;
  description?: string | undefined;
}

export interface BundleRuleProblem {
  path: 'pattern' | 'as' | 'description';
  message: string;
}

/** What is wrong with a rule beyond its field types (BundleRuleSchema's refinements); empty when nothing. */
export function bundleRuleProblems(rule: BundleRuleFields): BundleRuleProblem[] {
  const problems: BundleRuleProblem[] = [];
  const problem = bundlePatternProblem(rule.kind, rule.pattern);
  if (problem) problems.push({ path: 'pattern', message: problem });
  const exact = !rule.pattern.includes('*');
  for (const field of ['as', 'description'] as const) {
    if (rule[field] === undefined) continue;
    if (rule.kind === 'resource') problems.push({ path: field, message: `resource rules cannot set "${field}"` });
    else if (rule.action !== 'include') problems.push({ path: field, message: `an exclude rule cannot set "${field}"` });
    else if (!exact) problems.push({ path: field, message: `"${field}" needs one exact ${rule.kind} (SERVER/NAME without *), not a pattern` });
  }
  if (rule.as !== undefined && !MCP_TOOL_NAME_PATTERN.test(rule.as)) {
    problems.push({ path: 'as', message: 'a new name must be 1-128 characters from A-Z a-z 0-9 _ . -' });
  }
  return problems;
}

/** Resource rules are kept naming the server: `github/*` becomes `github`. */
export function normalizeBundleRule<T extends { kind: BundleItemKind; pattern: string }>(rule: T): T {
  return rule.kind === 'resource' && rule.pattern.endsWith('/*') ? { ...rule, pattern: rule.pattern.slice(0, -2) } : rule;
}

const RULE_FIELDS: ReadonlySet<string> = new Set(['kind', 'pattern', 'action', 'as', 'description']);

/**
 * Stored rules (the parsed JSON of a bundle row) as rules, or undefined when they are not what
 * `z.array(BundleRuleSchema)` accepts: the same field types, defaults, refinements and normal form.
 */
export function parseStoredBundleRules(json: unknown): BundleRule[] | undefined {
  if (!Array.isArray(json)) return undefined;
  const rules: BundleRule[] = [];
  for (const item of json) {
    const rule = storedRule(item);
    if (!rule) return undefined;
    rules.push(rule);
  }
  return rules;
}

function storedRule(value: unknown): BundleRule | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const fields = value as Record<string, unknown>;
  if (Object.keys(fields).some((key) => !RULE_FIELDS.has(key))) return undefined;
  const { kind = 'tool', pattern, action = 'include', as, description } = fields;
  if (!isOneOf(BUNDLE_ITEM_KINDS, kind) || !isOneOf(BUNDLE_RULE_ACTIONS, action)) return undefined;
  if (typeof pattern !== 'string' || pattern.length < 1 || pattern.length > BUNDLE_PATTERN_MAX) return undefined;
  if (as !== undefined && typeof as !== 'string') return undefined;
  if (description !== undefined && (typeof description !== 'string' || description.length > BUNDLE_DESCRIPTION_MAX)) return undefined;
  // Fields in the schema's order, so that a rule read and written back is stored the same way.
  const rule: BundleRuleFields = { kind, pattern, action, ...(as !== undefined ? { as } : {}), ...(description !== undefined ? { description } : {}) };
  return bundleRuleProblems(rule).length === 0 ? normalizeBundleRule(rule) : undefined;
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return (values as readonly unknown[]).includes(value);
}
