import { describe, expect, it } from 'vitest';
import {
  encodeUtf16le,
  parseRegFile,
  writeRegFile,
  writeRegFileText,
  type RegFileBlock,
} from '../../../main/domain/regfile/index';
import { RegistryError, type RegistryErrorCode } from '../../../main/registry/errors';
import type { KeySnapshot, RegistryPort, RegistryValue, ValueWrite } from '../../../main/registry/types';

/** A port to test and a scratch key under HKLM the suite may fill (it need not exist yet). */
export interface ContractSubject {
  readonly port: RegistryPort;
  readonly scratch: string;
}

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

/** Every value type, including the awkward ones: empty and odd-length binaries, multi-strings with empty entries. */
export const EVERY_VALUE: Readonly<Record<string, RegistryValue>> = {
  '': { type: 'REG_SZ', data: 'the default value' },
  plain: { type: 'REG_SZ', data: 'hello' },
  'empty string': { type: 'REG_SZ', data: '' },
  'name with "quotes"': { type: 'REG_SZ', data: 'data with "quotes" and \\back\\slashes\\' },
  'back\\slash name': { type: 'REG_SZ', data: 'O:BAG:BAD:(A;;CCDCLC;;;WD)' },
  'unicode ünï €': { type: 'REG_SZ', data: 'Grüße – ✓' },
  expand: { type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\system32\\wbem\\unsecapp.exe' },
  multi: { type: 'REG_MULTI_SZ', data: ['5000-5100', '', '5984'] },
  'multi empty list': { type: 'REG_MULTI_SZ', data: [] },
  'multi one empty': { type: 'REG_MULTI_SZ', data: [''] },
  'dword zero': { type: 'REG_DWORD', data: 0 },
  'dword max': { type: 'REG_DWORD', data: 0xffffffff },
  qword: { type: 'REG_QWORD', data: 0x1234_5678_9abc_def0n },
  'binary empty': { type: 'REG_BINARY', data: new Uint8Array(0) },
  'binary odd': { type: 'REG_BINARY', data: bytes(1, 0, 4, 0x80, 0xff) },
  'binary long': { type: 'REG_BINARY', data: Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff) },
  none: { type: 'REG_OTHER', typeCode: 0, data: bytes(0xde, 0xad) },
};

async function rejection(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    return error as RegistryError;
  }
  throw new Error('expected the operation to fail');
}

async function expectRejected(promise: Promise<unknown>, code: RegistryErrorCode): Promise<RegistryError> {
  const error = await rejection(promise);
  expect(error.code, error.message).toBe(code);
  return error;
}

