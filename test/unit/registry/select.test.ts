import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { detectElevation } from '../../../main/platform/elevation';
import { RegExeRegistry } from '../../../main/registry/reg-exe';
import { RegeditRegistry } from '../../../main/registry/regedit';
import {
  REGISTRY_CHOICES,
  RegistryChoiceError,
  addRegistryOption,
  openRegistry,
  parseRegistryChoice,
} from '../../../main/registry/select';
import { SimulatedRegistry } from '../../../main/registry/simulated';

describe('registry backend choice', () => {
  it('parses every valid choice, simulated alone meaning stock', () => {
    expect(parseRegistryChoice('simulated')).toEqual({ kind: 'simulated', profile: 'stock' });
    expect(parseRegistryChoice(' Simulated:GPO-Managed ')).toEqual({
      kind: 'simulated',
      profile: 'gpo-managed',
    });
    expect(parseRegistryChoice('reg-exe')).toEqual({ kind: 'reg-exe' });
    expect(REGISTRY_CHOICES.map((choice) => parseRegistryChoice(choice).kind)).toEqual([
      'auto',
      'simulated',
      'simulated',
      'simulated',
      'simulated',
      'reg-exe',
      'regedit',
    ]);
  });

  it.each(['', 'wine', 'simulated:nope', 'simulated:stock:extra', 'reg.exe'])(
    'rejects %j listing the valid choices',
    (text) => {
      expect(() => parseRegistryChoice(text)).toThrow(RegistryChoiceError);
      expect(() => parseRegistryChoice(text)).toThrow(
        /valid choices: auto, simulated, simulated:stock, .*reg-exe, regedit/,
      );
    },
  );

  it('adds a validated --registry option to a commander command', async () => {
    const seen: string[] = [];
    const program = addRegistryOption(new Command('x'))
      .exitOverride()
      .configureOutput({ writeErr: () => undefined })
      .action((options: { registry: string }) => void seen.push(options.registry));
    await program.parseAsync(['--registry', 'SIMULATED'], { from: 'user' });
    await program.parseAsync([], { from: 'user' });
    expect(seen).toEqual(['simulated:stock', 'auto']);
    await expect(program.parseAsync(['--registry', 'bogus'], { from: 'user' })).rejects.toThrow(
      /valid choices/,
    );
  });
});

