import type { JsonObject, PromptInfo, ResourceInfo, ResourceTemplateInfo, ToolInfo } from '../../shared/types';
import { errorMessage, HubError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Upstream, UpstreamEvent } from '../upstream/types';
import { matchUriTemplate } from './uriTemplate';
import type { MemberItems, View } from './views';

/** Where the aggregator finds upstreams by name, and hears what they say. */
export interface UpstreamDirectory {
  get(name: string): Upstream | undefined;
  onEvent(listener: (server: string, event: UpstreamEvent) => void): () => void;
}

export interface Route {
  upstream: Upstream;
  server: string;
  /** The name (tool, prompt) or URI the upstream knows. */
  original: string;
}

interface Index<T> {
  items: T[];
  routes: Map<string, { server: string; original: string }>;
}

interface CacheEntry {
  servers: readonly string[];
  index: Promise<Index<unknown>>;
  /** The same index once built (complete), for lookups that must not wait a turn. */
  built?: Index<unknown>;
  /** Servers whose part came from what they listed last run (Upstream.rememberedList). */
  fromMemory: Set<string>;
}

export type ListKind = 'tools' | 'prompts' | 'resources' | 'templates';

export interface AggregatorOptions {
  upstreams: UpstreamDirectory;
  logger: Logger;
  /** How long a list waits for one upstream before leaving it out (a slow server never blocks the rest). */
  listTimeoutMs?: number;
}

/**
 * Combines the tools, prompts, resources and templates of several upstreams into one endpoint's
 * lists, and routes calls back. Lists are cached per view and kind; an upstream's list_changed (or
 * state change) drops exactly the cached lists that include it.
 */
export class Aggregator {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly listeners = new Set<(server: string, kind: ListKind) => void>();
  private readonly unsubscribe: () => void;
  private readonly listTimeoutMs: number;

  constructor(private readonly options: AggregatorOptions) {
    this.listTimeoutMs = options.listTimeoutMs ?? 5_000;
    this.unsubscribe = options.upstreams.onEvent((server, event) => this.onUpstreamEvent(server, event));
  }

