import { join } from 'node:path';
import type { TrayIconKind } from './trayMenu';

// Tray images in resources/tray (made by resources/generateIcons.mjs). macOS gets template
// images (black + alpha; the name ends in "Template", so the OS tints them for light and dark
// menu bars; the @2x file is picked up automatically). Windows and Linux get coloured ones.

export function trayIconFile(kind: TrayIconKind, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return kind === 'ok' ? 'trayTemplate.png' : 'trayErrorTemplate.png';
  // Windows scales a 32 px image down crisply; Linux panels are usually 22-24 px.
  return kind === 'ok' ? 'tray@2x.png' : 'trayError@2x.png';
}

export function trayIconPath(resourcesDir: string, kind: TrayIconKind, platform: NodeJS.Platform): string {
  return join(resourcesDir, 'tray', trayIconFile(kind, platform));
}
