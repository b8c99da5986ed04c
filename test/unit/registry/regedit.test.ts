import { describe, expect, it } from 'vitest';
import { RegeditRegistry, resolveRegeditScriptDirectory } from '../../../main/registry/regedit';
import { SimulatedRegistry } from '../../../main/registry/simulated';
import type { RegistryValue } from '../../../main/registry/types';
import { registryContract } from './contract';

type Listed = { type: string; value: unknown };

/**
 * A stand-in for the `regedit` package over a simulated store, answering as its VBS scripts do: QWORDs as floats,
 * REG_NONE as an unusable string, binaries as number arrays. It counts script-host processes.
 */
function fakeRegedit(store: SimulatedRegistry) {
  const calls: string[] = [];
  const toListed = (value: RegistryValue): Listed => {
    switch (value.type) {
      case 'REG_BINARY':
        return { type: value.type, value: [...value.data] };
      case 'REG_QWORD':
        return { type: value.type, value: Number(value.data) };
      case 'REG_OTHER':
        return { type: 'REG_NONE', value: '' };
      default:
        return { type: value.type, value: value.data };
    }
  };
  const fromListed = ({ type, value }: Listed): RegistryValue =>
    type === 'REG_BINARY'
      ? { type, data: Uint8Array.from(value as number[]) }
      : ({ type, data: value } as RegistryValue);
  const arch = {
    list64: async (keys: string[]) => {
      calls.push('list64');
      // As the VBS scripts fail: the whole list, with the Windows error code.
      const snapshots = await store.readKeys(keys).catch((error: unknown) => {
        throw Object.assign(new Error(`Access is denied. (${String(error)})`), { code: 5 });
      });
      return Object.fromEntries(
        snapshots.map((snapshot) => [
          snapshot.path.toLowerCase(),
          {
            exists: snapshot.exists,
            keys: [...snapshot.subkeys],
            values: Object.fromEntries([...snapshot.values].map(([name, value]) => [name, toListed(value)])),
          },
        ]),
      );
    },
    putValue64: async (map: Record<string, Record<string, Listed>>) => {
      calls.push('putValue64');
      await store.writeValues(
        Object.entries(map).flatMap(([key, values]) =>
          Object.entries(values).map(([name, listed]) => ({ key, name, value: fromListed(listed) })),
        ),
      );
    },
    createKey64: async (keys: string[]) => {
      calls.push('createKey64');
      await store.createKeys(keys);
    },
    deleteValue64: async (paths: string[]) => {
      calls.push('deleteValue64');
      await store.deleteValues(
        paths.map((path) => ({
          key: path.slice(0, path.lastIndexOf('\\')),
          name: path.slice(path.lastIndexOf('\\') + 1),
        })),
      );
    },
  };
  let scripts = '';
  const module = { promisified: { arch }, setExternalVBSLocation: (path: string) => (scripts = path) };
  return { module: module as never, calls, scripts: () => scripts };
}

function openFake() {
  const store = new SimulatedRegistry();
  const fake = fakeRegedit(store);
  return { port: new RegeditRegistry(fake.module, store, 'C:\\app\\resources\\regedit\\vbs'), fake, store };
}

registryContract('regedit (fake Windows Script Host)', async () => ({
  port: openFake().port,
  scratch: 'HKLM\\SOFTWARE\\SinkGuardContract',
}));

