import { startServing } from '../../hub/cli/serveCommand';
import type { RunningHub } from '../../hub/cli/serveCommand';
import { HubError } from '../../hub/core/errors';
import { DEFAULT_HUB_PORT, startWithPortFallback } from './hubStartup';
import type { TrayHubPort } from './trayHubPort';

// The one file that knows the hub's own types: starts it in-process and adapts it to what the
// desktop shell uses (TrayHubPort + a few paths and calls).

export interface DesktopHub {
  port: TrayHubPort;
  /** The data directory (PATCHBAY_HOME or the OS app-data folder), shared with the CLI. */
  dataDir: string;
  version: string;
  stop(): Promise<void>;
}

/** Starts the hub on 127.0.0.1:4242, or on a free port if 4242 is taken by something else. */
export async function startDesktopHub(): Promise<DesktopHub> {
  const running = await startWithPortFallback((port) => startServing({ host: '127.0.0.1', port }), DEFAULT_HUB_PORT);
  return {
    port: trayPortFromRunningHub(running),
    dataDir: running.ctx.paths.home,
    version: running.hub.version,
    stop: () => running.stop(),
  };
}

export function trayPortFromRunningHub(running: RunningHub): TrayHubPort {
  const { hub, http } = running;
  const origin = new URL(http.url).origin;
  return {
    version: hub.version,
    endpoint: `${http.url}/mcp`,
    origin,
    listServers: () => hub.servers.list().map(({ name, enabled, state }) => ({ name, enabled, state })),
    setServerEnabled: async (name, enabled) => {
      await hub.servers.setEnabled(name, enabled);
    },
    // Virtual servers are not in the hub yet; the tray shows them once this returns them.
    listVirtualServers: () => [],
    setVirtualServerEnabled: async (name) => {
      throw new HubError('CAPABILITY_MISSING', `Virtual server "${name}" cannot be switched from the tray in this version; use the Patchbay window.`);
    },
    onChange: (listener) =>
      hub.registry.onEvent((_server, event) => {
        if (event.kind === 'state') listener();
      }),
    createLoginUrl: () => http.createLoginUrl(),
    // The server's page in the UI, which has the "Connect" button for its sign-in flow.
    connectUrl: async (name) => `${origin}/servers/${encodeURIComponent(name)}`,
  };
}
