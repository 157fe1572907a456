// Runs sandboxed before the HMI page: exposes window.linesideNative, the native extras only.
// Everything else goes through the gateway, as in a browser. Bundled to one CommonJS file
// (out/main/electron/preload.cjs) by build/preload.vite.config.ts, since a sandboxed preload can
// only require('electron').
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS } from './ipc.ts';
import type { LinesideNative, SaveFileRequest } from './ipc.ts';

const native: LinesideNative = {
  saveFile: (request: SaveFileRequest) =>
    // Only the documented fields cross: nothing else from the page's object reaches the main process.
    ipcRenderer.invoke(IPC_CHANNELS.saveFile, {
      suggestedName: request.suggestedName,
      data: request.data,
      filters: request.filters,
    }) as Promise<string | null>,
  printToPdf: () => ipcRenderer.invoke(IPC_CHANNELS.printToPdf) as Promise<string | null>,
  openWindow: (hashRoute: string) => ipcRenderer.invoke(IPC_CHANNELS.openWindow, hashRoute) as Promise<void>,
  kioskUnlock: (resumeToken: string) => ipcRenderer.invoke(IPC_CHANNELS.kioskUnlock, resumeToken) as Promise<string | null>,
  kioskLock: () => ipcRenderer.invoke(IPC_CHANNELS.kioskLock) as Promise<void>,
  platform: process.platform,
};

contextBridge.exposeInMainWorld('linesideNative', native);
