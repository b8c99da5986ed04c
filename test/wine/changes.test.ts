import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeRefusedError } from '../../main/changes/index';
import {
  BUILT_IN_PROFILE_NAMES,
  builtInProfile,
  type BuiltInProfileName,
} from '../../main/domain/profiles/index';
import { MACHINE_PROFILES, type MachineProfile } from '../../main/registry/machines';
import { RegExeRegistry } from '../../main/registry/reg-exe';
import { requireTool } from '../support/lane';
import { createWinePrefix, type WinePrefix } from '../support/wine';
import {
  FaultyPort,
  distinctKillPoints,
  engineFor,
  killWindow,
  runChild,
  tempDirectory,
  type FaultMode,
} from '../unit/changes/support';
import { exportedState as exportedStateOf, seedMachine } from './machine-state';

const hasWine = requireTool('wine lane', 'wine');

// Every machine × built-in profile pair changes something (each test asserts 'applied'), so no case can pass by
// having nothing to do.
const combos = MACHINE_PROFILES.flatMap((machine) =>
  BUILT_IN_PROFILE_NAMES.map((profile) => ({ machine, profile })),
);

describe.skipIf(!hasWine)('change engine on Wine’s registry (reg.exe adapter)', () => {
  let prefix: WinePrefix;
  let scratch: string;
  beforeAll(async () => {
    prefix = await createWinePrefix('changes');
    scratch = tempDirectory();
  });
  afterAll(async () => {
    await prefix?.dispose();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });
  const port = () => new RegExeRegistry(prefix.host());
  const engine = (registry: RegExeRegistry | FaultyPort, dataDirectory = tempDirectory()) =>
    engineFor(registry, dataDirectory);

  const exportedState = () => exportedStateOf(prefix, scratch);
  const seed = (machine: MachineProfile) => seedMachine(port(), machine);

  async function plannedApply(
    profile: BuiltInProfileName,
    registry: RegExeRegistry | FaultyPort,
    dataDirectory?: string,
  ) {
    const changes = engine(registry, dataDirectory);
    const plan = await changes.createPlan({ profile: builtInProfile(profile) });
    return { changes, plan };
  }

  it.each(combos)(
    '$profile on $machine: apply then restore leaves `wine reg export` byte-identical',
    async ({ machine, profile }) => {
      await seed(machine);
      const before = await exportedState();
      const { changes, plan } = await plannedApply(profile, port());
      const outcome = await changes.applyPlan(plan.id);
      expect(outcome.status, outcome.details.join('\n')).toBe('applied');
      expect(await exportedState()).not.toBe(before);
      expect((await changes.restoreBackup(outcome.backupId!)).status).toBe('restored');
      expect(await exportedState()).toBe(before);
    },
    // Wine takes seconds per reg.exe run on a loaded 2-core machine; every step is enumerated.
    900_000,
  );

  it.each([
    {
      machine: 'stock' as const,
      edits: [
        {
          settingId: 'firewall.endpoint-mapper',
          value: { allowFrom: ['10.0.10.0/24'], profiles: ['Domain'] },
        },
        {
          settingId: 'firewall.unsecapp',
          value: { allowFrom: ['10.0.10.0/24'], profiles: ['Domain', 'Private'] },
        },
      ],
    },
    {
      machine: 'legacy' as const,
      edits: [
        {
          settingId: 'firewall.endpoint-mapper',
          value: { allowFrom: ['10.0.10.0/24'], profiles: ['Domain'] },
        },
        {
          settingId: 'firewall.dynamic-rpc',
          value: { allowFrom: ['10.0.10.0/24'], profiles: ['Domain', 'Private'] },
        },
      ],
    },
  ])(
    'opening firewall targets on chosen profiles on $machine: verified through reg.exe, restored byte for byte',
    async ({ machine, edits }) => {
      await seed(machine);
      const before = await exportedState();
      const changes = engine(port());
      const plan = await changes.createPlan({ edits });
      expect(plan.firewallChanges.length).toBeGreaterThan(0);
      const outcome = await changes.applyPlan(plan.id);
      expect(outcome.status, outcome.details.join('\n')).toBe('applied');
      expect(await exportedState()).not.toBe(before);
      expect((await changes.restoreBackup(outcome.backupId!)).status).toBe('restored');
      expect(await exportedState()).toBe(before);
    },
    900_000,
  );

  it.each(combos)(
    '$profile on $machine: a failure at every reg.exe call leaves before or after',
    async ({ machine, profile }) => {
      await seed(machine);
      const before = await exportedState();
      const probe = new FaultyPort(port());
      const { changes, plan } = await plannedApply(profile, probe);
      const planCalls = probe.calls.length;
      const clean = await changes.applyPlan(plan.id);
      expect(clean.status, clean.details.join('\n')).toBe('applied');
      const after = await exportedState();
      const applyCalls = probe.calls.length - planCalls;
      const modes: FaultMode[] = ['before', 'after', 'dead-from'];
      let rolledBack = 0;
      for (let call = 0; call < applyCalls; call++) {
        for (const mode of modes) {
          await seed(machine);
          const registry = new FaultyPort(port());
          const dataDirectory = tempDirectory();
          const attempt = await plannedApply(profile, registry, dataDirectory);
          registry.fault = { at: registry.calls.length + call, mode };
          const label = `${mode} call ${call} (${probe.calls[planCalls + call]})`;
          let status = 'refused';
          try {
            const outcome = await attempt.changes.applyPlan(attempt.plan.id);
            status = outcome.status;
            if (outcome.status === 'rollback-failed') {
              registry.fault = null;
              // nothing-to-do: the write never landed, so nothing the change touched needs putting back.
              expect(['restored', 'nothing-to-do'], label).toContain(
                (await engine(registry, dataDirectory).restoreBackup(outcome.backupId!)).status,
              );
            }
          } catch (error) {
            expect(error, label).toBeInstanceOf(ChangeRefusedError);
          }
          const state = await exportedState();
          expect([before, after], `${label}: ${status}`).toContain(state);
          if (status === 'rolled-back') {
            rolledBack++;
            expect(state, label).toBe(before);
          }
          if (status === 'applied') expect(state, label).toBe(after);
        }
      }
      // A fault after the write must have been rolled back at least once, or the rollback path went untested.
      expect(rolledBack).toBeGreaterThan(0);
    },
    // Wine takes seconds per reg.exe run on a loaded 2-core machine; every step is enumerated.
    3_600_000,
  );

  it.each(combos)(
    '$profile on $machine: killed at every distinct step boundary, recovery restores exactly what it must',
    async ({ machine, profile }) => {
      await seed(machine);
      const before = await exportedState();
      const env = { ...process.env, ...prefix.env };
      const clean = await withEnv(env, () => runChild(['apply', 'wine', tempDirectory(), profile]));
      expect(clean.done).toBe('applied');
      const after = await exportedState();
      // Boundaries that leave the same registry writes, journal and backups behind are one kill point (Wine's
      // processes are slow: each distinct state is killed at once).
      for (const { index, boundary } of distinctKillPoints(clean.seen)) {
        await seed(machine);
        const data = tempDirectory();
        const killed = await withEnv(env, () => runChild(['apply', 'wine', data, profile], index));
        expect(killed.killedAt).toBe(index);
        const recovery = await withEnv(env, () => runChild(['recover', 'wine', data, profile]));
        const state = await exportedState();
        const window = killWindow(boundary);
        const label = `boundary ${index} (${boundary.step} ${boundary.status}, ${window}): ${recovery.done}`;
        expect(recovery.done, label).toBe(window === 'in-transaction' ? 'restored' : 'none');
        expect(state === (window === 'after-commit' ? after : before), label).toBe(true);
      }
    },
    // Wine takes seconds per reg.exe run on a loaded 2-core machine; every step is enumerated.
    3_600_000,
  );
});

/** The child inherits process.env: point it at this prefix for the duration of one run. */
async function withEnv<T>(env: Record<string, string | undefined>, run: () => Promise<T>): Promise<T> {
  const saved = {
    WINEPREFIX: process.env.WINEPREFIX,
    WINEARCH: process.env.WINEARCH,
    WINEDEBUG: process.env.WINEDEBUG,
  };
  Object.assign(process.env, {
    WINEPREFIX: env.WINEPREFIX,
    WINEARCH: env.WINEARCH,
    WINEDEBUG: env.WINEDEBUG,
  });
  try {
    return await run();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
