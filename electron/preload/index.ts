import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './api';

// The page gets exactly one object; ipcRenderer and the IPC event never cross the bridge.
const api = buildApi(
  (channel, args) => ipcRenderer.invoke(channel, args),
  (channel, listener) => {
    const relay = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, relay);
    return () => {
      ipcRenderer.removeListener(channel, relay);
    };
  },
);

contextBridge.exposeInMainWorld('tokendesk', api);
