import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUtf16le, valueToBytes, writeRegFile } from '../../main/domain/regfile/index';
import { AUDIT_KEY_LIST } from '../../main/registry/audit-keys';
import { MACHINE_PROFILES, openSimulatedMachine, readMachineProfile } from '../../main/registry/machines';
import { IMPORT_FOLDER_NAME, NOT_APPLICABLE, importFolderIn } from '../../main/platform/data-folder';
import type { RegExeHost } from '../../main/registry/host';
import { RegExeRegistry } from '../../main/registry/reg-exe';
import type { KeySnapshot, RegistryValue } from '../../main/registry/types';
import { requireTool } from '../support/lane';
import { MACHINE_FIXTURE_ROOTS } from '../support/machine-roots';
import { createWinePrefix, parseRegQuery, type WinePrefix } from '../support/wine';
import { EVERY_VALUE, registryContract } from '../unit/registry/contract';

const hasWine = requireTool('wine lane', 'wine');

/** How `wine reg query` prints a value's data, derived from the value independently of the adapter. */
function queryText(value: RegistryValue): string | undefined {
  const hex = (bytes: Uint8Array): string =>
    [...bytes]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase();
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return value.data;
    case 'REG_MULTI_SZ':
      return value.data.join('\\0');
    case 'REG_DWORD':
      return `0x${value.data.toString(16)}`;
    case 'REG_BINARY':
    case 'REG_OTHER':
      return hex(value.data);
    case 'REG_QWORD':
      return undefined; // Wine 8's reg query prints "(null)" for REG_QWORD: checked in the export text instead.
  }
}

const TYPE_NAMES: Record<number, string> = { 0: 'REG_NONE' };

/** Every import.reg in the temp folder's sinkguard-reg-* folders (where imports went before the data folder). */
function importFilesIn(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.startsWith('sinkguard-reg-'))
    .flatMap((name) => {
      try {
        return readdirSync(join(folder, name))
          .filter((file) => file.endsWith('import.reg'))
          .map((file) => join(name, file));
      } catch {
        return []; // removed while listed
      }
    });
}

