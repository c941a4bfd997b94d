// Admin API contract: bundles. Part of shared/api.ts (the barrel); see there.
import { z } from 'zod';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from '../types';

// ---- virtual servers (bundles) --------------------------------------------------------------------
// A bundle is an MCP endpoint `/mcp/NAME` that shows chosen tools, prompts and resources of several
// servers. Its rules are data: `{ kind, pattern, action, as?, description? }`. Patterns are
// `SERVER/NAME` with `*` wildcards (`github/*`, `*/read_*`); resource rules name servers only
// (`github`, `*`). Precedence: an exact rule (no `*`) beats every pattern; among patterns the later
// rule wins. `as` (a new name) and `description` are for exact include rules only.

export const BUNDLE_ITEM_KINDS = ['tool', 'prompt', 'resource'] as const;
export type BundleItemKind = (typeof BUNDLE_ITEM_KINDS)[number];
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

export const BundleRuleSchema = z
  .object({
    kind: z.enum(BUNDLE_ITEM_KINDS).default('tool'),
    pattern: z.string().min(1).max(320),
    action: z.enum(['include', 'exclude']).default('include'),
    as: z.string().optional(),
    description: z.string().max(4000).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const problem = bundlePatternProblem(rule.kind, rule.pattern);
    if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
    const exact = !rule.pattern.includes('*');
    for (const field of ['as', 'description'] as const) {
      if (rule[field] === undefined) continue;
      if (rule.kind === 'resource') ctx.addIssue({ code: 'custom', path: [field], message: `resource rules cannot set "${field}"` });
      else if (rule.action !== 'include') ctx.addIssue({ code: 'custom', path: [field], message: `an exclude rule cannot set "${field}"` });
      else if (!exact) ctx.addIssue({ code: 'custom', path: [field], message: `"${field}" needs one exact ${rule.kind} (SERVER/NAME without *), not a pattern` });
    }
    if (rule.as !== undefined && !MCP_TOOL_NAME_PATTERN.test(rule.as)) {
      ctx.addIssue({ code: 'custom', path: ['as'], message: 'a new name must be 1-128 characters from A-Z a-z 0-9 _ . -' });
    }
  })
  .transform((rule) => (rule.kind === 'resource' && rule.pattern.endsWith('/*') ? { ...rule, pattern: rule.pattern.slice(0, -2) } : rule));
export type BundleRuleInput = z.input<typeof BundleRuleSchema>;
export type BundleRule = z.output<typeof BundleRuleSchema>;

export const BundleRuleRefSchema = z
  .object({ kind: z.enum(BUNDLE_ITEM_KINDS).default('tool'), pattern: z.string().min(1).max(320) })
  .strict()
  .transform((ref) => (ref.kind === 'resource' && ref.pattern.endsWith('/*') ? { ...ref, pattern: ref.pattern.slice(0, -2) } : ref));
export type BundleRuleRef = z.output<typeof BundleRuleRefSchema>;

export const CreateBundleSchema = z
  .object({
    name: z.string().regex(SERVER_NAME_PATTERN, `Invalid bundle name: ${SERVER_NAME_RULE}.`),
    description: z.string().max(2000).optional(),
    rules: z.array(BundleRuleSchema).max(500).default([]),
  })
  .strict();
export type CreateBundleInput = z.input<typeof CreateBundleSchema>;

/** `rules` replaces every rule; `addRules` adds (or replaces, by kind and pattern) at the end; `removeRules` drops. */
export const UpdateBundleSchema = z
  .object({
    description: z.string().max(2000).nullable().optional(),
    rules: z.array(BundleRuleSchema).max(500).optional(),
    addRules: z.array(BundleRuleSchema).max(500).optional(),
    removeRules: z.array(BundleRuleRefSchema).max(500).optional(),
  })
  .strict();
export type UpdateBundleInput = z.input<typeof UpdateBundleSchema>;

export interface BundleView {
  id: string;
  name: string;
  description?: string;
  rules: BundleRule[];
  /** Goes up by one with every change. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The bundle's MCP endpoint (API answers only). */
  endpoint?: string;
}

/** One tool or prompt a bundle exposes. */
export interface BundleExposedItem {
  /** The name clients see. */
  name: string;
  server: string;
  /** The name the server knows. */
  original: string;
  description?: string;
  /** Named by an `as` rule. */
  renamed: boolean;
}

export type BundleMissingReason = 'server-not-configured' | 'server-disabled' | 'server-unavailable' | 'not-found';

/** An exact rule whose target is not there. */
export interface BundleMissingItem {
  kind: BundleItemKind;
  pattern: string;
  server: string;
  /** The tool or prompt name (absent for server-level problems of pattern rules and resource rules). */
  name?: string;
  reason: BundleMissingReason;
  message: string;
}

/** What a bundle exposes right now. */
export interface BundlePreview {
  /** The servers it draws from (enabled, matched by an include rule). */
  servers: string[];
  tools: BundleExposedItem[];
  prompts: BundleExposedItem[];
  /** Servers whose resources and resource templates it shows. */
  resourceServers: string[];
  missing: BundleMissingItem[];
}

export interface BundleDetail extends BundleView, BundlePreview {
  endpoint: string;
}
