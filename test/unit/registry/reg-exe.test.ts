import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { RegistryError } from '../../../main/registry/errors';
import type { RegExeHost } from '../../../main/registry/host';
import type { KeySnapshot } from '../../../main/registry/types';
import { AUDIT_KEY_LIST, AUDIT_SUBTREES } from '../../../main/registry/audit-keys';
import { RegExeRegistry, exportRoots, type RegExeOptions } from '../../../main/registry/reg-exe';
import { SimulatedRegistry } from '../../../main/registry/simulated';
import { registryContract } from './contract';

const NOT_FOUND = 'ERROR: The system was unable to find the specified registry key or value.';
const OK = 'The operation completed successfully.';
const DENIED = 'ERROR: Access is denied.';

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
 * reg.exe played by a simulated store: `export` writes its file (or prints reg.exe's message for a missing key and
 * exits 1), `query` lists a key, `import` imports; a call without /reg:64 is refused. Records every process and how
 * many ran at once at most.
 */
function fakeReg(store = new SimulatedRegistry(), notFound = NOT_FOUND, options: RegExeOptions = {}) {
  const processes: string[] = [];
  const keys: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const host: RegExeHost = {
    description: 'fake reg.exe',
    toWindowsPath: (path) => path,
    reg: async (args) => {
      // Without /reg:64 a 32-bit reg.exe would see the WOW6432Node view: every call must name the 64-bit one.
      if (args.at(-1) !== '/reg:64') throw new Error(`reg ${args.join(' ')}: not the 64-bit view`);
      processes.push(`reg ${args[0]}`);
      keys.push(args[1] ?? '');
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      try {
        await new Promise((resolve) => setTimeout(resolve, 1));
        const [verb, key = '', file = ''] = args;
        if (verb === 'import') {
          await store.importRegFile(new Uint8Array(await readFile(key)));
          return { exitCode: 0, output: OK };
        }
        if (verb === 'export') {
          try {
            await writeFile(file, await store.exportKeys([key]));
            return { exitCode: 0, output: OK };
          } catch (error) {
            if (!(error instanceof RegistryError)) throw error;
            return { exitCode: 1, output: error.code === 'access-denied' ? DENIED : notFound };
          }
        }
        if (verb === 'query') {
          const [snapshot] = await store.readKeys([key]);
          return snapshot!.exists
            ? { exitCode: 0, output: listing(snapshot!) }
            : { exitCode: 1, output: notFound };
        }
        throw new Error(`unexpected reg ${args.join(' ')}`);
      } finally {
        running--;
      }
    },
  };
  return { port: new RegExeRegistry(host, options), processes, keys, store, mostAtOnce: () => mostAtOnce };
}

registryContract('reg.exe adapter over a fake reg.exe', async () => ({
  port: fakeReg().port,
  scratch: 'HKLM\\SOFTWARE\\SinkGuardContract',
}));

