// The Playground's tools come from the hub itself: a selection of servers (or virtual servers) is
// resolved through the same views an IDE's `/mcp/NAME` endpoint uses, and calls are routed through
// the aggregator to the upstream, with the caller's AbortSignal (Stop = MCP cancellation upstream).
import type { PlaygroundToolGroup } from '../../shared/api';
import type { ToolSelection } from '../../shared/playground';
import type { ConnectionState, JsonObject, ToolResult } from '../../shared/types';
import type { AuditLog } from '../access/auditLog';
import { callerFromPrincipal } from '../access/auditLog';
import type { Aggregator } from '../aggregate/aggregator';
import { resolveView } from '../aggregate/viewResolver';
import type { View } from '../aggregate/views';
import { errorMessage, HubError } from '../core/errors';
import { callerOf } from '../serve/principal';
import type { Principal } from '../serve/downstreamServer';
import type { PlaygroundTool, ToolExecutor } from './types';

export interface HubToolsDeps {
  aggregator: Aggregator;
  /** Enabled server names, sorted. */
  enabledServers(): string[];
  state(server: string): ConnectionState;
  /** How `/mcp/NAME` resolves for a caller (virtual servers, access roles); default: enabled servers. */
  resolveView?(principal: Principal, name: string): View | undefined;
  /** Where tool calls are recorded (the playground face of the audit log). */
  audit?: Pick<AuditLog, 'record'>;
}

export class HubTools {
  constructor(private readonly deps: HubToolsDeps) {}

  /** The view behind a server or virtual server name, as `/mcp/NAME` would resolve it for `principal`. */
  view(principal: Principal, name: string): View {
    const view = this.deps.resolveView ? this.deps.resolveView(principal, name) : resolveView({ enabledServers: () => this.deps.enabledServers() }, principal, name);
    if (!view) {
      throw new HubError('NOT_FOUND', `No enabled server or virtual server named "${name}". Check the name, or enable the server (\`patchbay server enable ${name}\`).`);
    }
    return view;
  }

  /** Every enabled server with its tools (empty while it is not running). */
  async groups(principal: Principal): Promise<PlaygroundToolGroup[]> {
    return Promise.all(
      this.deps.enabledServers().map(async (server): Promise<PlaygroundToolGroup> => {
        const state = this.deps.state(server);
        if (state.status !== 'running') {
          return { server, status: state.status, tools: [], ...('message' in state ? { error: state.message } : {}) };
        }
        try {
          return { server, status: state.status, tools: await this.deps.aggregator.listTools(this.view(principal, server)) };
        } catch (error) {
          return { server, status: state.status, tools: [], error: errorMessage(error) };
        }
      }),
    );
  }

  /** The tools a selection offers. Unknown servers or tools fail with a message naming them. */
  async resolve(principal: Principal, selection: ToolSelection): Promise<PlaygroundTool[]> {
    const servers = [...selection.servers];
    const wanted: Array<{ server?: string; tool: string; raw: string }> = [];
    const enabled = new Set(this.deps.enabledServers());
    for (const raw of selection.tools ?? []) {
      const slash = raw.indexOf('/');
      const prefix = slash > 0 ? raw.slice(0, slash) : undefined;
      if (prefix !== undefined && (servers.includes(prefix) || enabled.has(prefix))) {
        wanted.push({ server: prefix, tool: raw.slice(slash + 1), raw });
        if (!servers.includes(prefix)) servers.push(prefix);
      } else {
        wanted.push({ tool: raw, raw });
      }
    }
    const all: PlaygroundTool[] = [];
    for (const server of new Set(servers)) {
      const tools = await this.deps.aggregator.listTools(this.view(principal, server));
      for (const tool of tools) {
        all.push({ server, name: tool.name, inputSchema: tool.inputSchema, ...(tool.description !== undefined ? { description: tool.description } : {}) });
      }
    }
    if (selection.tools === undefined) return all;
    const chosen = new Map<string, PlaygroundTool>();
    for (const want of wanted) {
      const matches = all.filter((tool) => tool.name === want.tool && (want.server === undefined || tool.server === want.server));
      if (matches.length === 0) {
        throw new HubError('TOOL_NOT_FOUND', `The selected tool "${want.raw}" is not offered by ${want.server ?? (servers.join(', ') || 'any selected server')}. Pick tools from the list the servers show (GET /api/playground/tools), as SERVER/TOOL.`);
      }
      for (const tool of matches) chosen.set(`${tool.server}/${tool.name}`, tool);
    }
    return [...chosen.values()];
  }

  /** Runs one tool of a server or virtual server; aborting `signal` cancels it upstream. */
  async call(principal: Principal, server: string, tool: string, args: JsonObject, signal?: AbortSignal): Promise<ToolResult> {
    const route = await this.deps.aggregator.routeTool(this.view(principal, server), tool);
    // The caller's own credentials upstream (per-user auth), and a row in the audit log.
    const run = (): Promise<ToolResult> => route.upstream.callTool(route.original, args, { ...(signal ? { signal } : {}), caller: callerOf(principal) });
    const audit = this.deps.audit;
    return audit ? audit.record({ caller: callerFromPrincipal(principal, 'playground'), server: route.server, tool: route.original, args }, run) : run();
  }

  executor(principal: Principal): ToolExecutor {
    return { callTool: (server, tool, args, signal) => this.call(principal, server, tool, args, signal) };
  }
}
