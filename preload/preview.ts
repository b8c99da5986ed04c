import type { IpcResult } from '../main/contract/result';
import { createSinkguardApi } from './api';

// The browser preview's stand-in for preload/index.ts: the same API object, over loopback HTTP instead of IPC.
const token = document.querySelector<HTMLMetaElement>('meta[name="sinkguard-preview-token"]')?.content ?? '';

let stream: EventSource | null = null;
const listeners = new Map<string, Set<(payload: unknown) => void>>();

function events(): EventSource {
  if (stream) return stream;
  stream = new EventSource(`/__sinkguard/events?token=${encodeURIComponent(token)}`);
  stream.onmessage = (message: MessageEvent<string>) => {
    const { event, payload } = JSON.parse(message.data) as { event: string; payload: unknown };
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  return stream;
}

Object.defineProperty(window, 'sinkguard', {
  value: createSinkguardApi(
    async (channel, payload) => {
      const response = await fetch('/__sinkguard/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sinkguard-token': token },
        body: JSON.stringify({ channel, payload }),
      });
      if (!response.ok) throw new Error(`Preview bridge refused the call (${response.status}).`);
      return (await response.json()) as IpcResult<unknown>;
    },
    (event, listener) => {
      events();
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  ),
  writable: false,
  configurable: false,
  enumerable: true,
});
