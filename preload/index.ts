import { contextBridge, ipcRenderer } from 'electron';
import { createSinkguardApi } from './api';

// Exactly one object crosses the bridge; ipcRenderer itself never does.
contextBridge.exposeInMainWorld(
  'sinkguard',
  createSinkguardApi((channel, payload) => ipcRenderer.invoke(channel, payload)),
);
