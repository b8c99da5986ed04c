import { describe, expect, it, vi } from 'vitest';
import { createSinkguardApi } from '../../../preload/api';
import { channelNames } from '../../../main/contract';

// preload/index.ts imports `electron`, whose binary cannot run here: contextBridge and ipcRenderer are recorded.
const exposed = vi.hoisted(() => new Map<string, unknown>());
const invoke = vi.hoisted(() => vi.fn(async () => ({ ok: true, value: 'from main' })));
const ipcListeners = vi.hoisted(() => new Map<string, (event: unknown, payload: unknown) => void>());
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke,
    on: (event: string, listener: (event: unknown, payload: unknown) => void) =>
      ipcListeners.set(event, listener),
    removeListener: (event: string) => ipcListeners.delete(event),
  },
}));

describe('preload', () => {
  it('exposes exactly one frozen object, window.sinkguard, and nothing of Electron or Node', async () => {
    await import('../../../preload/index');
    expect([...exposed.keys()]).toEqual(['sinkguard']);
    const api = exposed.get('sinkguard') as Record<string, unknown>;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['channels', 'events', 'invoke', 'on']);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipcRenderer|require|process/);
  });

  it('forwards contract channels to ipcRenderer.invoke', async () => {
    await import('../../../preload/index');
    const api = exposed.get('sinkguard') as ReturnType<typeof createSinkguardApi>;
    await expect(api.invoke('app:info', {})).resolves.toEqual({ ok: true, value: 'from main' });
    expect(invoke).toHaveBeenCalledWith('app:info', {});
  });
});

describe('createSinkguardApi', () => {
  it('lists the contract channels', () => {
    expect(createSinkguardApi(vi.fn(), vi.fn()).channels).toEqual(channelNames);
  });

  it('refuses a channel outside the contract without calling main', async () => {
    const transport = vi.fn();
    const api = createSinkguardApi(transport, vi.fn());
    const result = await api.invoke('registry:raw-write' as never, {} as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(transport).not.toHaveBeenCalled();
  });

  it('turns a transport failure into a typed error', async () => {
    const api = createSinkguardApi(async () => {
      throw new Error('bridge down');
    }, vi.fn());
    await expect(api.invoke('app:info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'bridge down' },
    });
  });

  it('cannot be modified by the page', () => {
    const api = createSinkguardApi(vi.fn(), vi.fn()) as { invoke: unknown };
    expect(() => {
      'use strict';
      api.invoke = () => 'hijacked';
    }).toThrow(TypeError);
  });
});

describe('events', () => {
  it('hands the listener the payload only and unsubscribes', () => {
    const transport = new Map<string, (payload: unknown) => void>();
    const unsubscribe = vi.fn();
    const subscribe = vi.fn((event: string, listener: (payload: unknown) => void) => {
      transport.set(event, listener);
      return unsubscribe;
    });
    const api = createSinkguardApi(vi.fn(), subscribe);
    const listener = vi.fn();
    const off = api.on('apply:progress', listener);
    expect(subscribe).toHaveBeenCalledOnce();
    // A transport handing over more than the payload (Electron's event object, say) must not reach the page.
    (transport.get('apply:progress') as (...args: unknown[]) => void)({ step: 'write' }, { sender: 'x' });
    expect(listener).toHaveBeenCalledWith({ step: 'write' });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    expect(unsubscribe).toHaveBeenCalledOnce();
  });

  it('refuses an event outside the contract, or a listener that is not a function, without subscribing', () => {
    const subscribe = vi.fn(() => vi.fn());
    const api = createSinkguardApi(vi.fn(), subscribe);
    const offUnknown = api.on('no-such-event' as never, vi.fn());
    const offBadListener = api.on('apply:progress', 'not a function' as never);
    expect(subscribe).not.toHaveBeenCalled();
    expect(() => {
      offUnknown();
      offBadListener();
    }).not.toThrow();
  });
});
