/**
 * Issue 14's acceptance on Wine's registry, through the CLI as an admin runs it: `appid set` writes one application's
 * key through reg.exe, history lists it, and `restore` brings the key back exactly. Every read-back is Wine's own
 * `reg query` / `reg export`, not SinkGuard's adapter.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRegFile } from '../../main/domain/regfile/index';
import { RegExeRegistry } from '../../main/registry/reg-exe';
import { runCliCaptured } from '../support/cli';
import { requireTool } from '../support/lane';
import { createWinePrefix, parseRegQuery, type WinePrefix } from '../support/wine';
import { APPLICATIONS, REPORT, REPORT_ACCESS, ROOT, SERVICE_HOSTED } from '../unit/changes/appid-fixture';
import { sddlToHex } from '../../main/domain/descriptors/index';
import { tempDirectory } from '../unit/changes/support';

const hasWine = requireTool('wine lane', 'wine');

const REPORT_KEY = `${ROOT}\\${REPORT}`;

describe.skipIf(!hasWine)('appid set on Wine’s registry (reg.exe), through the CLI', () => {
  let prefix: WinePrefix;
  let scratch: string;
  beforeAll(async () => {
    prefix = await createWinePrefix('appid-set');
    scratch = tempDirectory();
    await new RegExeRegistry(prefix.host()).importRegFile(writeRegFile({ blocks: [...APPLICATIONS] }));
  }, 600_000);
  afterAll(async () => {
    await prefix?.dispose();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  /** One data folder per test: its own journal, so history shows that test's changes only. */
  const cli = (args: readonly string[], data: string) =>
    runCliCaptured([...args, '--registry', 'reg-exe'], { env: { ...prefix.env, SINKGUARD_DATA_DIR: data } });

  const query = async (key: string) => {
    const result = await prefix.wine(['reg', 'query', key, '/reg:64']);
    expect(result.code, result.output).toBe(0);
    return parseRegQuery(result.output);
  };
  const exported = async (key: string, name: string) =>
    Buffer.from((await prefix.exportKey(key, join(scratch, `${name}.reg`)))!).toString('hex');

  /** `appid set ... --json --yes`: the outcome's backup id, after checking it applied. */
  async function set(args: readonly string[], data: string): Promise<string> {
    const run = await cli(['appid', 'set', ...args, '--json', '--yes'], data);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const { outcome } = JSON.parse(run.stdout) as { outcome: { status: string; backupId: string } };
    expect(outcome.status).toBe('applied');
    return outcome.backupId;
  }

  async function restore(backupId: string, data: string): Promise<void> {
    const run = await cli(['restore', backupId, '--yes'], data);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('restored:');
  }

  it('--run-as network-service writes RunAs; history lists it; restore brings the key back exactly (RunAs absent)', async () => {
    const data = tempDirectory();
    const before = await exported(REPORT_KEY, 'run-as-before');
    expect((await query(REPORT_KEY)).has('RunAs')).toBe(false);

    const backupId = await set([REPORT, '--run-as', 'network-service'], data);
    expect((await query(REPORT_KEY)).get('RunAs')).toEqual({
      type: 'REG_SZ',
      data: 'NT AUTHORITY\\NetworkService',
    });
    const history = await cli(['history'], data);
    expect(history.stdout).toContain(`apply appid ${REPORT}`);
    expect(history.stdout).toContain('RunAs: the launching user (RunAs not set) → Network Service');

    await restore(backupId, data);
    expect((await query(REPORT_KEY)).has('RunAs')).toBe(false);
    expect(await exported(REPORT_KEY, 'run-as-after')).toBe(before);
  }, 900_000);

  it('--access default removes AccessPermission; restore puts it back byte for byte', async () => {
    const data = tempDirectory();
    const accessHex = sddlToHex(REPORT_ACCESS).toLowerCase();
    const valuesBefore = await query(REPORT_KEY);
    expect(valuesBefore.get('AccessPermission')?.data.toLowerCase()).toBe(accessHex);

    const backupId = await set([REPORT, '--access', 'default'], data);
    expect((await query(REPORT_KEY)).has('AccessPermission')).toBe(false);

    await restore(backupId, data);
    const valuesAfter = await query(REPORT_KEY);
    expect(valuesAfter.get('AccessPermission')).toEqual({
      type: 'REG_BINARY',
      data: valuesBefore.get('AccessPermission')!.data,
    });
    // Every other value as before too (a value put back may be listed in another order).
    expect(new Map([...valuesAfter].sort())).toEqual(new Map([...valuesBefore].sort()));
  }, 900_000);

  it('an identity change of a service-hosted AppID is refused (exit 2) with the sc.exe way, and writes nothing', async () => {
    const data = tempDirectory();
    const before = await exported(ROOT, 'root-before');
    const run = await cli(['appid', 'set', SERVICE_HOSTED, '--run-as', 'network-service', '--yes'], data);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('hosted by the Windows service "Spooler"');
    expect(run.stderr).toContain('sc.exe config "Spooler" obj=');
    expect(await exported(ROOT, 'root-after')).toBe(before);
    expect((await cli(['history'], data)).stdout).toBe('No changes recorded.\n');
  }, 900_000);
});
