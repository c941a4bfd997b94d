// What changed between two imports of the same spec, for the re-import report.
import type { OpenApiTool } from './types';

export interface ToolDiff {
  added: string[];
  removed: string[];
  /** Same name, different description / inputSchema / HTTP binding. */
  changed: string[];
  unchanged: number;
}

export function diffTools(oldTools: OpenApiTool[], newTools: OpenApiTool[]): ToolDiff {
  const before = new Map(oldTools.map((tool) => [tool.name, tool]));
  const after = new Map(newTools.map((tool) => [tool.name, tool]));
  const added = [...after.keys()].filter((name) => !before.has(name)).sort();
  const removed = [...before.keys()].filter((name) => !after.has(name)).sort();
  const changed: string[] = [];
  let unchanged = 0;
  for (const [name, tool] of after) {
    const previous = before.get(name);
    if (!previous) continue;
    if (fingerprint(previous) === fingerprint(tool)) unchanged += 1;
    else changed.push(name);
  }
  return { added, removed, changed: changed.sort(), unchanged };
}

function fingerprint(tool: OpenApiTool): string {
  return stableStringify({ title: tool.title, description: tool.description, inputSchema: tool.inputSchema, annotations: tool.annotations, operation: tool.operation });
}

/** JSON with object keys sorted, so key order in the spec does not count as a change. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${stableStringify((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
