/**
 * The .reg export, applied by its real consumer: `wine reg import` into a fresh prefix seeded from the legacy
 * machine fixture, then audited through the reg.exe adapter over Wine against the same profile.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditMachine } from '../../main/domain/audit/index';
import { compileReg, profileDesiredState, wholeValues } from '../../main/domain/fleet/index';
import { writeRegFile } from '../../main/domain/regfile/index';
import { readMachineProfile } from '../../main/registry/machines';
import { RegExeRegistry } from '../../main/registry/reg-exe';
import { requireTool } from '../support/lane';
import { createWinePrefix, type WinePrefix } from '../support/wine';
import { bytesOf, everyProfile, regText, shortfalls } from '../unit/fleet/support';

const hasWine = requireTool('wine lane', 'wine');

/** Every key some export writes: deleted before each profile so each starts from the legacy machine again. */
const WRITTEN_KEYS = [
  ...new Set(
    everyProfile().flatMap(([, profile]) => profileDesiredState(profile).values.map((value) => value.key)),
  ),
];

/**
 * What the hostile profile's text tries to smuggle into the .reg file: a key of its own (from the name) and, after
 * deleting HKLM\SOFTWARE, a weakened EnableDCOM (from the description). Neither may happen.
 */
const INJECTED_KEY = 'HKLM\\Evil';
const OLE_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Ole';

describe.skipIf(!hasWine)('.reg export imported with wine reg import, then audited', () => {
  // One prefix for the file (wineboot is slow); each profile starts from a freshly seeded legacy machine.
  let directory: string;
  let prefix: WinePrefix;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sinkguard-fleet-wine-'));
    prefix = await createWinePrefix('fleet');
    // wineboot alone can take minutes when other Wine lanes share the machine.
  }, 600_000);
  afterAll(async () => {
    await prefix?.dispose();
    await rm(directory, { recursive: true, force: true });
  });

  describe.each(everyProfile())('the %s profile on the legacy machine', (name, profile) => {
    beforeAll(async () => {
      const reset = join(directory, `reset-${name}.reg`);
      await writeFile(
        reset,
        writeRegFile({ blocks: WRITTEN_KEYS.map((path) => ({ kind: 'delete-key', path })) }),
      );
      const cleared = await prefix.wine(['reg', 'import', prefix.windowsPath(reset)]);
      expect(cleared.code, cleared.output).toBe(0);
      const seed = join(directory, `legacy-${name}.reg`);
      await writeFile(seed, await readMachineProfile('legacy'));
      const seeded = await prefix.wine(['reg', 'import', prefix.windowsPath(seed)]);
      expect(seeded.code, seeded.output).toBe(0);
    });
    it('imports cleanly and audits clean for every setting it carries; the rest is what it said it cannot carry', async () => {
      const port = new RegExeRegistry(prefix.host());
      const [oleBefore] = await port.readKeys([OLE_KEY]);
      const before = shortfalls(await auditMachine(port, profile)).map((entry) => entry.split(':')[0]!);
      const artifact = compileReg(profileDesiredState(profile));
      const notCarried = artifact.notCarried.map((item) => item.settingId);
      // The legacy machine falls short on more than the firewall, so the import has real work to do.
      expect(before.filter((id) => !notCarried.includes(id)).length).toBeGreaterThan(3);

      const file = join(directory, `${name}.reg`);
      await writeFile(file, bytesOf(artifact));
      const imported = await prefix.wine(['reg', 'import', prefix.windowsPath(file)]);
      expect(imported.code, imported.output).toBe(0);

      const after = shortfalls(await auditMachine(port, profile)).map((entry) => entry.split(':')[0]!);
      expect(after.filter((id) => !notCarried.includes(id))).toEqual([]);
      // Legacy opens TCP 135 and the callbacks to Any: those stay short, and the export said so.
      expect(after).toEqual(expect.arrayContaining(['firewall.endpoint-mapper']));

      // Profile text stays in comments: the key it names does not appear, the value it sets is as it was.
      const [injected, oleAfter] = await port.readKeys([INJECTED_KEY, OLE_KEY]);
      expect(injected?.exists, `${INJECTED_KEY} after importing ${name}`).toBe(false);
      expect(oleAfter?.exists).toBe(true);
      expect(oleBefore?.values.get('EnableDCOM')).toEqual({ type: 'REG_SZ', data: 'Y' });
      expect(oleAfter?.values.get('EnableDCOM')).toEqual(oleBefore?.values.get('EnableDCOM'));
      if (name === 'hostile') {
        const text = regText(artifact);
        // The file does hold those lines, each inside a comment: the check above is not vacuous.
        expect(text).toContain('[HKEY_LOCAL_MACHINE\\\\Evil]');
        expect(text).toContain('[-HKEY_LOCAL_MACHINE\\\\SOFTWARE]');
        expect(text).toContain('\\"EnableDCOM\\"=\\"N\\"');
        for (const line of text.split('\r\n').filter((candidate) => /Evil|EnableDCOM/.test(candidate)))
          expect(line.startsWith(';'), line).toBe(true);
      }
    });

    it('leaves exactly the exported values in the registry, read back through reg.exe', async () => {
      const port = new RegExeRegistry(prefix.host());
      const state = profileDesiredState(profile);
      const carried = wholeValues(state);
      const snapshots = await port.readKeys([...new Set(carried.map((value) => value.key))]);
      for (const desired of carried) {
        const snapshot = snapshots.find(
          (candidate) => candidate.path.toLowerCase() === desired.key.toLowerCase(),
        );
        expect(snapshot?.values.get(desired.name), `${desired.key}\\${desired.name}`).toEqual(desired.value);
      }
    });
  });
});
