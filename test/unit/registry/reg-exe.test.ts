import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { RegistryError } from '../../../main/registry/errors';
import type { RegExeHost } from '../../../main/registry/host';
import type { KeySnapshot } from '../../../main/registry/types';
import { AUDIT_KEY_LIST } from '../../../main/registry/audit-keys';
import { RegExeRegistry, exportRoots } from '../../../main/registry/reg-exe';
import { SimulatedRegistry } from '../../../main/registry/simulated';
import { registryContract } from './contract';

const EXPORT_LINE = /^reg export "([^"]*)" "([^"]*)" \/y \/reg:64 >"([^"]*)" 2>&1$/;
const QUERY_LINE = /^reg query "([^"]*)" \/reg:64 >"([^"]*)" 2>&1$/;
const IF_FAILED_LINE = /^if errorlevel 1 type nul >"([^"]*)"$/;
const NOT_FOUND = 'ERROR: The system was unable to find the specified registry key or value.';

/** How Windows' reg query lists a key: its values (when it has any), then each subkey's full path. */
function listing(snapshot: KeySnapshot): string {
  const path = snapshot.path.replace(/^HKLM\\/, 'HKEY_LOCAL_MACHINE\\');
  const values = [...snapshot.values].map(
    ([name, value]) => `    ${name || '(Default)'}    ${value.type}    …`,
  );
  const head = values.length > 0 ? ['', path, ...values] : [];
  return [...head, '', ...snapshot.subkeys.map((subkey) => `${path}\\${subkey}`), ''].join('\r\n');
}

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
      let errorLevel = 0;
      for (const line of batch.split('\r\n')) {
        const exported = EXPORT_LINE.exec(line);
        const queried = QUERY_LINE.exec(line);
        const ifFailed = IF_FAILED_LINE.exec(line);
        if (exported) {
          const [, key, file, log] = exported as unknown as [string, string, string, string];
          processes.push('reg export');
          try {
            await writeFile(file, await store.exportKeys([key.replace(/%%/g, '%')]));
            await writeFile(log, 'The operation completed successfully.');
          } catch (error) {
            if (!(error instanceof RegistryError)) throw error;
            await writeFile(log, NOT_FOUND);
          }
        } else if (queried) {
          const [, key, file] = queried as unknown as [string, string, string];
          processes.push('reg query');
          const [snapshot] = await store.readKeys([key.replace(/%%/g, '%')]);
          errorLevel = snapshot!.exists ? 0 : 1;
          await writeFile(file, snapshot!.exists ? listing(snapshot!) : NOT_FOUND);
        } else if (ifFailed && errorLevel >= 1) {
          await writeFile(ifFailed[1]!, '');
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
    expect(processes).toEqual(['cmd', ...Array(5).fill('reg export')]);
    expect(batches).toHaveLength(1);
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
      { key: 'HKLM\\SOFTWARE\\Vendor\\W', name: 'a', value: { type: 'REG_DWORD', data: 1 } },
      { key: 'HKLM\\SOFTWARE\\Vendor\\W\\Sub', name: 'b', value: { type: 'REG_SZ', data: 'x' } },
    ]);
    expect(processes).toEqual(['reg import']);
    await port.deleteValues([{ key: 'HKLM\\SOFTWARE\\Vendor\\W', name: 'a' }]);
    expect(processes).toEqual(['reg import', 'cmd', 'reg export', 'reg import']);
  });

  it('lists shallow keys with reg query instead of exporting a hive, in the same batch', async () => {
    const { port, processes, batches, store } = fakeReg();
    await store.writeValues([
      { key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\X', name: 'v', value: { type: 'REG_DWORD', data: 1 } },
    ]);
    const [software, policies, missing, deep] = await port.readKeys([
      'HKLM\\SOFTWARE',
      'hklm\\software\\policies',
      'HKLM\\SOFTWARE\\Nowhere',
      'HKLM\\SOFTWARE\\Policies\\Microsoft\\X',
    ]);
    expect(processes).toEqual(['cmd', 'reg export', 'reg query', 'reg query', 'reg query']);
    expect(batches[0]).not.toMatch(/reg export "HKLM\\SOFTWARE"/);
    expect(software).toMatchObject({ path: 'HKLM\\SOFTWARE', exists: true, subkeys: ['Policies'] });
    expect(policies).toMatchObject({
      path: 'hklm\\software\\policies',
      exists: true,
      subkeys: ['Microsoft'],
    });
    expect(missing).toMatchObject({ exists: false, subkeys: [] });
    expect(deep!.values.get('v')).toEqual({ type: 'REG_DWORD', data: 1 });
  });

  it('exports a shallow key on its own when its listing shows values, so they read back exactly', async () => {
    const { port, processes, store } = fakeReg();
    const qword = { type: 'REG_QWORD', data: 2n ** 63n } as const;
    await store.writeValues([{ key: 'HKLM\\SOFTWARE\\Odd', name: 'q', value: qword }]);
    const [odd] = await port.readKeys(['HKLM\\SOFTWARE\\Odd']);
    expect(processes).toEqual(['cmd', 'reg query', 'cmd', 'reg export']);
    expect(odd!.values.get('q')).toEqual(qword);
  });

  it('doubles % for cmd and refuses key paths it cannot quote safely', async () => {
    const { port, batches, store } = fakeReg();
    await store.createKeys(['HKLM\\SOFTWARE\\100% & more']);
    expect((await port.readKeys(['HKLM\\SOFTWARE\\100% & more']))[0]!.exists).toBe(true);
    expect(batches[0]).toContain('reg query "HKLM\\SOFTWARE\\100%% & more"');
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
