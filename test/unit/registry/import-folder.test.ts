import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  UntrustedDataFolderError,
  importFolderIn,
  readFolderFrom,
  windowsDataFolderGuard,
  type DataFolderGuard,
  type ProgramRunner,
} from '../../../main/platform/data-folder';
import type { ProgramResult } from '../../../main/platform/programs';
import type { RegExeHost } from '../../../main/registry/host';
import { RegExeRegistry } from '../../../main/registry/reg-exe';
import { SimulatedRegistry } from '../../../main/registry/simulated';
import { tempDirectory } from '../changes/support';

const LOCKED = 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)';
const env = { SystemRoot: 'C:\\Windows' };

function recordingRunner(sddl = LOCKED) {
  const calls: { file: string; args: readonly string[] }[] = [];
  const runner: ProgramRunner = {
    run: async (file, args): Promise<ProgramResult> => {
      calls.push({ file, args });
      return { exitCode: 0, stdout: file.endsWith('icacls.exe') ? '' : `${sddl}\r\n`, stderr: '' };
    },
  };
  return { runner, calls };
}

describe('the folder for reg import’s files', () => {
  it('is <data>/import, created and locked down like the data folder, checked once per process', async () => {
    const data = join(tempDirectory(), 'SinkGuard');
    const { runner, calls } = recordingRunner();
    const folder = importFolderIn(data, windowsDataFolderGuard({ env, runner }));
    expect(await folder()).toBe(join(data, 'import'));
    expect(existsSync(join(data, 'import'))).toBe(true);
    const lockedDown = calls.filter((call) => call.args[1] === '/inheritance:r').map((call) => call.args[0]);
    expect(lockedDown).toEqual([data, join(data, 'import')]);
    const before = calls.length;
    expect(await folder()).toBe(join(data, 'import'));
    expect(calls.length).toBe(before);
  });

  it('refuses an import folder someone else could write, and checks again on the next call', async () => {
    const data = tempDirectory();
    let prepared = 0;
    const guard: DataFolderGuard = {
      prepare: async (path) => {
        prepared++;
        if (path.endsWith('import'))
          throw new UntrustedDataFolderError(path, ['Users may write to it'], `${path} is not safe`);
      },
      verify: async () => 'trusted',
    };
    const folder = importFolderIn(data, guard);
    await expect(folder()).rejects.toBeInstanceOf(UntrustedDataFolderError);
    await expect(folder()).rejects.toBeInstanceOf(UntrustedDataFolderError);
    expect(prepared).toBe(4);
  });
});

describe('reg.exe adapter with an import folder', () => {
  it('hands reg import a file inside that folder and leaves nothing behind, in it or in the temp folder', async () => {
    const store = new SimulatedRegistry();
    const importFolder = tempDirectory();
    const imported: string[] = [];
    const host: RegExeHost = {
      description: 'fake reg.exe',
      toWindowsPath: (path) => path,
      reg: async (args) => {
        if (args[0] !== 'import') throw new Error(`unexpected reg ${args.join(' ')}`);
        imported.push(args[1]!);
        await store.importRegFile(new Uint8Array(await readFile(args[1]!)));
        return { exitCode: 0, output: 'The operation completed successfully.' };
      },
    };
    const port = new RegExeRegistry(host, { importFolder: async () => importFolder });
    await port.writeValues([
      { key: 'HKLM\\SOFTWARE\\Vendor\\W', name: 'a', value: { type: 'REG_DWORD', data: 1 } },
    ]);
    expect(imported).toHaveLength(1);
    expect(imported[0]!.startsWith(`${importFolder}/sinkguard-reg-`)).toBe(true);
    expect(existsSync(imported[0]!)).toBe(false);
    expect(readdirSync(importFolder)).toEqual([]);
    const [key] = await store.readKeys(['HKLM\\SOFTWARE\\Vendor\\W']);
    expect(key!.values.get('a')).toEqual({ type: 'REG_DWORD', data: 1 });
  });

  it('imports nothing when the folder cannot be made safe', async () => {
    const host: RegExeHost = {
      description: 'fake reg.exe',
      toWindowsPath: (path) => path,
      reg: async () => {
        throw new Error('reg.exe must not run');
      },
    };
    const port = new RegExeRegistry(host, {
      importFolder: async () => {
        throw new UntrustedDataFolderError('/data/import', ['Users may write to it'], 'not safe');
      },
    });
    await expect(
      port.importRegFile(
        new TextEncoder().encode(
          'REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor]\r\n"a"=dword:00000001\r\n',
        ),
      ),
    ).rejects.toBeInstanceOf(UntrustedDataFolderError);
  });
});

describe('reg.exe adapter with a read folder', () => {
  it('has reg export write inside that folder and leaves nothing behind', async () => {
    const readFolder = tempDirectory();
    const exported: string[] = [];
    const host: RegExeHost = {
      description: 'fake reg.exe',
      toWindowsPath: (path) => path,
      reg: async (args) => {
        if (args[0] !== 'export') return { exitCode: 1, output: 'ERROR: unexpected' };
        exported.push(args[2]!);
        await writeFile(
          args[2]!,
          '\uFEFFWindows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\App\\Settings]\r\n"a"=dword:00000001\r\n',
          'utf16le',
        );
        return { exitCode: 0, output: 'The operation completed successfully.' };
      },
    };
    const port = new RegExeRegistry(host, { readFolder: async () => readFolder });
    const [key] = await port.readKeys(['HKLM\\SOFTWARE\\Vendor\\App\\Settings']);
    expect(key!.values.get('a')).toEqual({ type: 'REG_DWORD', data: 1 });
    expect(exported.length).toBeGreaterThan(0);
    for (const file of exported) expect(file.startsWith(`${readFolder}/sinkguard-reg-`)).toBe(true);
    expect(readdirSync(readFolder)).toEqual([]);
  });

  it('is the import folder while it can be prepared, else the temp folder (an unelevated read)', async () => {
    const data = tempDirectory();
    expect(await readFolderFrom(async () => data)()).toBe(data);
    const refused = readFolderFrom(async () => {
      throw new UntrustedDataFolderError(data, ['not elevated'], 'cannot create it');
    });
    expect(await refused()).toBe(tmpdir());
  });
});
