import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppIdChange } from '../../../main/domain/appids/model';
import { renderHistoryText } from '../../../main/domain/changes/index';
import { NETWORK, ONLY_32, REPORT, REPORT_ACCESS, ROOT, ROOT32, appIdMachine, sd, sz } from './appid-fixture';
import type { SimulatedRegistry } from '../../../main/registry/simulated';
import { engineFor, tempDirectory, wholeRegistry } from './support';

/** A key's values by name, sorted: a value deleted and put back is listed last by the registry, but is the same. */
async function valuesOf(port: SimulatedRegistry, key: string): Promise<[string, unknown][]> {
  const [snapshot] = await port.readKeys([key]);
  return [...snapshot!.values].sort(([a], [b]) => a.localeCompare(b));
}

/** Applies a change to one application on a fresh machine, then restores its backup: what each step leaves. */
async function appliedAndRestored(id: string, change: AppIdChange, key: string) {
  const port = await appIdMachine();
  const data = tempDirectory();
  const engine = engineFor(port, data);
  const before = await valuesOf(port, key);
  const plan = await engine.createPlan({ appId: { id, change } });
  const outcome = await engine.applyPlan(plan.id);
  expect(outcome.status, outcome.details.join('\n')).toBe('applied');
  const [afterApply] = await port.readKeys([key]);
  const manifest = JSON.parse(await readFile(join(data, 'backups', `${outcome.backupId}.json`), 'utf8')) as {
    exportedKeys: string[];
  };
  const restorePlan = await engine.planRestore(outcome.backupId!);
  const restored = await engine.restoreBackup(outcome.backupId!, { fingerprint: restorePlan.fingerprint });
  expect(restored.status, restored.details.join('\n')).toBe('restored');
  return {
    afterApply: afterApply!,
    backupId: outcome.backupId!,
    history: await engine.history(),
    manifest,
    restorePlan,
    restoredExactly: JSON.stringify(await valuesOf(port, key)) === JSON.stringify(before),
  };
}

describe('appid set through the change engine: applied, journaled, restored exactly', () => {
  it('--run-as network-service: RunAs written, the one key backed up, history names it, restore removes RunAs', async () => {
    const key = `${ROOT}\\${REPORT}`;
    const run = await appliedAndRestored(REPORT, { runAs: 'network-service' }, key);
    expect(run.afterApply.values.get('RunAs')).toEqual(sz('NT AUTHORITY\\NetworkService'));
    expect(run.manifest.exportedKeys).toEqual([key]);
    expect(run.history.map((entry) => `${entry.operation} ${entry.target} ${entry.outcome}`)).toEqual([
      `apply appid ${REPORT} applied`,
      `restore backup ${run.backupId} restored`,
    ]);
    const text = renderHistoryText(run.history);
    expect(text).toContain(`DCOM application ${REPORT} (Report Server)`);
    expect(text).toContain('RunAs: the launching user (RunAs not set) → Network Service');
    // The restore's own review names the application and the identity it puts back.
    expect(run.restorePlan.changes.map((change) => change.title)).toEqual([`DCOM application ${REPORT}`]);
    expect(run.restorePlan.changes[0]?.items[0]).toMatchObject({
      kind: 'value',
      value: 'RunAs',
      after: { shown: 'the launching user (RunAs not set)' },
    });
    expect(run.restoredExactly).toBe(true);
  });

  it('--access default: AccessPermission gone after the apply, back byte for byte after the restore', async () => {
    const key = `${ROOT}\\${REPORT}`;
    const run = await appliedAndRestored(REPORT, { access: 'default' }, key);
    expect(run.afterApply.values.has('AccessPermission')).toBe(false);
    expect(run.restorePlan.operations).toEqual([
      expect.objectContaining({ kind: 'set-value', name: 'AccessPermission', to: sd(REPORT_ACCESS) }),
    ]);
    expect(run.restoredExactly).toBe(true);
  });

  it('--run-as launching-user on a 32-bit view application: RunAs deleted, restored in the WOW6432Node key', async () => {
    const port = await appIdMachine();
    await port.writeValues([{ key: `${ROOT32}\\${ONLY_32}`, name: 'RunAs', value: sz('Interactive User') }]);
    const engine = engineFor(port, tempDirectory());
    const before = await wholeRegistry(port);
    const plan = await engine.createPlan({ appId: { id: ONLY_32, change: { runAs: 'launching-user' } } });
    const outcome = await engine.applyPlan(plan.id);
    expect(outcome.status).toBe('applied');
    expect((await port.readKeys([`${ROOT32}\\${ONLY_32}`]))[0]!.values.has('RunAs')).toBe(false);
    expect((await engine.restoreBackup(outcome.backupId!)).status).toBe('restored');
    expect(await wholeRegistry(port)).toBe(before);
  });

  it('a plan made stale by a change to the application’s key is refused at apply, nothing written', async () => {
    const port = await appIdMachine();
    const engine = engineFor(port, tempDirectory());
    const plan = await engine.createPlan({ appId: { id: NETWORK, change: { authenticationLevel: 6 } } });
    await port.writeValues([
      { key: `${ROOT}\\${NETWORK}`, name: 'AuthenticationLevel', value: { type: 'REG_DWORD', data: 2 } },
    ]);
    const before = await wholeRegistry(port);
    await expect(engine.applyPlan(plan.id)).rejects.toMatchObject({ code: 'stale-plan' });
    expect(await wholeRegistry(port)).toBe(before);
  });
});
