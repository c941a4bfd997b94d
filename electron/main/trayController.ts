import { debounce } from './debounce';
import type { Debounced } from './debounce';
import type { TrayHubPort } from './trayHubPort';
import { buildTrayMenu, trayIconKind, trayToolTip } from './trayMenu';
import type { HubStatus, MenuItemTemplate, TrayIconKind, TrayState } from './trayMenu';

// Keeps the tray in step with the hub: renders once at once, then again (debounced) whenever the
// hub reports a change. Knows nothing of Electron: `render` does the drawing.

export interface TrayView {
  menu: MenuItemTemplate[];
  icon: TrayIconKind;
  toolTip: string;
}

export interface TrayControllerOptions {
  render(view: TrayView): void;
  /** Read each time the menu is built (the OS setting can change behind our back). */
  openAtLogin(): boolean;
  /** Debounce for bursts of state changes; 200 ms by default. */
  delayMs?: number;
}

export const TRAY_REBUILD_DELAY_MS = 200;

export class TrayController {
  private port: TrayHubPort | undefined;
  private hubStatus: HubStatus = { status: 'starting' };
  private unsubscribe: (() => void) | undefined;
  private readonly rebuild: Debounced;
  private disposed = false;

  constructor(private readonly options: TrayControllerOptions) {
    this.rebuild = debounce(() => this.renderNow(), options.delayMs ?? TRAY_REBUILD_DELAY_MS);
    this.renderNow();
  }

  /** The hub is up: show its servers and follow its changes. */
  attach(port: TrayHubPort): void {
    this.unsubscribe?.();
    this.port = port;
    this.hubStatus = { status: 'running', version: port.version, endpoint: port.endpoint };
    this.unsubscribe = port.onChange(() => this.schedule());
    this.renderNow();
  }

  /** The hub failed to start or stopped: say so in the menu. */
  fail(message: string): void {
    this.detach();
    this.hubStatus = { status: 'error', message };
    this.renderNow();
  }

  /** Rebuilds soon (debounced). Call after anything that changes the menu. */
  schedule(): void {
    if (!this.disposed) this.rebuild.call();
  }

  /** Rebuilds now, dropping a pending debounced rebuild. */
  renderNow(): void {
    if (this.disposed) return;
    this.rebuild.cancel();
    const state = this.state();
    this.options.render({ menu: buildTrayMenu(state), icon: trayIconKind(state), toolTip: trayToolTip(state) });
  }

  state(): TrayState {
    const port = this.hubStatus.status === 'running' ? this.port : undefined;
    return {
      hub: this.hubStatus,
      servers: port?.listServers() ?? [],
      virtualServers: port?.listVirtualServers() ?? [],
      openAtLogin: this.options.openAtLogin(),
    };
  }

  dispose(): void {
    this.detach();
    this.disposed = true;
  }

  private detach(): void {
    this.rebuild.cancel();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.port = undefined;
  }
}
