import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { RegistryError } from '../../../main/registry/errors';
import type { RegExeHost } from '../../../main/registry/host';
import { AUDIT_KEY_LIST } from '../../../main/registry/audit-keys';
import { RegExeRegistry, exportRoots } from '../../../main/registry/reg-exe';
import { SimulatedRegistry } from '../../../main/registry/simulated';
import { registryContract } from './contract';

const EXPORT_LINE = /^reg export "([^"]*)" "([^"]*)" \/y \/reg:64 >"([^"]*)" 2>&1$/;

/**
 * reg.exe and cmd.exe played by a simulated store: the batch file is read line by line as cmd would, each
 * `reg export` writing its file or, for a missing key, reg.exe's message to its log. Records every process.
 */
function fakeReg(store = new SimulatedRegistry()) {
  const processes: string[] = [];
  const batches: string[] = [];
  const host: RegExeHost = {
    description: 'fake reg.exe',
    toWindowsPath: (path) => path,
    reg: async (args) => {
      processes.push(`reg ${args[0]}`);
      if (args[0] !== 'import') throw new Error(`unexpected reg ${args.join(' ')}`);
      await store.importRegFile(new Uint8Array(await readFile(args[1]!)));
      return { exitCode: 0, output: 'The operation completed successfully.' };
    },
    runBatch: async (path) => {
      processes.push('cmd');
      const batch = await readFile(path, 'latin1');
      batches.push(batch);
      for (const line of batch.split('\r\n')) {
        const match = EXPORT_LINE.exec(line);
        if (!match) continue;
        const [, key, file, log] = match as unknown as [string, string, string, string];
        try {
          await writeFile(file, await store.exportKeys([key.replace(/%%/g, '%')]));
          await writeFile(log, 'The operation completed successfully.');
        } catch (error) {
          if (!(error instanceof RegistryError)) throw error;
          await writeFile(log, 'ERROR: The system was unable to find the specified registry key or value.');
        }
      }
      return { exitCode: 0, output: '' };
    },
  };
  return { port: new RegExeRegistry(host), processes, batches, store };
}

registryContract('reg.exe adapter over a fake reg.exe', async () => ({
  port: fakeReg().port,
  scratch: 'HKLM\\SOFTWARE\\SinkGuardContract',
}));

describe('reg.exe adapter', () => {
  it('reads the whole audit set with one cmd.exe process and five exports', async () => {
    const { port, processes, batches } = fakeReg();
    await port.readKeys(AUDIT_KEY_LIST);
    expect(processes).toEqual(['cmd']);
    expect(batches[0]!.split('\r\n').filter((line) => line.startsWith('reg export'))).toHaveLength(5);
  });

  it('exports shared parents deep enough to stay small instead of each child', () => {
    expect(exportRoots(AUDIT_KEY_LIST)).toEqual([
      'HKLM\\SOFTWARE\\Microsoft\\Ole',
      'HKLM\\SOFTWARE\\Microsoft\\WBEM\\CIMOM',
      'HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet',
      'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy',
      'HKLM\\SOFTWARE\\Policies\\Microsoft',
    ]);
    expect(exportRoots(['HKLM\\SOFTWARE\\A', 'HKLM\\SOFTWARE\\B', 'hklm\\software\\a\\x'])).toEqual([
      'HKLM\\SOFTWARE\\A',
      'HKLM\\SOFTWARE\\B',
    ]);
  });

  it('writes, deletes and creates through one generated reg import each', async () => {
    const { port, processes } = fakeReg();
    await port.writeValues([
      { key: 'HKLM\\SOFTWARE\\W', name: 'a', value: { type: 'REG_DWORD', data: 1 } },
      { key: 'HKLM\\SOFTWARE\\W\\Sub', name: 'b', value: { type: 'REG_SZ', data: 'x' } },
    ]);
    expect(processes).toEqual(['reg import']);
    await port.deleteValues([{ key: 'HKLM\\SOFTWARE\\W', name: 'a' }]);
    expect(processes).toEqual(['reg import', 'cmd', 'reg import']);
  });

  it('doubles % for cmd and refuses key paths it cannot quote safely', async () => {
    const { port, batches, store } = fakeReg();
    await store.createKeys(['HKLM\\SOFTWARE\\100% & more']);
    expect((await port.readKeys(['HKLM\\SOFTWARE\\100% & more']))[0]!.exists).toBe(true);
    expect(batches[0]).toContain('reg export "HKLM\\SOFTWARE\\100%% & more"');
    await expect(port.readKeys(['HKLM\\SOFTWARE\\say "hi"'])).rejects.toMatchObject({
      code: 'malformed-data',
      where: { key: 'HKLM\\SOFTWARE\\say "hi"' },
    });
  });

  it('maps reg.exe failures: access denied on import, unknown export failures', async () => {
    const denied = new RegExeRegistry({
      description: 'denied',
      toWindowsPath: (path) => path,
      reg: async () => ({ exitCode: 1, output: 'ERROR: Error accessing the registry.' }),
      runBatch: async () => ({ exitCode: 0, output: '' }),
    });
    await expect(
      denied.writeValues([{ key: 'HKLM\\SOFTWARE\\X', name: 'v', value: { type: 'REG_DWORD', data: 1 } }]),
    ).rejects.toMatchObject({ code: 'access-denied' });
    await expect(denied.readKeys(['HKLM\\SOFTWARE\\X'])).rejects.toMatchObject({
      code: 'backend-unavailable',
    });
  });
});
