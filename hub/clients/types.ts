// Types of the client config writers: which IDEs and agents Patchbay can wire to the hub, where
// their config files live, and what an entry looks like.

export const CLIENT_IDS = ['cursor', 'claude-desktop', 'vscode', 'claude-code', 'windsurf', 'codex', 'gemini', 'zed'] as const;
export type ClientId = (typeof CLIENT_IDS)[number];

export type ConfigFormat = 'json' | 'jsonc' | 'toml';
export type ClientScope = 'user' | 'project';

/** Everything the path table needs, passed in so the table stays a pure function. */
export interface PathContext {
  platform: NodeJS.Platform;
  /** The user's home directory. */
  home: string;
  /** Windows `%APPDATA%` (default `<home>\AppData\Roaming`). */
  appData?: string;
  /** Windows `%LOCALAPPDATA%` (default `<home>\AppData\Local`); used for install detection only. */
  localAppData?: string;
  /** Linux `$XDG_CONFIG_HOME` (default `<home>/.config`). */
  xdgConfigHome?: string;
  /** Codex's `$CODEX_HOME` (default `<home>/.codex`). */
  codexHome?: string;
  /** The project directory, for project-scoped config files. */
  projectDir?: string;
}

/** The hub as a client should see it. */
export interface HubEndpoint {
  /** The entry name in the client's config, e.g. `patchbay` or `patchbay-github`. */
  name: string;
  /** The MCP endpoint, e.g. `http://127.0.0.1:4242/mcp/github`. */
  url: string;
  /** The hub access token the client sends (`Authorization: Bearer …`). */
  token: string;
  /** Data directory to pass to the stdio bridge as `PATCHBAY_HOME`, when not the default. */
  home?: string;
  /**
   * How to start the stdio bridge, for clients that only speak stdio (Claude Desktop). Both absolute:
   * `command` is the node binary, `args` the full argument list (see `stdioBridgeArgs`).
   */
  stdio: { command: string; args: string[] };
  /** Extra environment for the stdio bridge (e.g. `PATCHBAY_SECRET_STORE`); the token and home win. */
  env?: Record<string, string>;
}

/** One server found in a client's config file (`readEntries`). */
export interface ConfiguredServer {
  name: string;
  kind: 'stdio' | 'http';
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  url?: string;
  headers?: Record<string, string>;
  /** For http entries: `sse` when the client marks the entry as the legacy SSE transport. */
  transport?: 'streamable-http' | 'sse';
  /** Codex: the environment variable holding the bearer token. */
  bearerTokenEnvVar?: string;
  /** The client has the entry switched off. */
  disabled?: true;
}

export type ClientEntry = Record<string, unknown>;

export interface ClientPaths {
  user: string;
  /** Present when the client has a project scope and `projectDir` was given. */
  project?: string;
}

export interface ClientSpec {
  id: ClientId;
  displayName: string;
  format: ConfigFormat;
  /** The key of the map of servers at the top of the config file. */
  serversKey: string;
  /** What Patchbay writes: an http entry, or (Claude Desktop) a stdio bridge entry. */
  transport: 'http' | 'stdio';
  scopes: readonly ClientScope[];
  /** The entry shape, for docs and the UI. */
  entryShape: string;
  /** Config file paths: a pure function of the context. */
  paths(ctx: PathContext): ClientPaths;
  /** Paths whose existence means the client is (or was) installed. */
  detect(ctx: PathContext): string[];
  /** The client's entry for the hub. */
  build(hub: HubEndpoint): ClientEntry;
}
