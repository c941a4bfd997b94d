import type { ConnectionState } from '../../shared/types';
import type { TrayServer, TrayVirtualServer } from './trayHubPort';

// The tray menu as plain data: a pure function of the hub's state. Items carry action
// descriptors instead of click closures; `electronMenu.ts` turns them into Electron menu items.

export type TrayAction =
  | { type: 'copy-endpoint'; text: string }
  | { type: 'set-server-enabled'; server: string; enabled: boolean }
  | { type: 'set-virtual-server-enabled'; server: string; enabled: boolean }
  | { type: 'connect-server'; server: string }
  | { type: 'open-window' }
  | { type: 'set-open-at-login'; enabled: boolean }
  | { type: 'quit' };

/** Shaped like Electron's MenuItemConstructorOptions, minus the closures. */
export interface MenuItemTemplate {
  id?: string;
  type?: 'normal' | 'separator' | 'checkbox' | 'submenu';
  label?: string;
  sublabel?: string;
  toolTip?: string;
  enabled?: boolean;
  checked?: boolean;
  submenu?: MenuItemTemplate[];
  action?: TrayAction;
}

export type HubStatus =
  | { status: 'starting' }
  | { status: 'running'; version: string; endpoint: string }
  | { status: 'error'; message: string };

export interface TrayState {
  hub: HubStatus;
  servers: TrayServer[];
  virtualServers: TrayVirtualServer[];
  openAtLogin: boolean;
}

export type TrayIconKind = 'ok' | 'error';

/** More servers than this go into a "Servers" submenu instead of the top level. */
export const INLINE_SERVER_LIMIT = 12;

const STATUS_LABEL: Record<ConnectionState['status'], string> = {
  disabled: 'disabled',
  stopped: 'stopped',
  starting: 'starting…',
  running: 'running',
  error: 'error',
  'needs-auth': 'needs sign-in',
};

export function buildTrayMenu(state: TrayState): MenuItemTemplate[] {
  const items: MenuItemTemplate[] = [...hubSection(state)];

  items.push({ type: 'separator' });
  items.push(...listSection('servers', 'Servers', state.servers.map(serverItem), 'No servers yet — add one in Patchbay'));
  if (state.virtualServers.length > 0) {
    items.push({ type: 'separator' });
    items.push(...listSection('virtual-servers', 'Virtual servers', state.virtualServers.map(virtualServerItem), ''));
  }

  const connect = state.servers.filter((server) => server.enabled && server.state.status === 'needs-auth').map(connectItem);
  if (connect.length > 0) {
    items.push({ type: 'separator' });
    items.push(...connect);
  }

  items.push(
    { type: 'separator' },
    { id: 'open-window', label: 'Open Patchbay', action: { type: 'open-window' } },
    {
      id: 'open-at-login',
      type: 'checkbox',
      label: 'Open at login',
      checked: state.openAtLogin,
      action: { type: 'set-open-at-login', enabled: !state.openAtLogin },
    },
    { type: 'separator' },
    { id: 'quit', label: 'Quit Patchbay', action: { type: 'quit' } },
  );
  return items;
}

/** Which tray icon to show: `error` when the hub failed or any enabled server is in trouble. */
export function trayIconKind(state: TrayState): TrayIconKind {
  if (state.hub.status === 'error') return 'error';
  const troubled = state.servers.some((server) => server.enabled && (server.state.status === 'error' || server.state.status === 'needs-auth'));
  return troubled ? 'error' : 'ok';
}

/** The tray's hover text: one line per problem, or a summary. */
export function trayToolTip(state: TrayState): string {
  if (state.hub.status === 'starting') return 'Patchbay — starting…';
  if (state.hub.status === 'error') return `Patchbay — hub stopped: ${state.hub.message}`;
  const enabled = state.servers.filter((server) => server.enabled);
  const running = enabled.filter((server) => server.state.status === 'running').length;
  const troubled = enabled.length - running - enabled.filter((server) => server.state.status === 'starting').length;
  const summary = `${running}/${enabled.length} servers running`;
  return troubled > 0 ? `Patchbay — ${summary}, ${troubled} need attention` : `Patchbay — ${summary}`;
}

function hubSection(state: TrayState): MenuItemTemplate[] {
  const hub = state.hub;
  if (hub.status === 'starting') return [{ id: 'hub-status', label: 'Patchbay hub starting…', enabled: false }];
  if (hub.status === 'error') {
    return [{ id: 'hub-status', label: 'Patchbay hub stopped', sublabel: hub.message, toolTip: hub.message, enabled: false }];
  }
  return [
    { id: 'hub-status', label: `Patchbay ${hub.version} — running`, enabled: false },
    {
      id: 'hub-endpoint',
      label: hub.endpoint,
      sublabel: 'Click to copy the MCP endpoint',
      toolTip: 'Copy the MCP endpoint to the clipboard',
      action: { type: 'copy-endpoint', text: hub.endpoint },
    },
  ];
}

function listSection(id: string, title: string, entries: MenuItemTemplate[], emptyLabel: string): MenuItemTemplate[] {
  if (entries.length === 0) return emptyLabel ? [{ id: `${id}-empty`, label: emptyLabel, enabled: false }] : [];
  if (entries.length > INLINE_SERVER_LIMIT) return [{ id, type: 'submenu', label: `${title} (${entries.length})`, submenu: entries }];
  return [{ id: `${id}-header`, label: title, enabled: false }, ...entries];
}

function serverItem(server: TrayServer): MenuItemTemplate {
  const status = server.enabled ? STATUS_LABEL[server.state.status] : 'disabled';
  const message = server.enabled && (server.state.status === 'error' || server.state.status === 'needs-auth') ? server.state.message : undefined;
  return {
    id: `server:${server.name}`,
    type: 'checkbox',
    label: `${server.name} — ${status}`,
    checked: server.enabled,
    ...(message ? { sublabel: message, toolTip: message } : {}),
    action: { type: 'set-server-enabled', server: server.name, enabled: !server.enabled },
  };
}

function virtualServerItem(server: TrayVirtualServer): MenuItemTemplate {
  return {
    id: `virtual-server:${server.name}`,
    type: 'checkbox',
    label: server.name,
    checked: server.enabled,
    action: { type: 'set-virtual-server-enabled', server: server.name, enabled: !server.enabled },
  };
}

function connectItem(server: TrayServer): MenuItemTemplate {
  return { id: `connect:${server.name}`, label: `Connect ${server.name}…`, action: { type: 'connect-server', server: server.name } };
}
