import { Menu, Tray, nativeImage } from 'electron';
import type { NativeImage } from 'electron';
import type { TrayAction } from './trayMenu';
import { toElectronTemplate } from './trayActions';
import type { TrayView } from './trayController';
import { trayIconPath } from './trayIcons';
import type { TrayIconKind } from './trayMenu';

// Draws a TrayView with Electron's Tray and Menu.

export class TrayAdapter {
  private readonly tray: Tray;
  private icon: TrayIconKind | undefined;

  constructor(
    private readonly resourcesDir: string,
    private readonly onAction: (action: TrayAction) => void,
    onClick: () => void,
  ) {
    this.tray = new Tray(this.image('ok'));
    this.icon = 'ok';
    // Windows: a left click opens the window (the menu is on the right click). macOS and Linux
    // open the menu on click.
    if (process.platform === 'win32') this.tray.on('click', onClick);
  }

  render(view: TrayView): void {
    if (this.tray.isDestroyed()) return;
    if (view.icon !== this.icon) {
      this.tray.setImage(this.image(view.icon));
      this.icon = view.icon;
    }
    this.tray.setToolTip(view.toolTip);
    this.tray.setContextMenu(Menu.buildFromTemplate(toElectronTemplate(view.menu, this.onAction)));
  }

  dispose(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  private image(kind: TrayIconKind): NativeImage {
    const image = nativeImage.createFromPath(trayIconPath(this.resourcesDir, kind, process.platform));
    if (process.platform === 'darwin') image.setTemplateImage(true);
    return image;
  }
}