describe.skipIf(!hasWine)('reg.exe adapter under Wine', () => {
  let prefix: WinePrefix;
  let scratchCount = 0;
  beforeAll(async () => {
    prefix = await createWinePrefix('reg-exe');
  });
  afterAll(async () => {
    await prefix?.dispose();
  });
  const port = (): RegExeRegistry => new RegExeRegistry(prefix.host());

  registryContract('reg.exe through Wine', async () => ({
    port: port(),
    scratch: `HKLM\\SOFTWARE\\SinkGuardContract\\Run${++scratchCount}`,
  }));

  it('writes values that wine reg query reads back identically, every type and awkward name included', async () => {
    const key = 'HKLM\\SOFTWARE\\SinkGuardAcceptance';
    await port().writeValues(Object.entries(EVERY_VALUE).map(([name, value]) => ({ key, name, value })));
    const queried = parseRegQuery((await prefix.wine(['reg', 'query', key, '/reg:64'])).output);
    const exported = await exportText(key);
    for (const [name, value] of Object.entries(EVERY_VALUE)) {
      const text = queryText(value);
      if (!/^[\x20-\x7e]*$/.test(`${name}${text ?? ''}`)) continue; // reg query prints in the OEM code page
      const type = value.type === 'REG_OTHER' ? TYPE_NAMES[value.typeCode] : value.type;
      expect(queried.get(name), `value '${name}'`).toMatchObject({ type });
      if (text !== undefined) expect(queried.get(name)?.data, `value '${name}'`).toBe(text);
    }
    // What the OEM code page cannot show, and REG_QWORD (Wine 8's reg query prints "(null)"), is checked in the
    // UTF-16 export text, spelled out here by hand.
    expect(exported).toContain('\r\n"unicode ünï €"="Grüße – ✓"\r\n');
    const qwordBytes = [...valueToBytes(EVERY_VALUE.qword!)]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join(',');
    expect(exported).toContain(`"qword"=hex(b):${qwordBytes}\r\n`);
  });

  it('reads the whole audit set of every machine profile exactly as the simulated machine does', async () => {
    for (const profile of MACHINE_PROFILES) {
      await resetAuditTrees();
      const fixture = await writeTemp(await readMachineProfile(profile));
      const imported = await prefix.wine(['reg', 'import', prefix.windowsPath(fixture.file), '/reg:64']);
      await fixture.dispose();
      expect(imported.code, imported.output).toBe(0);
      const viaWine = await port().readKeys(AUDIT_KEY_LIST);
      const simulated = await (await openSimulatedMachine(profile)).readKeys(AUDIT_KEY_LIST);
      expect(viaWine.map(comparable), profile).toEqual(simulated.map(comparable));
    }
  });

  it('imports from the data folder’s locked-down import folder, leaving no file there or in the temp folder', async () => {
    const data = await mkdtemp(join(tmpdir(), 'sinkguard-data-'));
    try {
      const importFolder = join(data, IMPORT_FOLDER_NAME);
      const host = prefix.host();
      const handed: { path: string; existed: boolean; inTemp: string[] }[] = [];
      const watched: RegExeHost = {
        ...host,
        reg: async (args) => {
          if (args[0] === 'import') {
            // Z:\\tmp\\… as Wine sees it, back to the host path.
            const path = args[1]!.replace(/^Z:/, '').replace(/\\/g, '/');
            handed.push({ path, existed: existsSync(path), inTemp: importFilesIn(tmpdir()) });
          }
          return host.reg(args);
        },
      };
      const key = 'HKLM\\SOFTWARE\\SinkGuardImportFolder';
      const tempBefore = importFilesIn(tmpdir());
      await new RegExeRegistry(watched, { importFolder: importFolderIn(data, NOT_APPLICABLE) }).writeValues([
        { key, name: 'placed', value: { type: 'REG_SZ', data: 'via the data folder' } },
      ]);
      expect(handed).toHaveLength(1);
      expect(handed[0]!.path.startsWith(`${importFolder}/sinkguard-reg-`)).toBe(true);
      expect(handed[0]!.existed).toBe(true);
      expect(handed[0]!.inTemp).toEqual(tempBefore);
      expect(readdirSync(importFolder)).toEqual([]);
      expect(importFilesIn(tmpdir())).toEqual(tempBefore);
      const queried = parseRegQuery((await prefix.wine(['reg', 'query', key, '/reg:64'])).output);
      expect(queried.get('placed')).toEqual({ type: 'REG_SZ', data: 'via the data folder' });
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });

  it('reads a missing key as absent and a key without values as present', async () => {
    const [missing, empty] = await port().readKeys([
      'HKLM\\SOFTWARE\\NoSuchKeyHere',
      'HKLM\\SOFTWARE\\Microsoft',
    ]);
    expect(missing).toMatchObject({ exists: false, subkeys: [] });
    expect(empty?.exists).toBe(true);
  });

  async function exportText(key: string): Promise<string> {
    const directory = await mkdtemp(join(tmpdir(), 'sinkguard-test-'));
    try {
      const file = join(directory, 'x.reg');
      const bytes = await prefix.exportKey(key, file);
      if (!bytes) throw new Error(`wine reg export: ${key} does not exist`);
      return decodeUtf16le(bytes, 2);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  async function writeTemp(bytes: Uint8Array): Promise<{ file: string; dispose: () => Promise<void> }> {
    const directory = await mkdtemp(join(tmpdir(), 'sinkguard-test-'));
    const file = join(directory, 'x.reg');
    await writeFile(file, bytes);
    return { file, dispose: () => rm(directory, { recursive: true, force: true }) };
  }

  /** Removes what a profile import writes, so each profile starts from Wine's own registry. */
  async function resetAuditTrees(): Promise<void> {
    const text = writeRegFile({
      blocks: MACHINE_FIXTURE_ROOTS.map((path) => ({ kind: 'delete-key' as const, path })),
    });
    const fixture = await writeTemp(text);
    const result = await prefix.wine(['reg', 'import', prefix.windowsPath(fixture.file), '/reg:64']);
    await fixture.dispose();
    expect(result.code, result.output).toBe(0);
  }
});

function comparable(snapshot: KeySnapshot): unknown {
  return { ...snapshot, values: Object.fromEntries(snapshot.values), subkeys: [...snapshot.subkeys].sort() };
}
