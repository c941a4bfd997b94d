import { join } from 'node:path';

// "Open at login". macOS and Windows use app.setLoginItemSettings; Electron has no login items on
// Linux, so there we write an XDG autostart entry (~/.config/autostart/patchbay.desktop). A launch
// at login starts hidden: `openAsHidden` (macOS < 13) or `wasOpenedAtLogin` on macOS, the
// `--hidden` argument elsewhere.

export const HIDDEN_ARG = '--hidden';
export const LINUX_AUTOSTART_FILE_NAME = 'patchbay.desktop';

export interface LoginItemArgs {
  openAtLogin: boolean;
  openAsHidden?: boolean;
  path?: string;
  args?: string[];
}

export interface AutostartTarget {
  platform: NodeJS.Platform;
  /** process.execPath: the app binary (or the Electron binary in development). */
  execPath: string;
  /** Arguments the binary needs before ours: the app folder when running unpackaged (`electron .`). */
  appArgs?: string[];
  env?: NodeJS.ProcessEnv;
}

export type AutostartPlan =
  | { kind: 'login-item'; settings: LoginItemArgs }
  | { kind: 'desktop-entry'; file: string; content: string | undefined };

/** The `app.setLoginItemSettings` argument for macOS and Windows. */
export function loginItemSettings(target: AutostartTarget, openAtLogin: boolean): LoginItemArgs {
  if (target.platform === 'darwin') return { openAtLogin, openAsHidden: true };
  return { openAtLogin, path: target.execPath, args: [...(target.appArgs ?? []), HIDDEN_ARG] };
}

/** What to do to turn "Open at login" on or off on this platform. `content: undefined` removes the entry. */
export function autostartPlan(target: AutostartTarget, openAtLogin: boolean, homeDir: string): AutostartPlan {
  if (target.platform === 'darwin' || target.platform === 'win32') {
    return { kind: 'login-item', settings: loginItemSettings(target, openAtLogin) };
  }
  const env = target.env ?? {};
  return {
    kind: 'desktop-entry',
    file: join(env.XDG_CONFIG_HOME || join(homeDir, '.config'), 'autostart', LINUX_AUTOSTART_FILE_NAME),
    content: openAtLogin ? desktopEntry(env.APPIMAGE || target.execPath, [...(target.appArgs ?? []), HIDDEN_ARG]) : undefined,
  };
}

/** An XDG autostart entry. An AppImage is started through $APPIMAGE, not its temporary mount. */
export function desktopEntry(exec: string, args: string[]): string {
  // The string-value escape layer applies on top of the Exec quoting: every backslash is doubled.
  const command = [exec, ...args].map(quoteExecArg).join(' ').replace(/\\/g, '\\\\');
  return ['[Desktop Entry]', 'Type=Application', 'Name=Patchbay', 'Comment=Personal MCP hub', `Exec=${command}`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

export interface StartupInfo {
  argv: string[];
  platform: NodeJS.Platform;
  /** macOS: app.getLoginItemSettings().wasOpenedAtLogin || .wasOpenedAsHidden */
  openedAtLogin?: boolean;
  /** The "start hidden" preference. */
  startHidden: boolean;
}

/** Whether to start with the window hidden (tray only). */
export function shouldStartHidden(info: StartupInfo): boolean {
  if (info.startHidden) return true;
  if (info.platform === 'darwin') return info.openedAtLogin === true || info.argv.includes(HIDDEN_ARG);
  return info.argv.includes(HIDDEN_ARG);
}

// The Desktop Entry spec: arguments with reserved characters are double-quoted, with `"`, `` ` ``,
// `$` and `\` escaped by a backslash; a literal `%` is written `%%`.
function quoteExecArg(arg: string): string {
  const escapedPercent = arg.replace(/%/g, '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(escapedPercent)) return escapedPercent;
  return `"${escapedPercent.replace(/(["`$\\])/g, '\\$1')}"`;
}