describe('regedit adapter', () => {
  it('reads many keys with one script-host call and points regedit at its scripts', async () => {
    const { port, fake, store } = openFake();
    await store.writeValues([{ key: 'HKLM\\A', name: 'v', value: { type: 'REG_DWORD', data: 1 } }]);
    const snapshots = await port.readKeys(['HKLM\\A', 'HKLM\\B', 'HKLM\\C']);
    expect(snapshots.map((snapshot) => snapshot.exists)).toEqual([true, false, false]);
    expect(fake.calls).toEqual(['list64']);
    expect(fake.scripts()).toBe('C:\\app\\resources\\regedit\\vbs');
  });

  it('reads keys whose values regedit cannot carry exactly through the exact port instead', async () => {
    const { port, fake, store } = openFake();
    const big = { type: 'REG_QWORD', data: 2n ** 60n + 1n } as const;
    await store.writeValues([{ key: 'HKLM\\Q', name: 'q', value: big }]);
    expect((await port.readKeys(['HKLM\\Q']))[0]!.values.get('q')).toEqual(big);
    expect(fake.calls).toEqual(['list64']);
  });

  it('writes what regedit can carry through putValue64 and the rest through the exact port', async () => {
    const { port, fake } = openFake();
    await port.writeValues([{ key: 'HKLM\\W', name: 'level', value: { type: 'REG_DWORD', data: 2 } }]);
    expect(fake.calls).toEqual(['createKey64', 'putValue64']);
    await port.writeValues([
      { key: 'HKLM\\W', name: 'ports', value: { type: 'REG_MULTI_SZ', data: ['5000-5100', ''] } },
    ]);
    expect(fake.calls).toEqual(['createKey64', 'putValue64']);
    expect((await port.readKeys(['HKLM\\W']))[0]!.values.get('ports')).toEqual({
      type: 'REG_MULTI_SZ',
      data: ['5000-5100', ''],
    });
  });

  it('reads subtrees, and batches with a refused key, through the exact port', async () => {
    const store = new SimulatedRegistry([], { unreadableKeys: ['HKLM\\Locked'] });
    const fake = fakeRegedit(store);
    const port = new RegeditRegistry(fake.module, store, 'C:\\scripts');
    await store.writeValues([{ key: 'HKLM\\Tree\\Leaf', name: 'v', value: { type: 'REG_DWORD', data: 1 } }]);
    const [tree] = await port.readKeys(['HKLM\\Tree'], { subtrees: ['HKLM\\Tree'] });
    expect(tree!.descendants?.map((key) => key.path)).toEqual(['HKLM\\Tree\\Leaf']);
    expect(fake.calls).toEqual([]);
    await expect(port.readKeys(['HKLM\\Tree', 'HKLM\\Locked'])).rejects.toMatchObject({
      code: 'access-denied',
    });
    const [open, locked] = await port.readKeys(['HKLM\\Tree', 'HKLM\\Locked'], { reportUnreadable: true });
    expect(open).toMatchObject({ exists: true, subkeys: ['Leaf'] });
    expect(locked).toMatchObject({ exists: false, unreadable: 'access denied reading HKLM\\Locked' });
  });

  it('finds its scripts outside app.asar when packaged, in node_modules otherwise', () => {
    expect(
      resolveRegeditScriptDirectory(
        'file:///opt/SinkGuard/resources/app.asar/out/main/index.js',
        '/opt/SinkGuard/resources',
      ),
    ).toBe('/opt/SinkGuard/resources/regedit/vbs');
    expect(resolveRegeditScriptDirectory(import.meta.url, undefined)).toMatch(/node_modules\/regedit\/vbs$/);
  });
});

// The real package drives cscript.exe, which only Windows has (Wine's cscript cannot run .wsf files).
const onWindows = process.platform === 'win32';
if (!onWindows) {
  console.warn(
    'SKIPPED regedit against the real Windows Script Host: Windows only (not a CI failure: CI is Linux, and Wine cannot run its .wsf scripts)',
  );
}
describe.skipIf(!onWindows)('regedit on Windows', () => {
  registryContract('regedit (Windows Script Host)', async () => {
    const { RegExeRegistry } = await import('../../../main/registry/reg-exe');
    const { windowsHost } = await import('../../../main/registry/host');
    const regExe = new RegExeRegistry(windowsHost(process.env));
    return {
      port: await RegeditRegistry.open(regExe),
      scratch: `HKLM\\SOFTWARE\\SinkGuardContract\\Regedit${Date.now()}`,
    };
  });
});
