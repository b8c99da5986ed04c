import { describe, expect, it } from 'vitest';
import { composeApp } from '../../../main/app/compose';
import type { EventPayload } from '../../../main/contract';
import { openSimulatedMachine } from '../../../main/registry/machines';
import { APPLY_STEPS } from './expectations';
import { interruptApply, tempDirectory } from './support';

/** The app as the Electron shell and the preview compose it, on a simulated machine, with its events recorded. */
async function app(machine: string, dataDirectory = tempDirectory(), simulateNotElevated = false) {
  const composed = await composeApp({
    runtime: 'preview',
    electronVersion: null,
    registryChoice: `simulated:${machine}`,
    env: {},
    dataDirectory,
    simulateNotElevated,
  });
  const progress: EventPayload<'apply:progress'>[] = [];
  composed.events.subscribe((event, payload) => {
    if (event === 'apply:progress') progress.push(payload as EventPayload<'apply:progress'>);
  });
  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const result = await composed.router.dispatch(channel, payload);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { ipc: result.error });
    return result.value as T;
  };
  const failure = async (channel: string, payload: unknown) => {
    const result = await composed.router.dispatch(channel, payload);
    expect(result.ok, `${channel} should fail`).toBe(false);
    return (result as { ok: false; error: { code: string; message: string; details?: string[] } }).error;
  };
  return { ...composed, progress, call, failure };
}

const steps = (events: readonly EventPayload<'apply:progress'>[]) =>
  events.map((event) => `${event.step} ${event.status}`);

describe('plan:create for one DCOM application, through the router', () => {
  const AGENT = '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}';

  it('returns the same plan view, applied by plan:apply and listed by history:list', async () => {
    const { call } = await app('legacy');
    const plan = await call<{ id: string; target: unknown; changes: { title: string }[] }>('plan:create', {
      appId: { id: 'InventoryAgent.exe', change: { runAs: 'network-service', access: 'default' } },
    });
    expect(plan.target).toEqual({
      kind: 'appid',
      guid: AGENT,
      view: '64-bit',
      name: 'Asset Inventory Agent',
    });
    expect(plan.changes.map((change) => change.title)).toEqual([
      `DCOM application ${AGENT} (Asset Inventory Agent)`,
    ]);
    const applied = await call<{ status: string }>('plan:apply', { planId: plan.id });
    expect(applied.status).toBe('applied');
    const history = await call<{ entries: { target: string }[] }>('history:list', {});
    expect(history.entries.map((entry) => entry.target)).toEqual([`appid ${AGENT}`]);
  });

  it('refuses an unknown application (not-found) and a permission COM would not accept (invalid-input)', async () => {
    const { failure } = await app('legacy');
    const unknown = await failure('plan:create', {
      appId: { id: 'nosuch.exe', change: { runAs: 'network-service' } },
    });
    expect(unknown).toMatchObject({ code: 'not-found' });
    expect(unknown.message).toContain('No application is named "nosuch.exe"');
    const invalid = await failure('plan:create', {
      appId: { id: AGENT, change: { access: { sddl: 'D:(A;;CCDCLC;;;WD)' } } },
    });
    expect(invalid.message).toContain('not a descriptor COM accepts as AccessPermission');
  });
});

