import type { DesktopBridge, DesktopVersion } from '../../shared/desktopBridge';
import { IPC_CHANNELS } from './ipcChannels';
import type { IpcChannel } from './ipcChannels';

/** `ipcRenderer.invoke`, narrowed to our channels and one argument. */
export type Invoke = (channel: IpcChannel, ...args: unknown[]) => Promise<unknown>;

/**
 * The object exposed as `window.patchbay`: three functions on three fixed channels. The page
 * never sees `ipcRenderer` or a way to pick a channel.
 */
export function createBridge(invoke: Invoke): DesktopBridge {
  return Object.freeze({
    openExternal: async (url: string): Promise<void> => {
      await invoke(IPC_CHANNELS.openExternal, url);
    },
    revealFile: async (path: string): Promise<void> => {
      await invoke(IPC_CHANNELS.revealFile, path);
    },
    version: async (): Promise<DesktopVersion> => (await invoke(IPC_CHANNELS.version)) as DesktopVersion,
  });
}
