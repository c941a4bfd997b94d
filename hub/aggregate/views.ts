import type { PromptInfo, ToolInfo } from '../../shared/types';
import { boundedMemo } from '../core/boundedMemo';
import { prefixedName } from './naming';

/**
 * What one MCP endpoint shows: which servers it draws from and how each item is exposed.
 * `/mcp` is the aggregate view (every server the caller may use, names prefixed), `/mcp/NAME` a
 * single-server view (original names). Virtual servers (bundles) are views too.
 */
export interface View {
  /** Cache key: two views with the same key show the same items. */
  readonly key: string;
  /** The servers this view draws from, in display order. */
  readonly servers: readonly string[];
  /** Whether resources and templates of every member are shown. */
  readonly resources: boolean;
  /** The exposed form of an upstream tool, or undefined to hide it. */
  exposeTool(server: string, tool: ToolInfo): ToolInfo | undefined;
  /** The exposed form of an upstream prompt, or undefined to hide it. */
  exposePrompt(server: string, prompt: PromptInfo): PromptInfo | undefined;
  /**
   * Optional, for views whose names depend on the other members' items (bundles: a tool keeps its
   * name only when it is unique in the bundle). Given every member's list, in `servers` order, it
   * replaces `exposeTool` / `exposePrompt`.
   */
  exposeToolList?(members: ReadonlyArray<MemberItems<ToolInfo>>): Array<ExposedItem<ToolInfo>>;
  exposePromptList?(members: ReadonlyArray<MemberItems<PromptInfo>>): Array<ExposedItem<PromptInfo>>;
  /** Optional: whether the resources of this member are shown (default: every member's, when `resources`). */
  showsResourcesOf?(server: string): boolean;
}

export interface MemberItems<T> {
  server: string;
  items: readonly T[];
}

export interface ExposedItem<T> {
  server: string;
  /** The name the upstream knows. */
  original: string;
  item: T;
}

/** Every server in `servers`, tools and prompts named `SERVER__NAME`. */
export function aggregateView(servers: readonly string[]): View {
  const sorted = [...servers].sort();
  return {
    key: `all:${sorted.join(',')}`,
    servers: sorted,
    resources: true,
    exposeTool: (server, tool) => ({ ...tool, name: prefixedName(server, tool.name) }),
    exposePrompt: (server, prompt) => ({ ...prompt, name: prefixedName(server, prompt.name) }),
  };
}

/** One server with its original names. Made once per name: every call to `/mcp/NAME` resolves one, and a view is immutable. */
export const singleServerView: (server: string) => View = boundedMemo(1024, (server) =>
  Object.freeze({
    key: `server:${server}`,
    servers: Object.freeze([server]),
    resources: true,
    exposeTool: (_server: string, tool: ToolInfo) => tool,
    exposePrompt: (_server: string, prompt: PromptInfo) => prompt,
  }),
);

/** A view that shows nothing (a target that went away). */
const EMPTY_VIEW: View = {
  key: 'empty',
  servers: [],
  resources: false,
  exposeTool: () => undefined,
  exposePrompt: () => undefined,
};

/**
 * A view that is resolved again at every use, for long-lived 2025-era sessions: servers enabled,
 * disabled or granted later show up (and their list_changed reaches the session) without a new
 * session. `resolve` answers undefined when the target is gone; the view then shows nothing.
 */
export function liveView(resolve: () => View | undefined): View {
  const current = (): View => resolve() ?? EMPTY_VIEW;
  return {
    get key() {
      return current().key;
    },
    get servers() {
      return current().servers;
    },
    get resources() {
      return current().resources;
    },
    exposeTool: (server, tool) => current().exposeTool(server, tool),
    exposePrompt: (server, prompt) => current().exposePrompt(server, prompt),
    get exposeToolList() {
      return current().exposeToolList;
    },
    get exposePromptList() {
      return current().exposePromptList;
    },
    get showsResourcesOf() {
      return current().showsResourcesOf;
    },
  };
}
