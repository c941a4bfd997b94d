import type { BundleExposedItem, BundlePreview, BundleRule, CreateBundleInput, UpdateBundleInput } from '../../shared/api';
import type { PromptInfo, ToolInfo } from '../../shared/types';
import { errorMessage, HubError } from '../core/errors';
import type { Logger } from '../core/logger';
import { parseApiInput } from '../core/validate';
import type { BundleConfig, BundleRepo } from '../store/bundleRepo';
import type { Upstream } from '../upstream/types';
import { duplicateRenames, exposeItems, renameCollisions } from './bundleExposure';
import type { ExposedEntry, RenameCollision } from './bundleExposure';
import { findMissing } from './bundleMissing';
import type { MemberStatus } from './bundleMissing';
import { memberServers, resourceServers, sameRule } from './bundleRules';
import { liveBundleView } from './bundleView';
import type { View } from './views';

// Creating, changing and inspecting bundles (virtual servers), for the CLI and the admin API alike.
// Every change goes through the repo's transaction and then `refresh()`, which tells `onChange`
// listeners which bundle changed (the hub turns that into list_changed for the bundle's sessions).
// Changes made by another process arrive the same way: the hub calls `refresh()` when the store
// changes.

export interface MemberLists {
  tools: readonly ToolInfo[];
  prompts: readonly PromptInfo[];
}

export interface BundleServiceDeps {
  repo: BundleRepo;
  /** Configured servers, enabled or not (the store's view). */
  configuredServers(): Array<{ name: string; enabled: boolean }>;
  /** Enabled servers the hub serves: what pattern rules can match. */
  enabledServers(): string[];
  /** A member's current tools and prompts, or why they cannot be read now. */
  memberLists(server: string): Promise<MemberLists | { unavailable: string }>;
  logger: Logger;
}

export class BundleService {
  private cache: Map<string, BundleConfig> | undefined;
  private readonly listeners = new Set<(name: string) => void>();

  constructor(private readonly deps: BundleServiceDeps) {}

  list(): BundleConfig[] {
    return [...this.current().values()];
  }

  /** The bundle, or undefined (the hub's view; see `refresh`). */
  find(name: string): BundleConfig | undefined {
    return this.current().get(name);
  }

  get(name: string): BundleConfig {
    const bundle = this.find(name) ?? this.deps.repo.get(name);
    if (!bundle) throw new HubError('NOT_FOUND', `No bundle named "${name}". Run \`patchbay bundle list\` to see the bundles, or create it with \`patchbay bundle create ${name}\`.`);
    return bundle;
  }

  /** Whether any bundle has this name right now (reads the store: servers use it to keep names apart). */
  has(name: string): boolean {
    return this.deps.repo.has(name);
  }

  /** The live view of `/mcp/NAME`, or undefined when there is no such bundle. */
  view(name: string): View | undefined {
    // Created by another process a moment ago? Look again before answering "no such bundle".
    if (!this.find(name) && this.deps.repo.has(name)) this.refresh();
    if (!this.find(name)) return undefined;
    return liveBundleView(name, () => this.find(name), () => this.deps.enabledServers());
  }

  async create(raw: CreateBundleInput): Promise<BundleConfig> {
    const input = await parseApiInput('CreateBundleSchema', raw, 'bundle');
    checkStatic(input.rules);
    await this.checkLive(input.rules);
    const created = this.deps.repo.create(input);
    this.refresh();
    return created;
  }

  async update(name: string, raw: UpdateBundleInput): Promise<BundleConfig> {
    const input = await parseApiInput('UpdateBundleSchema', raw, 'bundle update');
    const nextRules = (rules: readonly BundleRule[]): BundleRule[] => {
      let next = [...(input.rules ?? rules)];
      for (const rule of input.addRules ?? []) next = [...next.filter((other) => !sameRule(other, rule)), rule];
      for (const ref of input.removeRules ?? []) {
        if (!next.some((rule) => sameRule(rule, ref))) {
          throw new HubError('NOT_FOUND', `Bundle "${name}" has no ${ref.kind} rule "${ref.pattern}". See its rules with \`patchbay bundle show ${name}\`.`);
        }
        next = next.filter((rule) => !sameRule(rule, ref));
      }
      checkStatic(next);
      return next;
    };
    const changesRules = input.rules !== undefined || input.addRules !== undefined || input.removeRules !== undefined;
    if (changesRules) await this.checkLive(nextRules(this.get(name).rules));
    const updated = this.deps.repo.update(name, (current) => ({
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(changesRules ? { rules: nextRules(current.rules) } : {}),
    }));
    this.refresh();
    return updated;
  }

  remove(name: string): BundleConfig {
    const removed = this.deps.repo.remove(name);
    this.refresh();
    return removed;
  }

  /** What the bundle exposes now, and which of its exact rules point at nothing. */
  async preview(name: string): Promise<BundlePreview> {
    return this.previewRules(this.get(name).rules, name);
  }