describe('reg.exe adapter', () => {
  it('reads the whole audit set with six exports, as many at once as there are cores, the AppID tree first', async () => {
    const { port, processes, keys, mostAtOnce } = fakeReg();
    await port.readKeys(AUDIT_KEY_LIST, { subtrees: AUDIT_SUBTREES });
    expect(processes).toEqual(Array(6).fill('reg export'));
    expect(keys[0]).toBe('HKLM\\SOFTWARE\\Classes\\AppID');
    expect(mostAtOnce()).toBe(Math.min(6, availableParallelism()));
  });

  it('never runs more reg.exe processes at once than maxProcesses, parent listings of failed reads included', async () => {
    const german = 'FEHLER: Der angegebene Registrierungsschlüssel bzw. Wert wurde nicht gefunden.';
    const missing = Array.from({ length: 8 }, (_, i) => `HKLM\\SOFTWARE\\Vendor${i}\\App\\Key`);
    for (const limit of [1, 3]) {
      const { port, processes, store, mostAtOnce } = fakeReg(new SimulatedRegistry(), german, {
        maxProcesses: limit,
      });
      await store.createKeys(['HKLM\\SOFTWARE\\Other']);
      const snapshots = await port.readKeys(missing);
      expect(snapshots.every((snapshot) => !snapshot.exists)).toBe(true);
      // 8 exports fail in German; each missing key is then settled by listing its parents.
      expect(processes.filter((process) => process === 'reg export')).toHaveLength(8);
      expect(processes.filter((process) => process === 'reg query').length).toBeGreaterThanOrEqual(8);
      expect(mostAtOnce()).toBe(limit);
    }
    expect(() => new RegExeRegistry(fakeReg().port as never, { maxProcesses: 0 })).toThrow(/not a count/);
  });

  it('exports shared parents deep enough to stay small instead of each child', () => {
    expect(exportRoots(AUDIT_KEY_LIST)).toEqual([
      'HKLM\\SOFTWARE\\Microsoft\\Ole',
      'HKLM\\SOFTWARE\\Microsoft\\WBEM\\CIMOM',
      'HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet',
      'HKLM\\SOFTWARE\\Classes\\AppID',
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
    expect(processes).toEqual(['reg import', 'reg export', 'reg import']);
  });

  it('lists shallow keys with reg query instead of exporting a hive, in the same batch', async () => {
    const { port, processes, store } = fakeReg();
    await store.writeValues([
      { key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\X', name: 'v', value: { type: 'REG_DWORD', data: 1 } },
    ]);
    const [software, policies, missing, deep] = await port.readKeys([
      'HKLM\\SOFTWARE',
      'hklm\\software\\policies',
      'HKLM\\SOFTWARE\\Nowhere',
      'HKLM\\SOFTWARE\\Policies\\Microsoft\\X',
    ]);
    expect(processes.sort()).toEqual(['reg export', 'reg query', 'reg query', 'reg query']);
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
    expect(processes).toEqual(['reg query', 'reg export']);
    expect(odd!.values.get('q')).toEqual(qword);
  });

  it('hands key paths to reg.exe as arguments, verbatim: %, &, quotes and spaces mean nothing special', async () => {
    const { port, store } = fakeReg();
    const awkward = ['HKLM\\SOFTWARE\\Vendor\\100% & more', 'HKLM\\SOFTWARE\\Vendor\\say "hi" | ^x'];
    await store.writeValues(
      awkward.map((key) => ({ key, name: 'v', value: { type: 'REG_SZ', data: key } }) as const),
    );
    const snapshots = await port.readKeys(awkward);
    expect(snapshots.map((snapshot) => snapshot.values.get('v')?.data)).toEqual(awkward);
  });

  it('maps reg.exe failures: access denied on import, unknown export failures', async () => {
    const denied = new RegExeRegistry({
      description: 'denied',
      toWindowsPath: (path) => path,
      reg: async (args) =>
        args[0] === 'import'
          ? { exitCode: 1, output: 'ERROR: Error accessing the registry.' }
          : { exitCode: 1, output: 'ERROR: something else went wrong.' },
    });
    await expect(
      denied.writeValues([{ key: 'HKLM\\SOFTWARE\\X', name: 'v', value: { type: 'REG_DWORD', data: 1 } }]),
    ).rejects.toMatchObject({ code: 'access-denied' });
    await expect(denied.readKeys(['HKLM\\SOFTWARE\\X'])).rejects.toMatchObject({
      code: 'backend-unavailable',
    });
  });

  it('reports a refused key as unreadable when asked, and still fails the batch otherwise', async () => {
    const store = new SimulatedRegistry([], {
      unreadableKeys: ['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Rpc'],
    });
    const { port } = fakeReg(store);
    await store.writeValues([
      { key: 'HKLM\\SOFTWARE\\Microsoft\\Ole', name: 'EnableDCOM', value: { type: 'REG_SZ', data: 'Y' } },
      {
        key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Rpc',
        name: 'RestrictRemoteClients',
        value: { type: 'REG_DWORD', data: 1 },
      },
    ]);
    const keys = ['HKLM\\SOFTWARE\\Microsoft\\Ole', 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Rpc'];
    await expect(port.readKeys(keys)).rejects.toMatchObject({ code: 'access-denied' });
    const [ole, rpc] = await port.readKeys(keys, { reportUnreadable: true });
    expect(ole!.values.get('EnableDCOM')).toEqual({ type: 'REG_SZ', data: 'Y' });
    expect(rpc).toMatchObject({ exists: false, values: new Map(), subkeys: [] });
    expect(rpc!.unreadable).toBe(
      'access denied reading HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Rpc: ERROR: Access is denied.',
    );
  });

  it('reads a subtree from the one export that covers it', async () => {
    const { port, processes, store } = fakeReg();
    await store.writeValues([
      {
        key: 'HKLM\\SOFTWARE\\Classes\\AppID\\{A}',
        name: 'AuthenticationLevel',
        value: { type: 'REG_DWORD', data: 1 },
      },
      { key: 'HKLM\\SOFTWARE\\Classes\\AppID\\a.exe', name: 'AppID', value: { type: 'REG_SZ', data: '{A}' } },
    ]);
    const [appIds] = await port.readKeys(['HKLM\\SOFTWARE\\Classes\\AppID'], {
      subtrees: ['HKLM\\SOFTWARE\\Classes\\AppID'],
    });
    expect(processes).toEqual(['reg export']);
    expect(appIds!.descendants?.map((key) => [key.path, Object.fromEntries(key.values)])).toEqual([
      ['HKLM\\SOFTWARE\\Classes\\AppID\\{A}', { AuthenticationLevel: { type: 'REG_DWORD', data: 1 } }],
      ['HKLM\\SOFTWARE\\Classes\\AppID\\a.exe', { AppID: { type: 'REG_SZ', data: '{A}' } }],
    ]);
    await expect(port.readKeys(['HKLM\\SOFTWARE'], { subtrees: ['HKLM\\SOFTWARE'] })).rejects.toThrow(
      /too shallow/,
    );
  });

  it('tells a missing key from a failure on a Windows that speaks another language, by the parent listing', async () => {
    const german = 'FEHLER: Der angegebene Registrierungsschlüssel bzw. Wert wurde nicht gefunden.';
    const { port, processes, store } = fakeReg(new SimulatedRegistry(), german);
    await store.createKeys(['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT']);
    const [missing] = await port.readKeys([
      'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM\\AppCompat',
    ]);
    expect(missing).toMatchObject({ exists: false });
    // The export fails; HKLM\SOFTWARE\…\DCOM cannot be listed either; Windows NT can, and has no DCOM.
    expect(processes).toEqual(['reg export', 'reg query', 'reg query']);

    const refusing = new RegExeRegistry({
      description: 'refusing',
      toWindowsPath: (path) => path,
      reg: async (args) =>
        args[0] === 'query'
          ? { exitCode: 0, output: '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Secret\r\n' }
          : { exitCode: 1, output: 'FEHLER: Zugriff verweigert' },
    });
    await expect(refusing.readKeys(['HKLM\\SOFTWARE\\Policies\\Secret'])).rejects.toMatchObject({
      code: 'backend-unavailable',
      message: expect.stringContaining('Zugriff verweigert'),
    });
  });
});

describe('reg.exe adapter when reg export claims success without writing its file', () => {
  /** The fake reg.exe, but its first `silentRuns` exports exit 0 and write nothing. */
  function flakyExports(silentRuns: number) {
    const fake = fakeReg();
    let exports = 0;
    const port = new RegExeRegistry({
      description: 'flaky',
      toWindowsPath: (path) => path,
      reg: async (args) => {
        if (args[0] === 'export' && exports++ < silentRuns) return { exitCode: 0, output: '' };
        return fake.port['host'].reg(args);
      },
    });
    return { port, fake, exports: () => exports };
  }

  it('runs the export again and reads the key', async () => {
    const { port, fake, exports } = flakyExports(1);
    await fake.store.writeValues([
      { key: 'HKLM\\SOFTWARE\\Vendor\\App', name: 'v', value: { type: 'REG_DWORD', data: 7 } },
    ]);
    const [snapshot] = await port.readKeys(['HKLM\\SOFTWARE\\Vendor\\App']);
    expect(snapshot).toMatchObject({ exists: true });
    expect(snapshot!.values.get('v')).toEqual({ type: 'REG_DWORD', data: 7 });
    expect(exports()).toBe(2);
  });

  it('gives up after three runs with a typed error saying what happened, never "missing"', async () => {
    const { port, fake } = flakyExports(3);
    await fake.store.createKeys(['HKLM\\SOFTWARE\\Vendor\\App']);
    await expect(port.readKeys(['HKLM\\SOFTWARE\\Vendor\\App'])).rejects.toMatchObject({
      code: 'backend-unavailable',
      message: expect.stringContaining('reported success but wrote no file, 3 times'),
    });
  });
});
