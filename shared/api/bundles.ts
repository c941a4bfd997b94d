// Admin API contract: bundles. Part of shared/api.ts (the barrel); see there.
import { z } from 'zod';
import { SERVER_NAME_PATTERN, SERVER_NAME_RULE } from '../types';
import { BUNDLE_DESCRIPTION_MAX, BUNDLE_ITEM_KINDS, BUNDLE_PATTERN_MAX, BUNDLE_RULE_ACTIONS, bundleRuleProblems, normalizeBundleRule } from './bundleRules';
import type { BundleItemKind } from './bundleRules';

// ---- virtual servers (bundles) --------------------------------------------------------------------
// A bundle is an MCP endpoint `/mcp/NAME` that shows chosen tools, prompts and resources of several
// servers. Its rules are data: `{ kind, pattern, action, as?, description? }`. Patterns are
// `SERVER/NAME` with `*` wildcards (`github/*`, `*/read_*`); resource rules name servers only
// (`github`, `*`). Precedence: an exact rule (no `*`) beats every pattern; among patterns the later
// rule wins. `as` (a new name) and `description` are for exact include rules only.

// The rule checks themselves, without zod, are in ./bundleRules (the hub reads stored rules with them).

export const BundleRuleSchema = z
  .object({
    kind: z.enum(BUNDLE_ITEM_KINDS).default('tool'),
    pattern: z.string().min(1).max(BUNDLE_PATTERN_MAX),
    action: z.enum(BUNDLE_RULE_ACTIONS).default('include'),
    as: z.string().optional(),
    description: z.string().max(BUNDLE_DESCRIPTION_MAX).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    for (const problem of bundleRuleProblems(rule)) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  })
  .transform(normalizeBundleRule);
export type BundleRuleInput = z.input<typeof BundleRuleSchema>;
export type BundleRule = z.output<typeof BundleRuleSchema>;

export const BundleRuleRefSchema = z
  .object({ kind: z.enum(BUNDLE_ITEM_KINDS).default('tool'), pattern: z.string().min(1).max(BUNDLE_PATTERN_MAX) })
  .strict()
  .transform(normalizeBundleRule);
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
