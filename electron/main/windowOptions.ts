import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { MIN_WINDOW_HEIGHT, MIN_WINDOW_WIDTH } from './prefs';
import type { DesktopPrefs, Theme, WindowBounds } from './prefs';

// The main window's options. Security first: the page is the hub's web UI, treated like any web
// page — isolated, sandboxed, no Node, web security on. The only bridge is the preload's
// `window.patchbay` (three validated calls).

const BACKGROUND: Record<Exclude<Theme, 'system'>, string> = { light: '#ffffff', dark: '#17171c' };

export interface WindowOptionsContext {
  /** Work areas of the connected displays; saved positions off every display are dropped. */
  displays?: Rectangle[];
  /** For theme `system`: whether the OS uses dark colours now. */
  prefersDark?: boolean;
}

export function windowOptions(prefs: DesktopPrefs, preloadPath: string, context: WindowOptionsContext = {}): BrowserWindowConstructorOptions {
  const bounds = placeBounds(prefs.windowBounds, context.displays);
  const dark = prefs.theme === 'dark' || (prefs.theme === 'system' && context.prefersDark === true);
  return {
    ...bounds,
    minWidth: MIN_WINDOW_WIDTH,
    minHeight: MIN_WINDOW_HEIGHT,
    title: 'Patchbay',
    show: false,
    autoHideMenuBar: true,
    backgroundColor: dark ? BACKGROUND.dark : BACKGROUND.light,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  };
}

/** Size always; position only when the saved window would still be visible on some display. */
export function placeBounds(saved: WindowBounds, displays: Rectangle[] | undefined): { width: number; height: number; x?: number; y?: number } {
  const size = { width: saved.width, height: saved.height };
  if (saved.x === undefined || saved.y === undefined || !displays || displays.length === 0) return size;
  const window = { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
  // Enough of the window (its title bar area) must overlap a display to be reachable.
  const visible = displays.some((area) => overlap(window, area) >= 100 * 40);
  return visible ? { ...size, x: saved.x, y: saved.y } : size;
}

/** What to save when the window moves or closes: the normal (unmaximised) bounds plus the flag. */
export function boundsToSave(normal: Rectangle, maximized: boolean): WindowBounds {
  return {
    x: Math.round(normal.x),
    y: Math.round(normal.y),
    width: Math.max(MIN_WINDOW_WIDTH, Math.round(normal.width)),
    height: Math.max(MIN_WINDOW_HEIGHT, Math.round(normal.height)),
    ...(maximized ? { maximized: true } : {}),
  };
}

function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}
