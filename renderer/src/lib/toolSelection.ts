// The Playground's tool selection as the settings panel edits it: whole servers (or virtual
// servers) ticked, optionally narrowed to some of their tools. Pure.
import type { ToolSelection } from '../../../shared/playground';

export interface SelectionState {
  servers: string[];
  /** Per server: the only tools to offer (absent = all of them). */
  only: Record<string, string[]>;
}

export const emptySelection: SelectionState = { servers: [], only: {} };

/** The API's selection. Narrowed servers list their tools; the others are listed in full, as `tools` then covers every server. */
export function toToolSelection(state: SelectionState, toolsOf: (server: string) => readonly string[]): ToolSelection {
  const narrowed = state.servers.filter((server) => state.only[server] !== undefined);
  if (narrowed.length === 0) return { servers: [...state.servers] };
  const tools = state.servers.flatMap((server) => (state.only[server] ?? toolsOf(server)).map((tool) => `${server}/${tool}`));
  return { servers: [...state.servers], tools };
}

/** A stored selection back in the panel's terms. */
export function fromToolSelection(selection: ToolSelection | undefined, toolsOf: (server: string) => readonly string[]): SelectionState {
  if (!selection) return emptySelection;
  const servers = [...selection.servers];
  if (!selection.tools) return { servers, only: {} };
  const picked: Record<string, string[]> = {};
  for (const entry of selection.tools) {
    const slash = entry.indexOf('/');
    if (slash <= 0) continue;
    const server = entry.slice(0, slash);
    (picked[server] ??= []).push(entry.slice(slash + 1));
    if (!servers.includes(server)) servers.push(server);
  }
  const only: Record<string, string[]> = {};
  for (const server of servers) {
    const chosen = picked[server] ?? [];
    const all = toolsOf(server);
    if (all.length > 0 && chosen.length === all.length && all.every((tool) => chosen.includes(tool))) continue;
    only[server] = chosen;
  }
  return { servers, only };
}

export function toggleServer(state: SelectionState, server: string, on: boolean): SelectionState {
  const only = { ...state.only };
  delete only[server];
  return { servers: on ? [...state.servers.filter((name) => name !== server), server] : state.servers.filter((name) => name !== server), only };
}

/** Ticks or unticks one tool of a selected server (narrowing it on first use). */
export function toggleTool(state: SelectionState, server: string, tool: string, on: boolean, all: readonly string[]): SelectionState {
  const current = state.only[server] ?? [...all];
  const next = on ? [...new Set([...current, tool])] : current.filter((name) => name !== tool);
  const only = { ...state.only };
  if (all.length > 0 && next.length === all.length && all.every((name) => next.includes(name))) delete only[server];
  else only[server] = next;
  return { servers: state.servers.includes(server) ? state.servers : [...state.servers, server], only };
}

export function selectedToolCount(state: SelectionState, toolsOf: (server: string) => readonly string[]): number {
  return state.servers.reduce((sum, server) => sum + (state.only[server] ?? toolsOf(server)).length, 0);
}
