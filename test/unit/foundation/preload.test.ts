import { describe, expect, it, vi } from 'vitest';
import { createSinkguardApi } from '../../../preload/api';
import { channelNames } from '../../../main/contract';

// preload/index.ts imports `electron`, whose binary cannot run here: contextBridge and ipcRenderer are recorded.
const exposed = vi.hoisted(() => new Map<string, unknown>());
const invoke = vi.hoisted(() => vi.fn(async () => ({ ok: true, value: 'from main' })));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: { invoke },
}));

describe('preload', () => {
  it('exposes exactly one frozen object, window.sinkguard, and nothing of Electron or Node', async () => {
    await import('../../../preload/index');
    expect([...exposed.keys()]).toEqual(['sinkguard']);
    const api = exposed.get('sinkguard') as Record<string, unknown>;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['channels', 'invoke']);
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
    expect(createSinkguardApi(vi.fn()).channels).toEqual(channelNames);
  });

  it('refuses a channel outside the contract without calling main', async () => {
    const transport = vi.fn();
    const api = createSinkguardApi(transport);
    const result = await api.invoke('registry:raw-write' as never, {} as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(transport).not.toHaveBeenCalled();
  });

  it('turns a transport failure into a typed error', async () => {
    const api = createSinkguardApi(async () => {
      throw new Error('bridge down');
    });
    await expect(api.invoke('app:info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'bridge down' },
    });
  });

  it('cannot be modified by the page', () => {
    const api = createSinkguardApi(vi.fn()) as { invoke: unknown };
    expect(() => {
      'use strict';
      api.invoke = () => 'hijacked';
    }).toThrow(TypeError);
  });
});