describe('the change channels, through the router', () => {
  it('backup:restore-plan shows the restore; backup:restore runs it only while the plan shown still holds', async () => {
    const { call, failure } = await app('legacy');
    const plan = await call<{ id: string }>('plan:create', { profile: 'recommended' });
    const applied = await call<{ status: string; backupId: string }>('plan:apply', { planId: plan.id });
    expect(applied.status).toBe('applied');
    const shown = await call<{ fingerprint: string; operationCount: number; diff: { title: string }[] }>(
      'backup:restore-plan',
      { backupId: applied.backupId },
    );
    expect(shown.operationCount).toBeGreaterThan(0);
    expect(shown.diff.map((item) => item.title)).toContain(
      'UnsecApp callback access check (UnsecAppAccessControlDefault)',
    );
    const stale = await failure('backup:restore', {
      backupId: applied.backupId,
      fingerprint: 'f'.repeat(64),
    });
    expect(stale.code).toBe('stale-plan');
    const restored = await call<{ status: string }>('backup:restore', {
      backupId: applied.backupId,
      fingerprint: shown.fingerprint,
    });
    expect(restored.status).toBe('restored');
    const traversal = await failure('backup:restore-plan', { backupId: '../../journal' });
    expect(traversal.code).toBe('invalid-request');
  });

  it('plan:create then plan:apply: apply:progress reports every step in order, then history:list has it', async () => {
    const { call, progress } = await app('legacy');
    const plan = await call<{ id: string; firewallChanges: { steps: unknown[] }[] }>('plan:create', {
      profile: 'recommended',
    });
    expect(progress).toEqual([]);
    const outcome = await call<{ status: string; transactionId: string }>('plan:apply', { planId: plan.id });
    expect(outcome.status).toBe('applied');
    const commands = plan.firewallChanges.flatMap((change) => change.steps).length;
    expect(steps(progress)).toEqual(APPLY_STEPS(commands));
    expect(new Set(progress.map((event) => event.planId))).toEqual(new Set([plan.id]));
    // The re-read carries no transaction yet; from the backup on, every event names it.
    expect(progress.slice(0, 2).map((event) => event.transactionId)).toEqual([null, null]);
    expect(new Set(progress.slice(2).map((event) => event.transactionId))).toEqual(
      new Set([outcome.transactionId]),
    );
    const history = await call<{ entries: { id: string; outcome: string }[]; interrupted: unknown[] }>(
      'history:list',
      {},
    );
    expect(history.entries.map((entry) => [entry.id, entry.outcome])).toEqual([
      [outcome.transactionId, 'applied'],
    ]);
    expect(history.interrupted).toEqual([]);
  });

  it('not elevated: plan:apply fails with not-elevated, and its progress ends "read failed"', async () => {
    const { call, failure, progress } = await app('legacy', tempDirectory(), true);
    const plan = await call<{ id: string }>('plan:create', { profile: 'recommended' });
    const error = await failure('plan:apply', { planId: plan.id });
    expect(error.code).toBe('not-elevated');
    expect(steps(progress)).toEqual(['read started', 'read failed']);
  });

  it('the renderer cannot name an unknown plan or a malformed backup id', async () => {
    const { failure } = await app('stock');
    expect((await failure('plan:apply', { planId: '20200101T000000Z-00000000' })).code).toBe('not-found');
    expect((await failure('backup:restore', { backupId: '..\\..\\x' })).code).toBe('invalid-request');
  });

  it('backup:restore of the kept backup puts the machine back and is listed', async () => {
    const { call } = await app('stock');
    const plan = await call<{ id: string }>('plan:create', { profile: 'strict' });
    const applied = await call<{ backupId: string }>('plan:apply', { planId: plan.id });
    const restored = await call<{ status: string }>('backup:restore', { backupId: applied.backupId });
    expect(restored.status).toBe('restored');
    const history = await call<{ entries: { operation: string }[] }>('history:list', {});
    expect(history.entries.map((entry) => entry.operation)).toEqual(['apply', 'restore']);
  });
});

describe('start-up recovery through the contract', () => {
  it('detects the interrupted change at start-up, refuses plan:apply, and restores it on request', async () => {
    const data = tempDirectory();
    await interruptApply(await openSimulatedMachine('legacy'), data, 'write ok');
    const { call, failure, interruptedAtStartup } = await app('legacy', data);
    expect(interruptedAtStartup?.map((entry) => entry.operation)).toEqual(['apply']);

    const status = await call<{
      interrupted: { id: string }[];
      next: { id: string; backupId: string } | null;
    }>('recovery:status', {});
    expect(status.interrupted.map((entry) => entry.id)).toEqual([interruptedAtStartup![0]!.id]);
    expect(status.next?.id).toBe(interruptedAtStartup![0]!.id);

    const plan = await call<{ id: string }>('plan:create', { profile: 'recommended' });
    const refused = await failure('plan:apply', { planId: plan.id });
    expect(refused.code).toBe('interrupted');
    expect(refused.message).toContain('never finished');

    const wrong = await failure('backup:restore', {
      backupId: '20200101T000000Z-00000000',
      recoversInterrupted: true,
    });
    expect(wrong).toMatchObject({ code: 'not-found' });
    expect(wrong.message).toContain(`restore ${status.next!.backupId} first`);

    const restored = await call<{ status: string }>('backup:restore', {
      backupId: status.next!.backupId,
      recoversInterrupted: true,
    });
    expect(restored.status).toBe('restored');
    expect(await call('recovery:status', {})).toEqual({ interrupted: [], next: null });
    const again = await failure('backup:restore', {
      backupId: status.next!.backupId,
      recoversInterrupted: true,
    });
    expect(again.message).toContain('no interrupted change');
    const fresh = await call<{ id: string }>('plan:create', { profile: 'recommended' });
    expect((await call<{ status: string }>('plan:apply', { planId: fresh.id })).status).toBe('applied');
  });

  it('nothing pending: recovery:status is empty and start-up found nothing', async () => {
    const { call, interruptedAtStartup } = await app('stock');
    expect(interruptedAtStartup).toEqual([]);
    expect(await call('recovery:status', {})).toEqual({ interrupted: [], next: null });
  });
});
