import type { MenuItemConstructorOptions } from 'electron';
import { errorMessage } from '../../hub/core/errors';
import type { MenuItemTemplate, TrayAction } from './trayMenu';

// Tray actions: what each menu descriptor does, expressed against a small set of effects that
// main.ts implements with Electron (clipboard, shell, app). Kept pure so it can be tested.

export interface TrayEffects {
  copyText(text: string): void;
  setServerEnabled(name: string, enabled: boolean): Promise<void>;
  setVirtualServerEnabled(name: string, enabled: boolean): Promise<void>;
  connectServer(name: string): Promise<void>;
  showWindow(): void;
  setOpenAtLogin(enabled: boolean): void;
  quit(): void;
  /** The menu shows state that just changed (a checkbox): rebuild it. */
  refresh(): void;
  /** Something failed: tell the user (a dialog or a notification). */
  reportError(title: string, message: string): void;
}

export async function runTrayAction(action: TrayAction, effects: TrayEffects): Promise<void> {
  try {
    switch (action.type) {
      case 'copy-endpoint':
        effects.copyText(action.text);
        return;
      case 'set-server-enabled':
        await effects.setServerEnabled(action.server, action.enabled);
        return;
      case 'set-virtual-server-enabled':
        await effects.setVirtualServerEnabled(action.server, action.enabled);
        return;
      case 'connect-server':
        await effects.connectServer(action.server);
        return;
      case 'open-window':
        effects.showWindow();
        return;
      case 'set-open-at-login':
        effects.setOpenAtLogin(action.enabled);
        return;
      case 'quit':
        effects.quit();
        return;
    }
  } catch (error) {
    effects.reportError(failureTitle(action), errorMessage(error));
  } finally {
    // Electron flips a checkbox as soon as it is clicked; rebuilding shows the real state again
    // (also when the change failed).
    if (action.type !== 'quit') effects.refresh();
  }
}

function failureTitle(action: TrayAction): string {
  switch (action.type) {
    case 'set-server-enabled':
    case 'set-virtual-server-enabled':
      return `Could not ${action.enabled ? 'enable' : 'disable'} ${action.server}`;
    case 'connect-server':
      return `Could not connect ${action.server}`;
    case 'set-open-at-login':
      return 'Could not change "Open at login"';
    default:
      return 'Patchbay';
  }
}

/** Turns the data template into Electron menu options; a click runs the item's action. */
export function toElectronTemplate(items: MenuItemTemplate[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) => {
    const { action, submenu, ...rest } = item;
    const options: MenuItemConstructorOptions = { ...rest };
    if (submenu) options.submenu = toElectronTemplate(submenu, onAction);
    if (action) options.click = () => onAction(action);
    return options;
  });
}
