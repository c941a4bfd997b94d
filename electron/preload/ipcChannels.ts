/** The three IPC channels of the desktop bridge; the preload invokes them, main handles them. */
export const IPC_CHANNELS = {
  openExternal: 'patchbay:open-external',
  revealFile: 'patchbay:reveal-file',
  version: 'patchbay:version',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];
