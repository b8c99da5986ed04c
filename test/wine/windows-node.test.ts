import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditMachine } from '../../main/domain/audit/index';
import { BUILT_IN_PROFILE_NAMES, builtInProfile } from '../../main/domain/profiles/index';
import { MACHINE_PROFILES, openSimulatedMachine, readMachineProfile } from '../../main/registry/machines';
import { requireTool } from '../support/lane';
import {
  WINE_TEST_DIRECTORY,
  createWinePrefix,
  parseRegQuery,
  runWindowsNode,
  type WinePrefix,
} from '../support/wine';
import { DRIVER_KEY, DRIVER_VALUES, serialize } from './driver/values';

const hasWine = requireTool('wine lane', 'wine');

/** Bundles the driver and what it imports into one ES module Windows node can run. */
async function bundleDriver(): Promise<string> {
  const outDir = join(WINE_TEST_DIRECTORY, 'driver');
  await mkdir(outDir, { recursive: true });
  await build({
    configFile: false,
    logLevel: 'silent',
    ssr: { noExternal: true },
    build: {
      ssr: new URL('./driver/reg-exe-driver.ts', import.meta.url).pathname,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'driver.mjs' } },
    },
  });
  return join(outDir, 'driver.mjs');
}

describe.skipIf(!hasWine)('reg.exe adapter under Windows node.exe in Wine (win32 code paths)', () => {
  let prefix: WinePrefix;
  let run: { code: number; output: string };
  beforeAll(async () => {
    const [created, driver] = await Promise.all([createWinePrefix('windows-node'), bundleDriver()]);
    prefix = created;
    // Node 20 refuses Windows 7, the version a new Wine 8 prefix reports.
    const version = await prefix.wine(['winecfg', '/v', 'win10']);
    expect(version.code, version.output).toBe(0);
    // The fixtures as files Windows node reads: it imports each through the adapter, then audits it.
    const machines = await Promise.all(
      MACHINE_PROFILES.map(async (machine) => {
        const file = join(prefix.path, `${machine}.reg`);
        await writeFile(file, await readMachineProfile(machine));
        return `${machine}=${prefix.windowsPath(file)}`;
      }),
    );
    run = await runWindowsNode(prefix, driver, machines);
  });
  afterAll(async () => {
    await prefix?.dispose();
  });

  const result = (): Record<string, unknown> =>
    JSON.parse(run.output.trim().split('\n').at(-1)!) as Record<string, unknown>;

  it('runs as win32 and spawns reg.exe itself', () => {
    expect(run.code, run.output).toBe(0);
    expect(result()).toMatchObject({
      platform: 'win32',
      description: expect.stringMatching(/^reg\.exe \(.*\\System32\\reg\.exe\)$/i),
    });
  });

  it('writes and reads back every value type exactly, and restores them from its own export', () => {
    const expected = JSON.parse(serialize(DRIVER_VALUES)) as unknown;
    expect(result().written).toEqual(expected);
    expect(result().restored).toEqual(expected);
    expect(result().missingExists).toBe(false);
  });

  it('reports bad input with typed errors', () => {
    expect(result().truncated).toMatchObject({ code: 'malformed-data', where: { line: 1 } });
    expect(result().missingDelete).toMatchObject({
      code: 'key-missing',
      where: { key: `${DRIVER_KEY}\\Missing` },
    });
  });

  it('leaves values that wine reg query, run from Linux, reads the same', async () => {
    const queried = parseRegQuery((await prefix.wine(['reg', 'query', DRIVER_KEY, '/reg:64'])).output);
    expect(queried.get('multi')).toEqual({ type: 'REG_MULTI_SZ', data: 'a\\0\\0b' });
    expect(queried.get('dword')).toEqual({ type: 'REG_DWORD', data: '0xfffffffe' });
    expect(queried.get('odd binary')).toEqual({ type: 'REG_BINARY', data: '010203' });
    expect(queried.get('name with "quotes" and \\')).toEqual({ type: 'REG_SZ', data: 'a "quoted" \\ value' });
  });

  it('audits every machine, seeded by its .reg fixture, exactly as the simulated store does', async () => {
    const audits = result().audits as Record<string, Record<string, unknown>>;
    expect(Object.keys(audits)).toEqual([...MACHINE_PROFILES]);
    for (const machine of MACHINE_PROFILES) {
      const simulated = await openSimulatedMachine(machine);
      for (const profile of BUILT_IN_PROFILE_NAMES) {
        const expected = JSON.parse(
          serialize(await auditMachine(simulated, builtInProfile(profile))),
        ) as unknown;
        expect(audits[machine]![profile], `${machine} audited against ${profile}`).toEqual(expected);
      }
    }
  });
});
