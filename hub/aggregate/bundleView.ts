import type { BundleRule } from '../../shared/api';
import type { PromptInfo, ToolInfo } from '../../shared/types';
import type { BundleConfig } from '../store/bundleRepo';
import { exposeItems } from './bundleExposure';
import { decidingRule, memberServers, resourceServers } from './bundleRules';
import { prefixedName } from './naming';
import type { View } from './views';

// A bundle (virtual server) as a View: `/mcp/NAME` shows the items its rules select from the
// enabled servers they match, under bundle-unique names (see bundleExposure.ts).
//
// Besides its member servers, `servers` lists the bundle's own source name (`bundle:NAME`, which no
// server can have): the hub invalidates that source when the bundle changes, and every session of
// the bundle hears list_changed, even one whose bundle no longer draws from any server. The
// aggregator skips names that have no upstream.

export function bundleSource(name: string): string {
  return `bundle:${name}`;
}

/** The bundle as it is now, over the servers enabled now. */
export function bundleView(bundle: BundleConfig, enabled: readonly string[]): View {
  const rules = bundle.rules;
  const members = memberServers(rules, enabled);
  const withResources = new Set(resourceServers(rules, members));
  return {
    key: `bundle:${bundle.name}@${bundle.version}|${members.join(',')}`,
    servers: [...members, bundleSource(bundle.name)],
    resources: withResources.size > 0,
    showsResourcesOf: (server) => withResources.has(server),
    exposeTool: (server, tool) => exposeOne(rules, 'tool', server, tool),
    exposePrompt: (server, prompt) => exposeOne(rules, 'prompt', server, prompt),
    exposeToolList: (lists) => exposeItems<ToolInfo>(rules, 'tool', lists),
    exposePromptList: (lists) => exposeItems<PromptInfo>(rules, 'prompt', lists),
  };
}

/** One item without the others' lists: renamed, else prefixed (always unique). Lists use exposeToolList. */
function exposeOne<T extends { name: string; description?: string }>(rules: readonly BundleRule[], kind: 'tool' | 'prompt', server: string, item: T): T | undefined {
  const rule = decidingRule(rules, kind, server, item.name);
  if (rule?.action !== 'include') return undefined;
  const description = rule.description ?? item.description;
  return { ...item, name: rule.as ?? prefixedName(server, item.name), ...(description === undefined ? {} : { description }) };
}

/**
 * A view that follows the bundle: each access uses its current definition and the servers enabled
 * now (a 2025-era session keeps its view object for its whole life). A deleted bundle shows nothing.
 */
export function liveBundleView(name: string, current: () => BundleConfig | undefined, enabled: () => readonly string[]): View {
  let memo: { stamp: string; view: View } | undefined;
  const empty: View = { key: `bundle:${name}@deleted`, servers: [bundleSource(name)], resources: false, exposeTool: () => undefined, exposePrompt: () => undefined };
  const now = (): View => {
    const bundle = current();
    if (!bundle) return empty;
    const servers = enabled();
    const stamp = `${bundle.version}|${bundle.updatedAt}|${servers.join(',')}`;
    if (memo?.stamp !== stamp) memo = { stamp, view: bundleView(bundle, servers) };
    return memo.view;
  };
  return {
    get key() {
      return now().key;
    },
    get servers() {
      return now().servers;
    },
    get resources() {
      return now().resources;
    },
    showsResourcesOf: (server) => now().showsResourcesOf?.(server) ?? false,
    exposeTool: (server, tool) => now().exposeTool(server, tool),
    exposePrompt: (server, prompt) => now().exposePrompt(server, prompt),
    exposeToolList: (lists) => now().exposeToolList?.(lists) ?? [],
    exposePromptList: (lists) => now().exposePromptList?.(lists) ?? [],
  };
}
