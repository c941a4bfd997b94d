// The desktop bridge the Electron preload exposes as `window.patchbay` (types only). In a browser
// tab (`patchbay serve`) it is absent, so the renderer declares it optional:
//
//   declare global { interface Window { patchbay?: DesktopBridge } }
//
// Every call goes to the main process, which validates its argument and may refuse it.

export interface DesktopVersion {
  /** The desktop app's version. */
  app: string;
  /** The hub's version. */
  hub: string;
  electron: string;
  chrome: string;
  node: string;
  platform: string;
}

export interface DesktopBridge {
  /** Opens an http(s) URL in the system browser. Rejects other schemes. */
  openExternal(url: string): Promise<void>;
  /** Shows a file or folder inside the Patchbay data directory in the OS file manager. */
  revealFile(path: string): Promise<void>;
  version(): Promise<DesktopVersion>;
}
