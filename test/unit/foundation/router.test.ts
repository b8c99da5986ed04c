import { handlersWith } from '../../support/handlers';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../main/contract';
import { createRouter, type Handlers } from '../../../main/ipc/router';
import { RegistryError } from '../../../main/registry/errors';

const info = {
  name: 'SinkGuard',
  version: '1.0.0',
  platform: 'linux',
  arch: 'x64',
  runtime: 'preview' as const,
  electronVersion: null,
  elevated: true,
  canRelaunchElevated: false,
  registry: {
    kind: 'simulated' as const,
    description: 'simulated machine: stock',
    reason: 'not Windows',
    chosenBy: { kind: 'default' as const },
    setting: { nextStart: 'reg-exe' as const, locked: null },
  },
  machine: { hostName: null, osBuild: 'test', membership: { kind: 'unknown' as const, why: 'test' } },
};

function routerWith(appInfo: Handlers['app:info']) {
  const handler = vi.fn(appInfo);
  return { router: createRouter(handlersWith({ 'app:info': handler })), handler };
}

describe('IPC router', () => {
  it('dispatches a valid call to its handler and returns the typed response', async () => {
    const { router, handler } = routerWith(async () => info);
    await expect(router.dispatch('app:info', {})).resolves.toEqual({ ok: true, value: info });
    expect(handler).toHaveBeenCalledOnce();
  });

  it.each([
    ['an unknown channel', 'registry:write'],
    ['a prototype key', '__proto__'],
    ['a non-string channel', 42],
  ])('refuses %s without reaching a handler', async (_label, channel) => {
    const { router, handler } = routerWith(async () => info);
    const result = await router.dispatch(channel, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it.each([
    ['an extra field', { path: 'HKLM\\SOFTWARE' }],
    ['a string', 'HKLM\\SOFTWARE'],
    ['null', null],
    ['an array', []],
  ])('refuses a payload with %s without reaching the handler', async (_label, payload) => {
    const { router, handler } = routerWith(async () => info);
    const result = await router.dispatch('app:info', payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('turns an AppError into its typed error', async () => {
    const { router } = routerWith(async () => {
      throw new AppError('policy-managed', 'Set by Group Policy.', ['MachineAccessRestriction']);
    });
    await expect(router.dispatch('app:info', {})).resolves.toEqual({
      ok: false,
      error: {
        code: 'policy-managed',
        message: 'Set by Group Policy.',
        details: ['MachineAccessRestriction'],
      },
    });
  });

  it('maps registry access-denied to not-elevated, naming the key', async () => {
    const { router } = routerWith(async () => {
      throw new RegistryError('access-denied', 'Access is denied.', {
        key: 'HKLM\\SOFTWARE\\Microsoft\\Ole',
      });
    });
    await expect(router.dispatch('app:info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'not-elevated', details: ['HKLM\\SOFTWARE\\Microsoft\\Ole'] },
    });
  });

  it('reports a response outside the contract as internal, without leaking it', async () => {
    const { router } = routerWith(async () => ({ ...info, runtime: 'teleport' }) as unknown as typeof info);
    const result = await router.dispatch('app:info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('teleport');
  });

  it('never throws, even when a handler throws a non-Error', async () => {
    const { router } = routerWith(async () => {
      throw 'boom';
    });
    await expect(router.dispatch('app:info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});

describe('app handlers', () => {
  it('refuse to relaunch elevated where no relauncher exists (the preview), with a specific error', async () => {
    const { createHandlers } = await import('../../../main/ipc/handlers');
    const { SimulatedRegistry } = await import('../../../main/registry/simulated');
    const handlers = createHandlers({
      runtime: 'preview',
      electronVersion: null,
      platform: 'linux',
      arch: 'x64',
      registry: new SimulatedRegistry(),
      registryReason: 'test',
      registryChosenBy: { kind: 'default' },
      machineIdentity: async () => ({
        hostName: null,
        osBuild: 'test',
        membership: { kind: 'unknown', why: 'test' },
      }),
      backendSetting: { nextStart: () => 'reg-exe' as const, locked: null, save: async () => undefined },
      detectElevation: async () => false,
      engine: {} as never,
      publish: () => undefined,
    });
    const router = createRouter(handlers);
    await expect(router.dispatch('app:relaunch-elevated', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'not-elevated' },
    });
    await expect(router.dispatch('app:info', {})).resolves.toMatchObject({
      ok: true,
      value: { elevated: false, canRelaunchElevated: false, runtime: 'preview' },
    });
  });
});
