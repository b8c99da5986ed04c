import type { IpcResult } from '../main/contract';
import { createSinkguardApi } from './api';

// The browser preview's stand-in for preload/index.ts: the same API object, over a loopback fetch instead of IPC.
const token = document.querySelector<HTMLMetaElement>('meta[name="sinkguard-preview-token"]')?.content ?? '';

Object.defineProperty(window, 'sinkguard', {
  value: createSinkguardApi(async (channel, payload) => {
    const response = await fetch('/__sinkguard/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sinkguard-token': token },
      body: JSON.stringify({ channel, payload }),
    });
    if (!response.ok) throw new Error(`Preview bridge refused the call (${response.status}).`);
    return (await response.json()) as IpcResult<unknown>;
  }),
  writable: false,
  configurable: false,
  enumerable: true,
});
