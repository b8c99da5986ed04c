import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeRefusedError, type ChangeEngine } from '../../main/changes/index';
import { sha256Hex } from '../../main/changes/storage';
import { builtInProfile } from '../../main/domain/profiles/index';
import { decodeUtf16le, encodeUtf16le } from '../../main/domain/regfile/index';
import { RegExeRegistry } from '../../main/registry/reg-exe';
import { requireTool } from '../support/lane';
import { createWinePrefix, parseRegQuery, type WinePrefix } from '../support/wine';
import { engineFor, tempDirectory } from '../unit/changes/support';
import { PROFILE_ROOTS, exportedState as exportedStateOf, seedMachine } from './machine-state';

const hasWine = requireTool('wine lane', 'wine');

const OLE = 'HKLM\\SOFTWARE\\Microsoft\\Ole';
const RUN = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run';
/** Every key the profile can touch, and the Run key a planted backup aims at, compared through `wine reg export`. */
const ROOTS = [...PROFILE_ROOTS, RUN];

describe.skipIf(!hasWine)(
  'restore on Wine’s registry: only what the change touched, only what is trusted',
  () => {
    let prefix: WinePrefix;
    let scratch: string;
    beforeAll(async () => {
      prefix = await createWinePrefix('restore');
      scratch = tempDirectory();
    });
    afterAll(async () => {
      await prefix?.dispose();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    });
    const port = () => new RegExeRegistry(prefix.host());
    const engine = (dataDirectory: string) => engineFor(port(), dataDirectory);

    const exportedState = () => exportedStateOf(prefix, scratch, ROOTS);
    const seedLegacy = () => seedMachine(port(), 'legacy');

    /** The legacy machine with "recommended" applied (registry part: the firewall runs through the simulated runner). */
    async function applied(): Promise<{ data: string; id: string; changes: ChangeEngine }> {
      await seedLegacy();
      const data = tempDirectory();
      const changes = engine(data);
      const plan = await changes.createPlan({ profile: builtInProfile('recommended') });
      expect(plan.valueChanges.some((change) => change.key === OLE)).toBe(true);
      const outcome = await changes.applyPlan(plan.id);
      expect(outcome.status, outcome.details.join('\n')).toBe('applied');
      return { data, id: outcome.backupId!, changes };
    }

    const reg = async (args: string[]) => {
      const result = await prefix.wine(['reg', ...args, '/reg:64']);
      expect(result.code, result.output).toBe(0);
      return result.output;
    };

    it('(a) a value added under a touched key after the change survives; the change’s values return to before', async () => {
      await seedLegacy();
      const before = await exportedState();
      const { id, changes } = await applied();
      await reg(['add', OLE, '/v', 'AddedByAdmin', '/t', 'REG_SZ', '/d', 'keep me', '/f']);
      const plan = await changes.planRestore(id);
      expect(JSON.stringify(plan)).not.toContain('AddedByAdmin');
      expect((await changes.restoreBackup(id, { fingerprint: plan.fingerprint })).status).toBe('restored');
      expect(parseRegQuery(await reg(['query', OLE])).get('AddedByAdmin')).toEqual({
        type: 'REG_SZ',
        data: 'keep me',
      });
      // Without the admin's value, everything reads byte for byte as before the change.
      await reg(['delete', OLE, '/v', 'AddedByAdmin', '/f']);
      expect(await exportedState()).toBe(before);
    }, 900_000);

    it('(b) a touched value changed since the change is pointed out in the plan, before confirming', async () => {
      const { id, changes } = await applied();
      const touched = (await changes.history())[0]!;
      expect(touched.operation).toBe('apply');
      await reg(['add', OLE, '/v', 'LegacyAuthenticationLevel', '/t', 'REG_DWORD', '/d', '3', '/f']);
      const plan = await changes.planRestore(id);
      const notice = plan.changedSince.find((item) => item.message.includes('LegacyAuthenticationLevel'));
      expect(notice?.message).toContain('it now holds REG_DWORD 3 (0x3)');
      expect(plan.changedSince).toHaveLength(1);
    }, 900_000);

    it('(c) a backup with a foreign key and every checksum rewritten is refused; wine reg export is byte-identical', async () => {
      const { data, id, changes } = await applied();
      const regPath = join(data, 'backups', `${id}.reg`);
      const text = decodeUtf16le(new Uint8Array(await readFile(regPath)), 2);
      const planted = encodeUtf16le(
        `\uFEFF${text}[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run]\r\n` +
          '"Updater"="C:\\\\Users\\\\Public\\\\evil.exe"\r\n\r\n',
      );
      await writeFile(regPath, planted);
      const manifestPath = join(data, 'backups', `${id}.json`);
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
      Object.assign(manifest, { regSha256: sha256Hex(planted), regBytes: planted.length });
      manifest.exportedKeys = [...(manifest.exportedKeys as string[]), RUN];
      await writeFile(manifestPath, JSON.stringify(manifest));
      const before = await exportedState();
      const refused = await changes.restoreBackup(id).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ChangeRefusedError);
      expect((refused as ChangeRefusedError).code).toBe('untrusted-backup');
      expect((refused as ChangeRefusedError).message).toContain('nothing was changed');
      expect(await exportedState()).toBe(before);
      expect(
        await prefix
          .exportKey(RUN, join(scratch, 'run.reg'))
          .then((bytes) => bytes && decodeUtf16le(bytes, 2)),
      ).not.toContain('evil.exe');
    }, 900_000);
  },
);
