import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeApp } from '../../../main/app/compose';
import { backendSettingControl, backendSettingStore } from '../../../main/app/settings';
import { createHandlers } from '../../../main/ipc/handlers';
import { createRouter } from '../../../main/ipc/router';
import { NOT_APPLICABLE } from '../../../main/platform/data-folder';
import { SimulatedRegistry } from '../../../main/registry/simulated';

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));
async function folder(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), 'sinkguard-settings-'));
  folders.push(path);
  return path;
}

/** The real handlers over a settings file in a temp folder (the data folder's Windows ACL check does not apply). */
async function router(locked: string | null = null) {
  const directory = await folder();
  const store = backendSettingStore(directory, NOT_APPLICABLE);
  const handlers = createHandlers({
    runtime: 'electron',
    electronVersion: '1',
    platform: 'win32',
    arch: 'x64',
    registry: new SimulatedRegistry(),
    registryReason: 'test',
    registryChosenBy: { kind: 'settings' },
    machineIdentity: async () => ({
      hostName: null,
      osBuild: 'test',
      membership: { kind: 'unknown', why: 'test' },
    }),
    backendSetting: backendSettingControl(store, await store.read(), locked),
    detectElevation: async () => true,
    engine: {} as never,
    publish: () => undefined,
  });
  return { router: createRouter(handlers), settingsFile: join(directory, 'settings.json') };
}

describe('registry backend setting', () => {
  it('saves the choice for the next start, and the About page then shows it', async () => {
    const { router: app, settingsFile } = await router();
    await expect(app.dispatch('app:info', {})).resolves.toMatchObject({
      ok: true,
      value: { registry: { setting: { nextStart: 'reg-exe', locked: null } } },
    });
    await expect(app.dispatch('settings:registry-backend', { backend: 'regedit' })).resolves.toEqual({
      ok: true,
      value: { nextStart: 'regedit' },
    });
    expect(JSON.parse(await readFile(settingsFile, 'utf8'))).toEqual({ registryBackend: 'regedit' });
    await expect(app.dispatch('app:info', {})).resolves.toMatchObject({
      value: { registry: { setting: { nextStart: 'regedit' } } },
    });
  });

  it.each([{ backend: 'cscript' }, { backend: 'auto' }, { backend: 'regedit', path: 'C:\\x' }, {}])(
    'refuses %j by the schema, writing nothing',
    async (payload) => {
      const { router: app, settingsFile } = await router();
      await expect(app.dispatch('settings:registry-backend', payload)).resolves.toMatchObject({
        ok: false,
        error: { code: 'invalid-request' },
      });
      await expect(readFile(settingsFile)).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );

  it('is refused with the reason where it cannot apply, writing nothing', async () => {
    const { router: app, settingsFile } = await router(
      'The browser preview always reads a simulated machine.',
    );
    await expect(app.dispatch('settings:registry-backend', { backend: 'regedit' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'The browser preview always reads a simulated machine.' },
    });
    await expect(readFile(settingsFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('starts on the default, saying why, when the saved choice cannot start here', async () => {
    const dataDirectory = await folder();
    await writeFile(join(dataDirectory, 'settings.json'), '{ "registryBackend": "regedit" }\n');
    const composed = await composeApp({ runtime: 'electron', electronVersion: '1', env: {}, dataDirectory });
    const info = await composed.router.dispatch('app:info', {});
    expect(info).toMatchObject({
      ok: true,
      value: {
        registry: {
          kind: process.platform === 'win32' ? 'reg-exe' : 'simulated',
          reason: expect.stringMatching(/; regedit was chosen but cannot start: .*Windows Script Host/),
          setting: { nextStart: 'regedit' },
        },
      },
    });
  });

  it('starts on the default, saying why, when the settings file is not SinkGuard’s', async () => {
    const dataDirectory = await folder();
    await writeFile(join(dataDirectory, 'settings.json'), '{ "registryBackend": "C:\\\\evil.exe" }\n');
    const composed = await composeApp({ runtime: 'electron', electronVersion: '1', env: {}, dataDirectory });
    await expect(composed.router.dispatch('app:info', {})).resolves.toMatchObject({
      value: {
        registry: {
          reason: expect.stringMatching(/the saved setting was not used: .*is not a SinkGuard settings file/),
          setting: { nextStart: 'reg-exe' },
        },
      },
    });
  });

  it.each([
    {
      chosenBy: undefined,
      reason: "simulated machine 'legacy' (chosen with the --registry option)",
      source: { kind: 'option', name: '--registry' },
    },
    {
      chosenBy: { kind: 'environment', name: 'SINKGUARD_PREVIEW_MACHINE' } as const,
      reason: "simulated machine 'legacy' (chosen with the SINKGUARD_PREVIEW_MACHINE environment variable)",
      source: { kind: 'environment', name: 'SINKGUARD_PREVIEW_MACHINE' },
    },
  ])('names what chose the machine: $reason', async ({ chosenBy, reason, source }) => {
    const composed = await composeApp({
      runtime: 'electron',
      electronVersion: '1',
      env: {},
      dataDirectory: await folder(),
      registryChoice: 'simulated:legacy',
      registryChosenBy: chosenBy,
    });
    await expect(composed.router.dispatch('app:info', {})).resolves.toMatchObject({
      value: { registry: { reason, chosenBy: source } },
    });
  });

  it('names the default as what chose the backend when nothing was chosen, or a saved choice could not start', async () => {
    const dataDirectory = await folder();
    const fresh = await composeApp({ runtime: 'electron', electronVersion: '1', env: {}, dataDirectory });
    await expect(fresh.router.dispatch('app:info', {})).resolves.toMatchObject({
      value: { registry: { chosenBy: { kind: 'default' } } },
    });
    if (process.platform === 'win32')
      return console.log('regedit may start on Windows: the fallback is tested elsewhere');
    await writeFile(join(dataDirectory, 'settings.json'), '{ "registryBackend": "regedit" }\n');
    const fallback = await composeApp({ runtime: 'electron', electronVersion: '1', env: {}, dataDirectory });
    await expect(fallback.router.dispatch('app:info', {})).resolves.toMatchObject({
      value: { registry: { chosenBy: { kind: 'default' } } },
    });
  });
});