function sortedEntries(file: Uint8Array): RegFileBlock[] {
  return parseRegFile(file).blocks.map((block) =>
    block.kind === 'key'
      ? {
          ...block,
          entries: [...block.entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        }
      : block,
  );
}

const read = async (port: RegistryPort, path: string): Promise<KeySnapshot> =>
  (await port.readKeys([path]))[0]!;

/**
 * The behaviour every RegistryPort adapter must show. `open` gives a fresh subject per test; each adapter's test
 * file calls this once.
 */
export function registryContract(label: string, open: () => Promise<ContractSubject>): void {
  describe(`RegistryPort contract: ${label}`, () => {
    it('writes every value type in one batch and reads each back identically', async () => {
      const { port, scratch } = await open();
      const key = `${scratch}\\Types`;
      await port.writeValues(Object.entries(EVERY_VALUE).map(([name, value]) => ({ key, name, value })));
      const snapshot = await read(port, key);
      expect(snapshot.exists).toBe(true);
      expect(snapshot.path).toBe(key);
      expect(Object.fromEntries(snapshot.values)).toEqual(EVERY_VALUE);
    });

    it('reads several keys in one batch, reporting missing ones instead of failing, case-insensitively', async () => {
      const { port, scratch } = await open();
      await port.createKeys([`${scratch}\\Parent\\Child A`, `${scratch}\\Parent\\Child B`]);
      await port.writeValues([
        { key: `${scratch}\\Parent`, name: 'v', value: { type: 'REG_DWORD', data: 1 } },
      ]);
      const [parent, missing, upper] = await port.readKeys([
        `${scratch}\\Parent`,
        `${scratch}\\Parent\\Nope`,
        `${scratch}\\PARENT\\child a`,
      ]);
      expect(parent).toMatchObject({ exists: true, path: `${scratch}\\Parent` });
      expect([...parent!.subkeys].sort()).toEqual(['Child A', 'Child B']);
      expect(Object.fromEntries(parent!.values)).toEqual({ v: { type: 'REG_DWORD', data: 1 } });
      expect(missing).toEqual({
        path: `${scratch}\\Parent\\Nope`,
        exists: false,
        values: new Map(),
        subkeys: [],
      });
      expect(upper).toMatchObject({ exists: true, subkeys: [] });
    });

    it('reads whole subtrees in the same batch when asked, every key below with its values, parents first', async () => {
      const { port, scratch } = await open();
      const root = `${scratch}\\Tree`;
      await port.writeValues([
        { key: `${root}\\A`, name: 'a', value: { type: 'REG_DWORD', data: 1 } },
        { key: `${root}\\A\\Deep`, name: 'd', value: { type: 'REG_SZ', data: 'x' } },
        { key: `${root}\\B`, name: 'b', value: { type: 'REG_BINARY', data: bytes(1, 2) } },
      ]);
      const [tree, plain, missing] = await port.readKeys([root, `${root}\\A`, `${scratch}\\NoTree`], {
        subtrees: [root, `${scratch}\\NoTree`],
      });
      const below = tree!.descendants ?? [];
      expect(below.map((key) => key.path).sort()).toEqual([`${root}\\A`, `${root}\\A\\Deep`, `${root}\\B`]);
      const at = (path: string) => below.findIndex((key) => key.path === path);
      expect(at(`${root}\\A`)).toBeLessThan(at(`${root}\\A\\Deep`));
      expect(Object.fromEntries(below[at(`${root}\\A\\Deep`)]!.values)).toEqual({
        d: { type: 'REG_SZ', data: 'x' },
      });
      expect(below[at(`${root}\\A`)]).toMatchObject({ exists: true, subkeys: ['Deep'] });
      expect(below[at(`${root}\\B`)]!.values.get('b')).toEqual({ type: 'REG_BINARY', data: bytes(1, 2) });
      expect(plain!.descendants).toBeUndefined();
      expect(missing).toMatchObject({ exists: false });
      expect(missing!.descendants ?? []).toEqual([]);
    });

    it('overwrites a value with another type and deletes values, absent ones included', async () => {
      const { port, scratch } = await open();
      const key = `${scratch}\\Delete`;
      await port.writeValues([
        { key, name: 'a', value: { type: 'REG_SZ', data: 'x' } },
        { key, name: 'b', value: { type: 'REG_SZ', data: 'y' } },
      ]);
      await port.writeValues([{ key, name: 'a', value: { type: 'REG_DWORD', data: 5 } }]);
      await port.deleteValues([
        { key, name: 'b' },
        { key, name: 'never there' },
      ]);
      expect(Object.fromEntries((await read(port, key)).values)).toEqual({
        a: { type: 'REG_DWORD', data: 5 },
      });
    });

    it('refuses to delete values under a missing key, naming it, and deletes nothing of the batch', async () => {
      const { port, scratch } = await open();
      const key = `${scratch}\\KeepMe`;
      await port.writeValues([{ key, name: 'a', value: { type: 'REG_SZ', data: 'x' } }]);
      const error = await expectRejected(
        port.deleteValues([
          { key, name: 'a' },
          { key: `${scratch}\\Missing`, name: 'a' },
        ]),
        'key-missing',
      );
      expect(error.where?.key).toBe(`${scratch}\\Missing`);
      expect(error.message).toContain(`${scratch}\\Missing`);
      expect((await read(port, key)).values.get('a')).toEqual({ type: 'REG_SZ', data: 'x' });
    });

    it('rejects a value of the wrong type before writing anything, naming key and value', async () => {
      const { port, scratch } = await open();
      const key = `${scratch}\\Typed`;
      const writes: ValueWrite[] = [
        { key, name: 'fine', value: { type: 'REG_SZ', data: 'ok' } },
        { key, name: 'level', value: { type: 'REG_DWORD', data: 'one' } as unknown as RegistryValue },
      ];
      const error = await expectRejected(port.writeValues(writes), 'malformed-data');
      expect(error.where).toMatchObject({ key, value: 'level' });
      expect(error.message).toMatch(/level/);
      expect((await read(port, key)).exists).toBe(false);
      await expectRejected(port.readKeys(['NOT_A_HIVE\\X']), 'malformed-data');
    });

    it('exports keys as reg export does and an import restores the exact previous bytes', async () => {
      const { port, scratch } = await open();
      const key = `${scratch}\\Backup`;
      await port.writeValues(Object.entries(EVERY_VALUE).map(([name, value]) => ({ key, name, value })));
      await port.createKeys([`${key}\\Sub`]);
      const backup = await port.exportKeys([key]);
      expect([...backup.subarray(0, 2)]).toEqual([0xff, 0xfe]);
      const blocks = parseRegFile(backup).blocks;
      expect(blocks.map((block) => block.path.toUpperCase())).toEqual([
        key.toUpperCase(),
        `${key}\\Sub`.toUpperCase(),
      ]);

      await port.writeValues([
        { key, name: 'plain', value: { type: 'REG_DWORD', data: 9 } },
        { key, name: 'binary odd', value: { type: 'REG_BINARY', data: bytes(9) } },
        { key, name: 'multi', value: { type: 'REG_MULTI_SZ', data: ['changed'] } },
      ]);
      await port.deleteValues([{ key, name: 'qword' }]);
      await port.importRegFile(backup);
      // Same values, same bytes; a re-created value may come back in another position, as on Windows.
      expect(sortedEntries(await port.exportKeys([key]))).toEqual(sortedEntries(backup));
      expect(Object.fromEntries((await read(port, key)).values)).toEqual(EVERY_VALUE);
    });

    it('exports several keys into one file and refuses a missing key by name', async () => {
      const { port, scratch } = await open();
      await port.createKeys([`${scratch}\\E1`, `${scratch}\\E2`]);
      const both = parseRegFile(await port.exportKeys([`${scratch}\\E1`, `${scratch}\\E2`]));
      expect(both.blocks.map((block) => block.path.split('\\').at(-1))).toEqual(['E1', 'E2']);
      const error = await expectRejected(
        port.exportKeys([`${scratch}\\E1`, `${scratch}\\Gone`]),
        'key-missing',
      );
      expect(error.where?.key).toBe(`${scratch}\\Gone`);
    });

    it('imports deletions of values and keys', async () => {
      const { port, scratch } = await open();
      const key = `${scratch}\\Imported`;
      await port.writeValues([
        { key, name: 'a', value: { type: 'REG_SZ', data: 'x' } },
        { key, name: 'b', value: { type: 'REG_SZ', data: 'y' } },
        { key: `${key}\\Doomed`, name: 'c', value: { type: 'REG_SZ', data: 'z' } },
      ]);
      await port.importRegFile(
        writeRegFile({
          blocks: [
            { kind: 'key', path: key, entries: [{ kind: 'delete', name: 'a' }] },
            { kind: 'delete-key', path: `${key}\\Doomed` },
          ],
        }),
      );
      const snapshot = await read(port, key);
      expect([...snapshot.values.keys()]).toEqual(['b']);
      expect(snapshot.subkeys).toEqual([]);
    });

    it('one import writes and deletes values across keys, creating missing keys (the change engine’s batch)', async () => {
      const { port, scratch } = await open();
      const kept = `${scratch}\\Batch`;
      const created = `${scratch}\\Batch\\New\\Deeper`;
      await port.writeValues([
        { key: kept, name: 'gone', value: { type: 'REG_DWORD', data: 1 } },
        { key: kept, name: 'changed', value: { type: 'REG_SZ', data: 'before' } },
        { key: kept, name: 'untouched', value: { type: 'REG_SZ', data: 'same' } },
      ]);
      await port.importRegFile(
        writeRegFile({
          blocks: [
            {
              kind: 'key',
              path: kept,
              entries: [
                { kind: 'delete', name: 'gone' },
                { kind: 'set', name: 'changed', value: { type: 'REG_DWORD', data: 2 } },
                { kind: 'delete', name: 'never there' },
              ],
            },
            { kind: 'key', path: created, entries: [{ kind: 'set', name: '', value: EVERY_VALUE['']! }] },
          ],
        }),
      );
      expect(Object.fromEntries((await read(port, kept)).values)).toEqual({
        changed: { type: 'REG_DWORD', data: 2 },
        untouched: { type: 'REG_SZ', data: 'same' },
      });
      expect(Object.fromEntries((await read(port, created)).values)).toEqual({ '': EVERY_VALUE[''] });
    });

    it('rejects a truncated or non-UTF-16 .reg file, naming the line, and writes nothing', async () => {
      const { port, scratch } = await open();
      const key = `${scratch}\\Rejected`;
      const text = writeRegFileText({
        blocks: [
          {
            kind: 'key',
            path: key,
            entries: [
              { kind: 'set', name: 'first', value: { type: 'REG_SZ', data: 'written?' } },
              { kind: 'set', name: 'blob', value: { type: 'REG_BINARY', data: new Uint8Array(64) } },
            ],
          },
        ],
      });
      // Cut where a download might stop: after a continuation backslash (line 6), before its next line.
      const truncated = encodeUtf16le(`\uFEFF${text.slice(0, text.lastIndexOf('\\\r\n') + 1)}`);
      const truncatedError = await expectRejected(port.importRegFile(truncated), 'malformed-data');
      expect(truncatedError.where?.line).toBe(6);
      expect(truncatedError.message).toContain('line 6');
      const utf8 = new TextEncoder().encode(
        `Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\${key.slice(5)}]\r\n`,
      );
      const utf8Error = await expectRejected(port.importRegFile(utf8), 'malformed-data');
      expect(utf8Error.where?.line).toBe(1);
      expect(utf8Error.message).toMatch(/UTF-16/);
      expect((await read(port, key)).exists).toBe(false);
    });
  });
}
