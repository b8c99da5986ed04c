import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  REGEDIT_SCRIPTS_IN_APP,
  RegeditRegistry,
  resolveRegeditScriptDirectory,
  type RegeditApi,
} from '../../../main/registry/regedit';
import { SimulatedRegistry } from '../../../main/registry/simulated';
import type { RegistryValue } from '../../../main/registry/types';
import { registryContract } from './contract';

type Listed = { type: string; value: unknown };
type Implementation = (...args: never[]) => unknown;

/** The real package: the fake below has its shape, so a call the real module lacks fails here too. */
const realRegedit = createRequire(import.meta.url)('regedit') as Record<string, unknown>;

/**
 * An object shaped exactly like the real `regedit` module: every function it has throws "unexpected call" unless
 * `implementations` (keyed by dotted path, e.g. 'arch.promisified.list64') stands in for it, and naming a path the
 * real module lacks is an error. So the adapter can reach only what regedit really has.
 */
function withRealShape(implementations: Record<string, Implementation>): RegeditApi {
  const at = (path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], realRegedit);
  for (const path of Object.keys(implementations)) {
    if (typeof at(path) !== 'function') throw new Error(`the real regedit module has no function ${path}`);
  }
  const mirror = (node: Record<string, unknown>, prefix: string): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(node).map(([name, value]) => {
        const path = prefix ? `${prefix}.${name}` : name;
        if (typeof value === 'function') {
          return [
            name,
            implementations[path] ??
              (() => {
                throw new Error(`unexpected call of regedit.${path}`);
              }),
          ];
        }
        return [
          name,
          value && typeof value === 'object' ? mirror(value as Record<string, unknown>, path) : value,
        ];
      }),
    );
  return mirror(realRegedit, '') as unknown as RegeditApi;
}

/** Where the packaged app's regedit scripts are (resources\\app.asar.unpacked\\node_modules\\regedit\\vbs). */
const SCRIPTS = 'C:\\Program Files\\SinkGuard\\resources\\app.asar.unpacked\\node_modules\\regedit\\vbs';

/** What StdRegProv.GetExpandedStringValue does to REG_EXPAND_SZ data: environment variables replaced. */
const expand = (text: string): string =>
  text.replace(/%([^%]+)%/g, (whole, name: string) =>
    name.toLowerCase() === 'systemroot' ? 'C:\\Windows' : whole,
  );

/**
 * A stand-in for the `regedit` package over a simulated store, answering as its VBS scripts do: REG_EXPAND_SZ
 * expanded, QWORDs as floats, REG_NONE as an unusable string, binaries as number arrays. It counts script-host
 * processes and, like the real one, finds only a script folder that exists.
 */
function fakeRegedit(store: SimulatedRegistry, existingFolders: readonly string[] = [SCRIPTS]) {
  const calls: string[] = [];
  const toListed = (value: RegistryValue): Listed => {
    switch (value.type) {
      case 'REG_BINARY':
        return { type: value.type, value: [...value.data] };
      case 'REG_QWORD':
        return { type: value.type, value: Number(value.data) };
      case 'REG_EXPAND_SZ':
        return { type: value.type, value: expand(value.data) };
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
  let scripts = '';
  const module = withRealShape({
    setExternalVBSLocation: (path: string) => {
      if (!existingFolders.includes(path)) return 'Folder not found';
      scripts = path;
      return 'Folder found and set';
    },
    'arch.promisified.list64': async (keys: string[]) => {
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
    'arch.promisified.putValue64': async (map: Record<string, Record<string, Listed>>) => {
      calls.push('putValue64');
      await store.writeValues(
        Object.entries(map).flatMap(([key, values]) =>
          Object.entries(values).map(([name, listed]) => ({ key, name, value: fromListed(listed) })),
        ),
      );
    },
    'arch.promisified.createKey64': async (keys: string[]) => {
      calls.push('createKey64');
      await store.createKeys(keys);
    },
    'arch.promisified.deleteValue64': async (paths: string[]) => {
      calls.push('deleteValue64');
      await store.deleteValues(
        paths.map((path) => ({
          key: path.slice(0, path.lastIndexOf('\\')),
          name: path.slice(path.lastIndexOf('\\') + 1),
        })),
      );
    },
  });
  return { module, calls, scripts: () => scripts };
}

function openFake() {
  const store = new SimulatedRegistry();
  const fake = fakeRegedit(store);
  return { port: new RegeditRegistry(fake.module, store, SCRIPTS), fake, store };
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
    expect(fake.scripts()).toBe(SCRIPTS);
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
    const port = new RegeditRegistry(fake.module, store, SCRIPTS);
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

  it('reads a key holding REG_EXPAND_SZ through the exact port: regedit lists it expanded', async () => {
    const { port, fake, store } = openFake();
    const path = { type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\system32\\wbem\\unsecapp.exe' } as const;
    await store.writeValues([{ key: 'HKLM\\E', name: 'p', value: path }]);
    expect((await port.readKeys(['HKLM\\E']))[0]!.values.get('p')).toEqual(path);
    expect(fake.calls).toEqual(['list64']);
  });

  it('calls only what the real regedit module has (its .d.ts places promisified.arch, which does not exist)', () => {
    expect(() => withRealShape({ 'promisified.arch.list64': async () => ({}) })).toThrow(/has no function/);
    const shaped = withRealShape({});
    expect(typeof shaped.arch.promisified.list64).toBe('function');
    expect(() => shaped.arch.promisified.list64([])).toThrow(
      /unexpected call of regedit.arch.promisified.list64/,
    );
  });

  it('finds its scripts unpacked next to app.asar when packaged, in node_modules otherwise', () => {
    expect(
      resolveRegeditScriptDirectory(
        'file:///opt/SinkGuard/resources/app.asar/out/main/index.js',
        '/opt/SinkGuard/resources',
      ),
    ).toBe(`/opt/SinkGuard/resources/app.asar.unpacked/${REGEDIT_SCRIPTS_IN_APP}`);
    expect(resolveRegeditScriptDirectory(import.meta.url, undefined)).toMatch(/node_modules\/regedit\/vbs$/);
  });

  it('is unavailable, saying where it looked, when regedit does not find its script folder', async () => {
    const store = new SimulatedRegistry();
    expect(() => new RegeditRegistry(fakeRegedit(store, []).module, store, SCRIPTS)).toThrow(
      expect.objectContaining({
        code: 'backend-unavailable',
        message: expect.stringContaining(`regedit's scripts are not at ${SCRIPTS}`),
      }),
    );
    // The real module answers for a folder that exists and one that does not (no script runs here).
    await expect(RegeditRegistry.open(store, resolveRegeditScriptDirectory())).resolves.toBeInstanceOf(
      RegeditRegistry,
    );
    await expect(RegeditRegistry.open(store, '/nonexistent/regedit/vbs')).rejects.toMatchObject({
      code: 'backend-unavailable',
      message: "regedit's scripts are not at /nonexistent/regedit/vbs (regedit answered 'Folder not found')",
    });
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
