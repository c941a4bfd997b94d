import { realpathSync } from 'node:fs';
import { app, ipcMain, shell } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import type { DesktopVersion } from '../../shared/desktopBridge';
import { IPC_CHANNELS } from '../preload/ipcChannels';
import { assertTrustedSender, parseExternalUrl, parseRevealPath } from './ipcValidators';

// Main's side of the desktop bridge: three handlers, each validating sender and argument.

export interface IpcContext {
  hubOrigin(): string | undefined;
  dataDir(): string | undefined;
  hubVersion(): string;
}

export function registerIpcHandlers(context: IpcContext): () => void {
  const trusted = (event: IpcMainInvokeEvent): void => {
    const origin = context.hubOrigin();
    if (origin === undefined) throw new Error('Patchbay is still starting; try again in a moment.');
    assertTrustedSender(event.senderFrame?.url, origin);
  };

  ipcMain.handle(IPC_CHANNELS.openExternal, async (event, url: unknown) => {
    trusted(event);
    await shell.openExternal(parseExternalUrl(url));
  });
  ipcMain.handle(IPC_CHANNELS.revealFile, (event, path: unknown) => {
    trusted(event);
    const dataDir = context.dataDir();
    if (dataDir === undefined) throw new Error('Patchbay is still starting; try again in a moment.');
    shell.showItemInFolder(parseRevealPath(path, dataDir, { realpath: (value) => realpathSync.native(value) }));
  });
  ipcMain.handle(IPC_CHANNELS.version, (event): DesktopVersion => {
    trusted(event);
    return {
      app: app.getVersion(),
      hub: context.hubVersion(),
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      node: process.versions.node,
      platform: process.platform,
    };
  });

  return () => {
    for (const channel of Object.values(IPC_CHANNELS)) ipcMain.removeHandler(channel);
  };
}
