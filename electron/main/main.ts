import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, clipboard, dialog, session } from 'electron';
import { errorMessage } from '../../hub/core/errors';
import { defaultHome } from '../../hub/core/paths';
import { isOpenAtLogin, setOpenAtLogin, startsHidden } from './autostartAdapter';
import { openElectronPrefs } from './electronPrefs';
import { startDesktopHub } from './hubAdapter';
import type { DesktopHub } from './hubAdapter';
import { QuitCoordinator } from './hubStartup';
import { registerIpcHandlers } from './ipcHandlers';
import { MainWindow } from './mainWindow';
import { isSameOrigin } from './navigation';
import { guardSession, guardWebContents, openExternalSafely } from './securityGuards';
import { runTrayAction } from './trayActions';
import type { TrayEffects } from './trayActions';
import { TrayAdapter } from './trayAdapter';
import { TrayController } from './trayController';

// The Electron main process: starts the hub in-process, shows its web UI in one window and keeps
// a tray menu. All decisions live in pure modules next to this file; this one only wires them.

const APP_ID = 'dev.patchbay.app';

// Chromium's profile and the desktop prefs live in the hub's data directory (PATCHBAY_HOME or the
// OS app-data folder), in `desktop/`. This also makes the single-instance lock per data directory.
app.setPath('userData', join(defaultHome(), 'desktop'));
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void run().catch((error: unknown) => {
    dialog.showErrorBox('Patchbay failed to start', errorMessage(error));
    app.exit(1);
  });
}

/** What exists so far; filled in as start-up proceeds (quit and tray clicks can come at any time). */
interface Running {
  hub?: DesktopHub;
  /** Pending while the hub starts: a quit during start-up waits for it, then stops it. */
  starting?: Promise<DesktopHub>;
  hubError?: string;
  window?: MainWindow;
  tray?: TrayAdapter;
  controller?: TrayController;
  disposeIpc?: () => void;
}

async function run(): Promise<void> {
  const running: Running = {};
  const hubOrigin = (): string | undefined => running.hub?.port.origin;

  const quit = new QuitCoordinator({
    stop: async () => {
      running.controller?.dispose();
      running.disposeIpc?.();
      const hub = running.hub ?? (await running.starting?.catch(() => undefined));
      await hub?.stop();
      running.tray?.dispose();
    },
    exit: () => app.quit(),
    onError: (error) => console.error(`patchbay: while quitting: ${errorMessage(error)}`),
  });

  const showWindow = (): void => {
    if (running.window?.exists) return running.window.show();
    if (running.hubError !== undefined) dialog.showErrorBox('Patchbay hub is not running', running.hubError);
  };
  const requireHub = (): DesktopHub => {
    if (!running.hub) throw new Error(running.hubError ?? 'The hub is still starting; try again in a moment.');
    return running.hub;
  };

  app.on('before-quit', (event) => quit.onBeforeQuit(event));
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  // Closing the window hides it; the hub keeps running behind the tray until "Quit".
  app.on('window-all-closed', () => undefined);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, hubOrigin));

  await app.whenReady();

  const prefs = await openElectronPrefs();
  guardSession(session.defaultSession, hubOrigin);
  running.disposeIpc = registerIpcHandlers({ hubOrigin, dataDir: () => running.hub?.dataDir, hubVersion: () => running.hub?.version ?? '' });

  const effects: TrayEffects = {
    copyText: (text) => clipboard.writeText(text),
    setServerEnabled: (name, enabled) => requireHub().port.setServerEnabled(name, enabled),
    setVirtualServerEnabled: (name, enabled) => requireHub().port.setVirtualServerEnabled(name, enabled),
    connectServer: async (name) => {
      const port = requireHub().port;
      const url = await port.connectUrl(name);
      if (isSameOrigin(url, port.origin)) running.window?.showUrl(url);
      else await openExternalSafely(url);
    },
    showWindow,
    setOpenAtLogin,
    quit: () => app.quit(),
    refresh: () => running.controller?.renderNow(),
    reportError: (title, message) => void dialog.showMessageBox({ type: 'error', title, message: title, detail: message }),
  };

  const tray = new TrayAdapter(join(app.getAppPath(), 'resources'), (action) => void runTrayAction(action, effects), showWindow);
  running.tray = tray;
  const controller = new TrayController({ render: (view) => tray.render(view), openAtLogin: isOpenAtLogin });
  running.controller = controller;

  // Run from source: load the Electron build of the SQLite binding (`npm start` builds it; packaged
  // apps have node_modules rebuilt for Electron by electron-builder).
  const devBinding = join(app.getAppPath(), '.electron-native', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (!app.isPackaged && !process.env.PATCHBAY_SQLITE_BINDING && existsSync(devBinding)) process.env.PATCHBAY_SQLITE_BINDING = devBinding;

  try {
    running.starting = startDesktopHub();
    running.hub = await running.starting;
  } catch (error) {
    running.hubError = errorMessage(error);
    controller.fail(running.hubError);
    dialog.showErrorBox('Patchbay could not start its hub', `${running.hubError}\n\nPatchbay stays in the tray; quit it from there.`);
    return;
  }
  if (quit.quitting) return;
  controller.attach(running.hub.port);

  const window = new MainWindow({ preloadPath: join(__dirname, 'preload.cjs'), prefs, isQuitting: () => quit.quitting });
  running.window = window;
  window.open(running.hub.port.createLoginUrl(), startsHidden(prefs.read().startHidden));
}
