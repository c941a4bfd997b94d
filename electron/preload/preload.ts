import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

// Runs sandboxed, with context isolation: only `window.patchbay` (three calls) reaches the page.
contextBridge.exposeInMainWorld(
  'patchbay',
  createBridge((channel, ...args) => ipcRenderer.invoke(channel, ...args)),
);