  /** The same for rules not saved (yet). */
  async previewRules(rules: readonly BundleRule[], bundle?: string): Promise<BundlePreview> {
    const configured = new Map(this.deps.configuredServers().map((server) => [server.name, server]));
    const members = memberServers(rules, this.deps.enabledServers());
    const lists = await this.listMembers(members);
    const status = (server: string): MemberStatus => {
      const config = configured.get(server);
      if (!config) return { kind: 'not-configured' };
      if (!config.enabled) return { kind: 'disabled' };
      const listed = lists.get(server);
      if (!listed) return { kind: 'unavailable', message: 'not connected yet' };
      if ('unavailable' in listed) return { kind: 'unavailable', message: listed.unavailable };
      return { kind: 'listed', tools: listed.tools.map((tool) => tool.name), prompts: listed.prompts.map((prompt) => prompt.name) };
    };
    const listed = <T>(pick: (lists: MemberLists) => readonly T[]) =>
      members.map((server) => {
        const entry = lists.get(server);
        return { server, items: entry && !('unavailable' in entry) ? pick(entry) : [] };
      });
    return {
      servers: members,
      tools: exposeItems<ToolInfo>(rules, 'tool', listed((entry) => entry.tools)).map(exposedView),
      prompts: exposeItems<PromptInfo>(rules, 'prompt', listed((entry) => entry.prompts)).map(exposedView),
      resourceServers: resourceServers(rules, members),
      missing: findMissing(rules, status, bundle),
    };
  }

  /** Called with a bundle's name after it was created, changed or deleted (here or by another process). */
  onChange(listener: (name: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-reads the bundles and reports each one that changed since the last look. */
  refresh(): void {
    const before = this.cache;
    const after = new Map(this.deps.repo.list().map((bundle) => [bundle.name, bundle]));
    this.cache = after;
    if (!before) return;
    const changed = new Set<string>();
    for (const [name, bundle] of after) {
      const old = before.get(name);
      if (!old || old.version !== bundle.version || old.updatedAt !== bundle.updatedAt) changed.add(name);
    }
    for (const name of before.keys()) if (!after.has(name)) changed.add(name);
    for (const name of changed) {
      for (const listener of [...this.listeners]) {
        try {
          listener(name);
        } catch (error) {
          this.deps.logger.error(`a bundle change listener failed: ${errorMessage(error)}`);
        }
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
    this.cache = undefined;
  }

  // ---- internals --------------------------------------------------------------------------------

  private current(): Map<string, BundleConfig> {
    if (!this.cache) this.refresh();
    return this.cache ?? new Map();
  }

  private async listMembers(members: readonly string[]): Promise<Map<string, MemberLists | { unavailable: string }>> {
    const entries = await Promise.all(members.map(async (server) => [server, await this.deps.memberLists(server)] as const));
    return new Map(entries);
  }

  /** Renames that collide with what the member servers list right now (servers that cannot be listed are not checked). */
  private async checkLive(rules: readonly BundleRule[]): Promise<void> {
    if (!rules.some((rule) => rule.as !== undefined)) return;
    const lists = await this.listMembers(memberServers(rules, this.deps.enabledServers()));
    const members = <T>(pick: (entry: MemberLists) => readonly T[]) =>
      [...lists].map(([server, entry]) => ({ server, items: 'unavailable' in entry ? [] : pick(entry) }));
    const collisions = [...renameCollisions<ToolInfo>(rules, 'tool', members((entry) => entry.tools)), ...renameCollisions<PromptInfo>(rules, 'prompt', members((entry) => entry.prompts))];
    if (collisions.length > 0) throw collisionError(collisions);
  }
}

function checkStatic(rules: readonly BundleRule[]): void {
  const duplicates = duplicateRenames(rules);
  if (duplicates.length > 0) throw collisionError(duplicates);
}

function collisionError(collisions: readonly RenameCollision[]): HubError {
  const list = collisions.map((c) => `"${c.name}" (${c.renamed} and ${c.other})`).join('; ');
  return new HubError('TOOL_NAME_COLLISION', `The new name would collide with another name in the bundle: ${list}. Pick another name with --as, or exclude the other one.`, { details: collisions });
}

function exposedView<T extends { name: string; description?: string }>(entry: ExposedEntry<T>): BundleExposedItem {
  return {
    name: entry.item.name,
    server: entry.server,
    original: entry.original,
    ...(entry.item.description === undefined ? {} : { description: entry.item.description }),
    renamed: entry.renamed,
  };
}

/** Reads a member's lists from its upstream, waiting a little for one that is starting. */
export async function upstreamMemberLists(upstream: Upstream | undefined, readyTimeoutMs = 5_000): Promise<MemberLists | { unavailable: string }> {
  if (!upstream) return { unavailable: 'not connected' };
  try {
    if (upstream.state.status !== 'running') await upstream.ready(readyTimeoutMs);
    const [tools, prompts] = await Promise.all([upstream.listTools(), upstream.listPrompts()]);
    return { tools, prompts };
  } catch (error) {
    return { unavailable: errorMessage(error) };
  }
}
