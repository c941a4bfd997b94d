// Pure helpers over ServerView: how a state reads, how a transport is summarised, filtering.
import type { ServerView, TransportView } from '../../../shared/api';
import type { ConnectionState, ConnectionStatus } from '../../../shared/types';

export type Tone = 'success' | 'info' | 'warning' | 'danger' | 'neutral';

export const STATUS_LABEL: Record<ConnectionStatus, string> = {
  running: 'Running',
  starting: 'Starting',
  error: 'Error',
  'needs-auth': 'Needs auth',
  stopped: 'Stopped',
  disabled: 'Disabled',
};

export const STATUS_TONE: Record<ConnectionStatus, Tone> = {
  running: 'success',
  starting: 'info',
  error: 'danger',
  'needs-auth': 'warning',
  stopped: 'neutral',
  disabled: 'neutral',
};

/** A one-line explanation of a state, for tooltips and detail headers. */
export function stateDetail(state: ConnectionState): string {
  switch (state.status) {
    case 'running':
      return `${state.serverInfo.name} ${state.serverInfo.version} · MCP ${state.protocolVersion}`;
    case 'starting':
      return state.attempt > 1 ? `Connecting (attempt ${state.attempt})…` : 'Connecting…';
    case 'error':
      return state.message;
    case 'needs-auth':
      return state.message;
    case 'stopped':
      return 'Not connected.';
    case 'disabled':
      return 'Turned off. Enable it to connect.';
  }
}

export function transportSummary(transport: TransportView): string {
  if (transport.type === 'http') return transport.url;
  if (transport.type === 'openapi') return transport.baseUrl;
  return [transport.command, ...transport.args].map(quoteArg).join(' ');
}

export function transportKind(transport: TransportView): string {
  if (transport.type === 'stdio') return 'Local (stdio)';
  if (transport.type === 'openapi') return 'REST API (OpenAPI)';
  return transport.mode === 'sse' ? 'Remote (SSE)' : transport.mode === 'streamable-http' ? 'Remote (HTTP)' : 'Remote';
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export type StatusFilter = 'all' | 'running' | 'problems' | 'disabled';

export function matchesStatus(server: ServerView, filter: StatusFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'running':
      return server.state.status === 'running';
    case 'problems':
      return server.state.status === 'error' || server.state.status === 'needs-auth';
    case 'disabled':
      return !server.enabled;
  }
}

/** Servers whose name, description or transport contain every word of `query` (case-insensitive). */
export function filterServers(servers: readonly ServerView[], query: string, status: StatusFilter): ServerView[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return servers.filter((server) => {
    if (!matchesStatus(server, status)) return false;
    if (words.length === 0) return true;
    const haystack = `${server.name} ${server.description ?? ''} ${transportSummary(server.transport)}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** Counts per filter, for the filter chips. */
export function statusCounts(servers: readonly ServerView[]): Record<StatusFilter, number> {
  const counts: Record<StatusFilter, number> = { all: servers.length, running: 0, problems: 0, disabled: 0 };
  for (const server of servers) {
    if (matchesStatus(server, 'running')) counts.running += 1;
    if (matchesStatus(server, 'problems')) counts.problems += 1;
    if (matchesStatus(server, 'disabled')) counts.disabled += 1;
  }
  return counts;
}

/** Items whose name/title/description contain every word of `query`. */
export function filterByText<T extends { name: string; title?: string; description?: string }>(items: readonly T[], query: string): readonly T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return items;
  return items.filter((item) => {
    const haystack = `${item.name} ${item.title ?? ''} ${item.description ?? ''}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
