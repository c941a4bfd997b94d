import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { app } from 'electron';
import { autostartPlan, shouldStartHidden } from './autostart';
import type { AutostartTarget } from './autostart';

// Electron/file-system side of autostart.ts.

function target(): AutostartTarget {
  // Unpackaged (`electron .`), the Electron binary needs the app folder as its first argument.
  const appArgs = app.isPackaged ? [] : [app.getAppPath()];
  return { platform: process.platform, execPath: process.execPath, appArgs, env: process.env };
}

export function isOpenAtLogin(): boolean {
  const plan = autostartPlan(target(), true, homedir());
  if (plan.kind === 'desktop-entry') return existsSync(plan.file);
  const settings = plan.settings;
  return app.getLoginItemSettings(process.platform === 'win32' ? { path: settings.path, args: settings.args } : undefined).openAtLogin;
}

export function setOpenAtLogin(enabled: boolean): void {
  const plan = autostartPlan(target(), enabled, homedir());
  if (plan.kind === 'login-item') {
    app.setLoginItemSettings(plan.settings);
    return;
  }
  if (plan.content === undefined) {
    rmSync(plan.file, { force: true });
  } else {
    mkdirSync(dirname(plan.file), { recursive: true });
    writeFileSync(plan.file, plan.content, { mode: 0o644 });
  }
}

export function startsHidden(startHiddenPref: boolean): boolean {
  let openedAtLogin = false;
  if (process.platform === 'darwin') {
    const settings = app.getLoginItemSettings();
    openedAtLogin = settings.wasOpenedAtLogin || settings.wasOpenedAsHidden;
  }
  return shouldStartHidden({ argv: process.argv, platform: process.platform, openedAtLogin, startHidden: startHiddenPref });
}