describe('opening a registry backend', () => {
  const env = { WINEPREFIX: '/tmp/prefix', SystemRoot: 'C:\\Windows' };

  it('auto off Windows opens the simulated stock machine and says why', async () => {
    const opened = await openRegistry('auto', { platform: 'linux', env });
    expect(opened.port).toBeInstanceOf(SimulatedRegistry);
    expect(opened.choice).toEqual({ kind: 'simulated', profile: 'stock' });
    expect(opened.reason).toMatch(/not Windows.*stock/);
    expect(
      (await opened.port.readKeys(['HKLM\\SOFTWARE\\Microsoft\\Ole']))[0]!.values.get('EnableDCOM'),
    ).toEqual({
      type: 'REG_SZ',
      data: 'Y',
    });
  });

  it.each(['win32', 'linux', 'darwin'] as const)(
    'auto on %s never selects regedit, nor even tries it',
    async (platform) => {
      let triedRegedit = false;
      const opened = await openRegistry('auto', {
        platform,
        env,
        openRegedit: async () => {
          triedRegedit = true;
          return new SimulatedRegistry([], { description: 'fake regedit' });
        },
      });
      expect(triedRegedit).toBe(false);
      expect(opened.choice.kind).not.toBe('regedit');
      expect(opened.port.kind).not.toBe('regedit');
    },
  );

  it('auto on Windows is reg.exe by its full System32 path, and says so', async () => {
    const opened = await openRegistry('auto', { platform: 'win32', env: { SystemRoot: 'D:\\Win' } });
    expect(opened.port).toBeInstanceOf(RegExeRegistry);
    expect(opened.choice).toEqual({ kind: 'reg-exe' });
    expect(opened.reason).toBe(
      'reg.exe (D:\\Win\\System32\\reg.exe): the default on Windows (regedit runs only when chosen)',
    );
  });

  it('regedit runs when chosen, saying who chose it', async () => {
    const regedit = new SimulatedRegistry([], { description: 'fake regedit' });
    const opened = await openRegistry(
      'regedit',
      { platform: 'win32', env, openRegedit: async () => regedit },
      { kind: 'settings' },
    );
    expect(opened).toMatchObject({
      port: regedit,
      choice: { kind: 'regedit' },
      reason: "fake regedit (chosen in SinkGuard's settings)",
    });
  });

  it('regedit chosen but unusable is a typed error saying why (no silent switch to another backend)', async () => {
    await expect(
      openRegistry('regedit', {
        platform: 'win32',
        env,
        // The real adapter and the real regedit module, pointed at a folder that is not there.
        openRegedit: (regExe) => RegeditRegistry.open(regExe, '/nonexistent/app.asar.unpacked/regedit/vbs'),
      }),
    ).rejects.toMatchObject({
      code: 'backend-unavailable',
      message: expect.stringMatching(
        /regedit's scripts are not at \/nonexistent\/app\.asar\.unpacked\/regedit\/vbs/,
      ),
    });
  });

  it('reg-exe off Windows goes through Wine with the prefix from the environment', async () => {
    const opened = await openRegistry('reg-exe', { platform: 'linux', env });
    expect(opened.port.description).toBe('wine reg.exe (WINEPREFIX=/tmp/prefix)');
  });

  it('refuses regedit off Windows with a typed error', async () => {
    await expect(openRegistry('regedit', { platform: 'linux', env })).rejects.toMatchObject({
      code: 'backend-unavailable',
      message: expect.stringMatching(/Windows Script Host/),
    });
  });

  it('passes elevation and fault options to a simulated machine', async () => {
    const opened = await openRegistry('simulated:legacy', {
      platform: 'win32',
      env,
      simulated: { elevated: false },
    });
    expect(opened.port.description).toBe('simulated: legacy');
    await expect(
      opened.port.writeValues([
        { key: 'HKLM\\SOFTWARE\\X', name: 'v', value: { type: 'REG_DWORD', data: 1 } },
      ]),
    ).rejects.toMatchObject({ code: 'access-denied' });
    expect(await detectElevation(opened.port)).toBe(false);
  });
});

describe('elevation', () => {
  const regExe = new RegExeRegistry({
    description: 'fake',
    reg: async () => ({ exitCode: 0, output: '' }),
    toWindowsPath: (path) => path,
  });

  it('asks fltmc from System32 on Windows: exit 0 means elevated', async () => {
    const calls: string[] = [];
    const run = (code: number) => async (file: string) => {
      calls.push(file);
      return code;
    };
    const env = { SystemRoot: 'D:\\Win' };
    expect(await detectElevation(regExe, { platform: 'win32', env, runExitCode: run(0) })).toBe(true);
    expect(await detectElevation(regExe, { platform: 'win32', env, runExitCode: run(1) })).toBe(false);
    expect(calls).toEqual(['D:\\Win\\System32\\fltmc.exe', 'D:\\Win\\System32\\fltmc.exe']);
  });

  it('answers null when it cannot tell, true for Wine and the simulated machine its option', async () => {
    const cannotRun = async (): Promise<number> => {
      throw new Error('ENOENT');
    };
    expect(await detectElevation(regExe, { platform: 'win32', env: {}, runExitCode: cannotRun })).toBeNull();
    expect(await detectElevation(regExe, { platform: 'linux' })).toBe(true);
    expect(await detectElevation(new SimulatedRegistry([], { elevated: true }), { platform: 'win32' })).toBe(
      true,
    );
  });
});
