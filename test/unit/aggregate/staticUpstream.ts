// A small in-memory upstream for aggregator tests: fixed lists the test can change, and the events
// a real upstream emits when they change. Calls answer with the tool's original name.
import type { PromptInfo, ResourceInfo, ToolInfo } from '../../../shared/types';
import type { UpstreamDirectory } from '../../../hub/aggregate/aggregator';
import type { Upstream, UpstreamEvent } from '../../../hub/upstream/types';

export class StaticUpstream implements Upstream {
  readonly state = { status: 'running', era: 'modern', protocolVersion: '2026-07-28', serverInfo: { name: 'static', version: '1' }, since: new Date(0).toISOString() } as const;
  private readonly listeners = new Set<(event: UpstreamEvent) => void>();

  constructor(
    readonly name: string,
    public tools: ToolInfo[],
    public prompts: PromptInfo[] = [],
    public resources: ResourceInfo[] = [],
  ) {}

  setTools(names: string[]): void {
    this.tools = names.map((name) => staticTool(name));
    for (const listener of this.listeners) listener({ kind: 'tools_list_changed' });
  }

  on(listener: (event: UpstreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  start = async () => this.state;
  stop = async () => undefined;
  ready = async () => undefined;
  capabilities = () => ({ tools: {}, prompts: {}, resources: {} });
  instructions = () => undefined;
  stderrTail = () => [];
  listTools = async () => this.tools;
  listPrompts = async () => this.prompts;
  listResources = async () => this.resources;
  listResourceTemplates = async () => [];
  callTool = async (name: string) => ({ content: [{ type: 'text', text: `${this.name}:${name}` }] });
  getPrompt = async () => ({ messages: [] });
  readResource = async () => ({ contents: [] });
  complete = async () => ({ completion: { values: [] } });
  subscribeResource = async () => undefined;
  unsubscribeResource = async () => undefined;
  dispose = async () => undefined;
}

export function staticTool(name: string): ToolInfo {
  return { name, description: `${name} tool`, inputSchema: { type: 'object' } };
}

/** An UpstreamDirectory over StaticUpstreams (what the registry is to the real aggregator). */
export class StaticDirectory implements UpstreamDirectory {
  private readonly listeners = new Set<(server: string, event: UpstreamEvent) => void>();
  readonly upstreams = new Map<string, StaticUpstream>();

  add(upstream: StaticUpstream): void {
    this.upstreams.set(upstream.name, upstream);
    upstream.on((event) => {
      for (const listener of this.listeners) listener(upstream.name, event);
    });
  }
  remove(name: string): void {
    this.upstreams.delete(name);
  }
  names(): string[] {
    return [...this.upstreams.keys()].sort();
  }
  get(name: string): Upstream | undefined {
    return this.upstreams.get(name);
  }
  onEvent(listener: (server: string, event: UpstreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
