import { describe, expect, it } from 'vitest';
import { ChangeRefusedError } from '../../../main/changes/index';
import { BUILT_IN_PROFILE_NAMES, builtInProfile } from '../../../main/domain/profiles/index';
import { MACHINE_PROFILES, openSimulatedMachine } from '../../../main/registry/machines';
import { FaultyPort, engineFor, tempDirectory, wholeRegistry, type FaultMode } from './support';

const combos = MACHINE_PROFILES.flatMap((machine) =>
  BUILT_IN_PROFILE_NAMES.map((profile) => ({ machine, profile })),
);

async function applyOnce(
  machine: (typeof MACHINE_PROFILES)[number],
  profile: (typeof BUILT_IN_PROFILE_NAMES)[number],
) {
  const port = new FaultyPort(await openSimulatedMachine(machine));
  const engine = engineFor(port, tempDirectory());
  const before = await wholeRegistry(port);
  const plan = await engine.createPlan({ profile: builtInProfile(profile) });
  const planCalls = port.calls.length;
  const outcome = await engine.applyPlan(plan.id);
  return {
    port,
    engine,
    before,
    after: await wholeRegistry(port),
    outcome,
    applyCalls: port.calls.length - planCalls - 1,
  };
}

describe('apply transaction under injected backend faults', () => {
  it.each(combos)(
    '$profile on $machine: every registry call of the apply fails in turn, leaving before or after',
    async ({ machine, profile }) => {
      const clean = await applyOnce(machine, profile);
      expect(['applied', 'nothing-to-do']).toContain(clean.outcome.status);
      if (clean.outcome.status === 'applied') expect(clean.after).not.toBe(clean.before);
      const modes: FaultMode[] = ['before', 'after', 'dead-from'];
      let rolledBack = 0;
      for (let call = 0; call < clean.applyCalls; call++) {
        for (const mode of modes) {
          const port = new FaultyPort(await openSimulatedMachine(machine));
          const dataDirectory = tempDirectory();
          const engine = engineFor(port, dataDirectory);
          const plan = await engine.createPlan({ profile: builtInProfile(profile) });
          port.fault = { at: port.calls.length + call, mode };
          const label = `${mode} call ${call} (${clean.port.calls[call]})`;
          let status: string;
          try {
            const outcome = await engine.applyPlan(plan.id);
            status = outcome.status;
            if (status === 'rollback-failed') {
              // The backend died mid-way: once it is back, restoring the backup undoes everything (nothing-to-do: the
              // write never landed, and the restore plan finds nothing the change touched to put back).
              port.fault = null;
              const restored = await engineFor(port, dataDirectory).restoreBackup(outcome.backupId!);
              expect(['restored', 'nothing-to-do'], `${label}: ${restored.message}`).toContain(
                restored.status,
              );
              expect(await wholeRegistry(port), label).toBe(clean.before);
            }
          } catch (error) {
            expect(error, label).toBeInstanceOf(ChangeRefusedError);
            status = 'refused';
          }
          port.fault = null;
          const state = await wholeRegistry(port);
          expect([clean.before, clean.after], `${label}: ${status}`).toContain(state);
          if (status === 'rolled-back') {
            rolledBack++;
            expect(state, label).toBe(clean.before);
          }
          if (status === 'applied') expect(state, label).toBe(clean.after);
        }
      }
      if (clean.outcome.status === 'applied') expect(rolledBack).toBeGreaterThan(0);
    },
    // Every call of the apply fails in turn, three ways: seconds of work, more on a loaded machine.
    60_000,
  );
});

describe('apply then restore', () => {
  it.each(combos)(
    '$profile on $machine: restoring the backup leaves the registry byte-identical',
    async ({ machine, profile }) => {
      const { port, engine, before, outcome } = await applyOnce(machine, profile);
      if (outcome.status === 'nothing-to-do') return expect(outcome.backupId).toBeNull();
      expect(outcome.status).toBe('applied');
      const restored = await engine.restoreBackup(outcome.backupId!);
      expect(restored.status).toBe('restored');
      expect(await wholeRegistry(port)).toBe(before);
      const history = await engine.history();
      expect(history.map((entry) => [entry.operation, entry.outcome])).toEqual([
        ['apply', 'applied'],
        ['restore', 'restored'],
      ]);
    },
  );
});