  /** Called with (server, kind) whenever a list that includes `server` may have changed. */
  onListChanged(listener: (server: string, kind: ListKind) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops every cached list of `server` (its config changed, it was removed or re-enabled). */
  invalidate(server: string, kinds: ListKind[] = ['tools', 'prompts', 'resources', 'templates']): void {
    for (const [key, entry] of this.cache) {
      if (entry.servers.includes(server) && kinds.some((kind) => key.startsWith(`${kind}|`))) this.cache.delete(key);
    }
    for (const kind of kinds) for (const listener of this.listeners) listener(server, kind);
  }

  async listTools(view: View): Promise<ToolInfo[]> {
    return (await this.toolIndex(view)).items;
  }

  async listPrompts(view: View): Promise<PromptInfo[]> {
    return (await this.promptIndex(view)).items;
  }

  async listResources(view: View): Promise<ResourceInfo[]> {
    if (!view.resources) return [];
    return (await this.resourceIndex(view)).items;
  }

  async listResourceTemplates(view: View): Promise<ResourceTemplateInfo[]> {
    if (!view.resources) return [];
    return (await this.templateIndex(view)).items;
  }

  async routeTool(view: View, exposed: string): Promise<Route> {
    const route = (await this.toolIndex(view)).routes.get(exposed);
    if (!route) {
      throw new HubError('TOOL_NOT_FOUND', `Unknown tool "${exposed}". List the tools again (tools/list) to see the current names; the server may be disabled, stopped or may have removed the tool.`);
    }
    return this.resolve(route);
  }

  /**
   * The route of a tool when the view's tool list is built and cached already, without waiting;
   * undefined otherwise (then use routeTool). The hot path of relayed calls uses it.
   */
  routeToolNow(view: View, exposed: string): Route | undefined {
    const route = this.cache.get(`tools|${view.key}`)?.built?.routes.get(exposed);
    const upstream = route && this.options.upstreams.get(route.server);
    return route && upstream ? { upstream, server: route.server, original: route.original } : undefined;
  }

  async routePrompt(view: View, exposed: string): Promise<Route> {
    const route = (await this.promptIndex(view)).routes.get(exposed);
    if (!route) throw new HubError('NOT_FOUND', `Unknown prompt "${exposed}". List the prompts again (prompts/list) to see the current names.`);
    return this.resolve(route);
  }

  /** The server that owns `uri`: a listed resource first, then the first matching template. */
  async routeResource(view: View, uri: string): Promise<Route> {
    if (view.resources) {
      const listed = (await this.resourceIndex(view)).routes.get(uri);
      if (listed) return this.resolve(listed);
      const templates = await this.templateIndex(view);
      for (const template of templates.items) {
        if (matchUriTemplate(template.uriTemplate, uri)) {
          const route = templates.routes.get(template.uriTemplate);
          if (route) return this.resolve({ server: route.server, original: uri });
        }
      }
      const withResources = view.servers.filter((server) => showsResources(view, server) && this.options.upstreams.get(server)?.capabilities()?.resources);
      if (withResources.length === 1 && withResources[0]) return this.resolve({ server: withResources[0], original: uri });
    }
    throw new HubError('NOT_FOUND', `No server on this endpoint has the resource "${uri}". List the resources (resources/list) or templates (resources/templates/list) to see what is available.`);
  }

  /** Routes `completion/complete` by its reference (a prompt name or a resource template). */
  async routeCompletion(view: View, ref: JsonObject): Promise<Route> {
    if (ref.type === 'ref/prompt' && typeof ref.name === 'string') return this.routePrompt(view, ref.name);
    if (ref.type === 'ref/resource' && typeof ref.uri === 'string') {
      const route = (await this.templateIndex(view)).routes.get(ref.uri);
      if (route) return this.resolve(route);
      return this.routeResource(view, ref.uri);
    }
    throw new HubError('BAD_REQUEST', 'completion/complete needs ref {type:"ref/prompt", name} or {type:"ref/resource", uri}.');
  }

  dispose(): void {
    this.unsubscribe();
    this.cache.clear();
    this.listeners.clear();
  }

  // ---- internals --------------------------------------------------------------------------------

  private onUpstreamEvent(server: string, event: UpstreamEvent): void {
    switch (event.kind) {
      case 'tools_list_changed':
        return this.invalidate(server, ['tools']);
      case 'prompts_list_changed':
        return this.invalidate(server, ['prompts']);
      case 'resources_list_changed':
        return this.invalidate(server, ['resources', 'templates']);
      case 'state':
        // A server that starts, stops or fails changes what every list shows.
        if (event.state.status === 'running' || event.state.status === 'error' || event.state.status === 'stopped' || event.state.status === 'disabled') {
          this.invalidate(server);
        } else {
          // A list shown from memory lasts only while the server's first connect is under way.
          this.dropRemembered(server);
        }
        return;
      default:
        return;
    }
  }

  private dropRemembered(server: string): void {
    const kinds = new Set<ListKind>();
    for (const [key, entry] of this.cache) {
      if (!entry.fromMemory.has(server)) continue;
      this.cache.delete(key);
      kinds.add(key.slice(0, key.indexOf('|')) as ListKind);
    }
    for (const kind of kinds) for (const listener of this.listeners) listener(server, kind);
  }

  private resolve(route: { server: string; original: string }): Route {
    const upstream = this.options.upstreams.get(route.server);
    if (!upstream) {
      throw new HubError('UPSTREAM_UNAVAILABLE', `Server "${route.server}" is not configured or is disabled. Enable it with \`patchbay server enable ${route.server}\`.`);
    }
    return { upstream, server: route.server, original: route.original };
  }

  private toolIndex(view: View): Promise<Index<ToolInfo>> {
    const list = view.exposeToolList?.bind(view);
    const expose: ExposeAll<ToolInfo> = list
      ? (members) => list(members).map((entry) => ({ ...entry, key: entry.item.name }))
      : perItem((server, tool) => {
          const exposed = view.exposeTool(server, tool);
          return exposed && { item: exposed, key: exposed.name, original: tool.name };
        });
    return this.index(view, 'tools', (upstream) => upstream.listTools(), expose, (upstream) => upstream.rememberedList?.('tools'));
  }

  private promptIndex(view: View): Promise<Index<PromptInfo>> {
    const list = view.exposePromptList?.bind(view);
    const expose: ExposeAll<PromptInfo> = list
      ? (members) => list(members).map((entry) => ({ ...entry, key: entry.item.name }))
      : perItem((server, prompt) => {
          const exposed = view.exposePrompt(server, prompt);
          return exposed && { item: exposed, key: exposed.name, original: prompt.name };
        });
    return this.index(view, 'prompts', (upstream) => upstream.listPrompts(), expose, (upstream) => upstream.rememberedList?.('prompts'));
  }

  private resourceIndex(view: View): Promise<Index<ResourceInfo>> {
    return this.index(
      view,
      'resources',
      (upstream) => upstream.listResources(),
      perItem((server, resource) => (showsResources(view, server) ? { item: resource, key: resource.uri, original: resource.uri } : undefined)),
      (upstream) => upstream.rememberedList?.('resources'),
    );
  }

  private templateIndex(view: View): Promise<Index<ResourceTemplateInfo>> {
    return this.index(
      view,
      'templates',
      (upstream) => upstream.listResourceTemplates(),
      perItem((server, template) => (showsResources(view, server) ? { item: template, key: template.uriTemplate, original: template.uriTemplate } : undefined)),
      (upstream) => upstream.rememberedList?.('resourceTemplates'),
    );
  }

  private index<T>(
    view: View,
    kind: ListKind,
    fetch: (upstream: Upstream) => Promise<T[]>,
    expose: ExposeAll<T>,
    recall: Recall<T>,
  ): Promise<Index<T>> {
    const cacheKey = `${kind}|${view.key}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached.index as Promise<Index<T>>;
    // Filled as the build starts (a remembered list is taken at once), before any event can come.
    const fromMemory = new Set<string>();
    const built = this.build(view, kind, fetch, expose, recall, fromMemory);
    const entry: CacheEntry = { servers: view.servers, index: built as Promise<Index<unknown>>, fromMemory };
    this.cache.set(cacheKey, entry);
    // A failed build is not cached; partial results (a server left out) are not cached either.
    built.then(
      (result) => {
        if (result.partial && this.cache.get(cacheKey) === entry) this.cache.delete(cacheKey);
        else entry.built = result as Index<unknown>;
      },
      () => {
        if (this.cache.get(cacheKey) === entry) this.cache.delete(cacheKey);
      },
    );
    return built;
  }

  private async build<T>(
    view: View,
    kind: ListKind,
    fetch: (upstream: Upstream) => Promise<T[]>,
    expose: ExposeAll<T>,
    recall: Recall<T>,
    fromMemory: Set<string>,
  ): Promise<Index<T> & { partial: boolean }> {
    let partial = false;
    const lists = await Promise.all(
      view.servers.map(async (server) => {
        const upstream = this.options.upstreams.get(server);
        if (!upstream) return [] as T[];
        try {
          return await withTimeout(this.fetchWhenReady(upstream, fetch, recall, fromMemory), this.listTimeoutMs, `${server} did not answer ${kind} within ${this.listTimeoutMs} ms`);
        } catch (error) {
          partial = true;
          this.options.logger.warn(`left ${server} out of ${kind}: ${errorMessage(error)}`, { server, kind });
          return [] as T[];
        }
      }),
    );
    const items: T[] = [];
    const routes = new Map<string, { server: string; original: string }>();
    for (const exposed of expose(view.servers.map((server, position) => ({ server, items: lists[position] ?? [] })))) {
      if (routes.has(exposed.key)) continue;
      routes.set(exposed.key, { server: exposed.server, original: exposed.original });
      items.push(exposed.item);
    }
    return { items, routes, partial };
  }

  private async fetchWhenReady<T>(upstream: Upstream, fetch: (upstream: Upstream) => Promise<T[]>, recall: Recall<T>, fromMemory: Set<string>): Promise<T[]> {
    const status = upstream.state.status;
    if (status === 'disabled' || status === 'stopped' || status === 'needs-auth') return [];
    // A server in error (waiting for its next restart) is left out at once, not waited for.
    if (status === 'error') throw new HubError('UPSTREAM_UNAVAILABLE', `${upstream.name} is not running: ${upstream.state.status === 'error' ? upstream.state.message : ''}`);
    if (status !== 'running') {
      // One the hub is starting for the first time in this run shows what it listed last time
      // (its next state drops this list); otherwise a short wait is worth it.
      const remembered = recall(upstream);
      if (remembered) {
        fromMemory.add(upstream.name);
        return remembered;
      }
      await upstream.ready(this.listTimeoutMs);
    }
    return fetch(upstream);
  }
}

/** The list an upstream remembers from its last run, offered while it starts (Upstream.rememberedList). */
type Recall<T> = (upstream: Upstream) => T[] | undefined;

/** Exposes the lists of all members at once: each exposed item with its route key and upstream name. */
type ExposeAll<T> = (members: Array<MemberItems<T>>) => Array<{ server: string; item: T; key: string; original: string }>;

function perItem<T>(expose: (server: string, item: T) => { item: T; key: string; original: string } | undefined): ExposeAll<T> {
  return (members) =>
    members.flatMap((member) =>
      member.items.flatMap((item) => {
        const exposed = expose(member.server, item);
        return exposed ? [{ ...exposed, server: member.server }] : [];
      }),
    );
}

function showsResources(view: View, server: string): boolean {
  return view.showsResourcesOf ? view.showsResourcesOf(server) : true;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new HubError('UPSTREAM_TIMEOUT', message)), ms);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
