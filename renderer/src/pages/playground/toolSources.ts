import { bundleApi } from '../../api/bundleApi';
import { playgroundApi } from '../../api/playgroundApi';

/** A server or virtual server the Playground can offer tools from. */
export interface ToolSource {
  name: string;
  kind: 'server' | 'bundle';
  /** Running servers and bundles: their tools. */
  tools: Array<{ name: string; description?: string; inputSchema: Record<string, unknown> }>;
  /** Why no tools are listed (the server is starting, failed, ...). */
  note?: string;
}

/** Servers from `/api/playground/tools`, virtual servers from `/api/bundles` (with what they expose). */
export async function loadToolSources(signal: AbortSignal): Promise<ToolSource[]> {
  const [groups, bundles] = await Promise.all([playgroundApi.tools(signal), bundleApi.list(signal)]);
  const details = await Promise.all(bundles.map((bundle) => bundleApi.get(bundle.name, signal).catch(() => undefined)));
  const servers: ToolSource[] = groups.map((group) => ({
    name: group.server,
    kind: 'server',
    tools: group.tools.map((tool) => ({ name: tool.name, ...(tool.description !== undefined ? { description: tool.description } : {}), inputSchema: tool.inputSchema })),
    ...(group.error ? { note: group.error } : group.status !== 'running' ? { note: `${group.status}` } : {}),
  }));
  const virtual: ToolSource[] = bundles.map((bundle, index) => {
    const detail = details[index];
    return { name: bundle.name, kind: 'bundle', tools: (detail?.tools ?? []).map((tool) => ({ name: tool.name, ...(tool.description !== undefined ? { description: tool.description } : {}), inputSchema: {} })) };
  });
  return [...servers, ...virtual];
}
