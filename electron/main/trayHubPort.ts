import type { ConnectionState } from '../../shared/types';

// What the tray needs from the hub, and nothing more. The tray logic is written against this
// interface so it can be tested without a hub; `hubAdapter.ts` implements it on a RunningHub.

/** One upstream server as the tray shows it. */
export interface TrayServer {
  name: string;
  enabled: boolean;
  state: ConnectionState;
}

/** One virtual server (bundle) as the tray shows it. */
export interface TrayVirtualServer {
  name: string;
  enabled: boolean;
}

export interface TrayHubPort {
  readonly version: string;
  /** The MCP endpoint clients connect to (`http://127.0.0.1:4242/mcp`). */
  readonly endpoint: string;
  /** The hub's origin (`http://127.0.0.1:4242`): the only origin the window may show. */
  readonly origin: string;
  listServers(): TrayServer[];
  setServerEnabled(name: string, enabled: boolean): Promise<void>;
  /** Virtual servers, once the hub has them; an empty list until then. */
  listVirtualServers(): TrayVirtualServer[];
  setVirtualServerEnabled(name: string, enabled: boolean): Promise<void>;
  /** Calls `listener` whenever a server's state or the list of servers changes. Returns an unsubscribe. */
  onChange(listener: () => void): () => void;
  /** A fresh single-use URL that logs the window into the UI. */
  createLoginUrl(): string;
  /**
   * Where to send the user to sign in to a server that needs auth: an authorization URL on another
   * origin (opened in the system browser) or a page of the hub's UI (shown in the window).
   */
  connectUrl(name: string): Promise<string>;
}
