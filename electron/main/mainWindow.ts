import { BrowserWindow, nativeTheme, screen } from 'electron';
import { debounce } from './debounce';
import type { PrefsStore } from './prefs';
import { boundsToSave, windowOptions } from './windowOptions';

// The one window: created hidden, shown on demand; closing it only hides it (the hub keeps
// running behind the tray) unless the app is quitting.

export interface MainWindowOptions {
  preloadPath: string;
  prefs: PrefsStore;
  isQuitting(): boolean;
}

export class MainWindow {
  private window: BrowserWindow | undefined;
  private readonly saveBounds = debounce(() => this.persistBounds(), 500);
  /** maximize() also shows a hidden window, so a saved maximised state waits for the first show. */
  private pendingMaximize = false;

  constructor(private readonly options: MainWindowOptions) {}

  /** Creates the window (hidden) and loads `url`; shows it when ready unless `hidden`. */
  open(url: string, hidden: boolean): void {
    const prefs = this.options.prefs.read();
    nativeTheme.themeSource = prefs.theme;
    const window = new BrowserWindow(
      windowOptions(prefs, this.options.preloadPath, {
        displays: screen.getAllDisplays().map((display) => display.workArea),
        prefersDark: nativeTheme.shouldUseDarkColors,
      }),
    );
    this.window = window;
    this.pendingMaximize = prefs.windowBounds.maximized === true;
    window.once('ready-to-show', () => {
      if (!hidden) this.show();
    });
    window.on('resize', () => this.saveBounds.call());
    window.on('move', () => this.saveBounds.call());
    window.on('close', (event) => {
      this.saveBounds.flush();
      this.persistBounds();
      if (this.options.isQuitting()) return;
      event.preventDefault();
      window.hide();
    });
    window.on('closed', () => {
      this.saveBounds.cancel();
      this.window = undefined;
    });
    void window.loadURL(url);
  }

  get exists(): boolean {
    return this.window !== undefined && !this.window.isDestroyed();
  }

  show(): void {
    const window = this.window;
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    if (this.pendingMaximize) {
      this.pendingMaximize = false;
      window.maximize();
    }
    window.show();
    window.focus();
  }

  /** Shows a page of the hub's UI in the window. */
  showUrl(url: string): void {
    if (!this.window || this.window.isDestroyed()) return;
    void this.window.loadURL(url);
    this.show();
  }

  private persistBounds(): void {
    const window = this.window;
    if (!window || window.isDestroyed()) return;
    this.options.prefs.update({ windowBounds: boundsToSave(window.getNormalBounds(), window.isMaximized()) });
  }
}
