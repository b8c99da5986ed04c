import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createSinkguardApi } from './api';

// Exactly one object crosses the bridge; ipcRenderer itself never does.
contextBridge.exposeInMainWorld(
  'sinkguard',
  createSinkguardApi(
    (channel, payload) => ipcRenderer.invoke(channel, payload),
    (event, listener) => {
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(event, forward);
      return () => ipcRenderer.removeListener(event, forward);
    },
  ),
);
