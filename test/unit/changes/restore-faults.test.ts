/**
 * A restore is a transaction like an apply: it fails at every registry call in turn (the simulated firewall runs its
 * cmdlets through the same port, so rule changes fail too), and whatever it reports, a fresh read agrees: restored =
 * the state before the apply, rolled back = the state after it, byte for byte. Its rollback runs the same step runner
 * as apply's (each step that ran undone the way it was done), never a whole-key import.
 */
import { describe, expect, it } from 'vitest';
import { ChangeRefusedError } from '../../../main/changes/index';
import { BUILT_IN_PROFILE_NAMES, builtInProfile } from '../../../main/domain/profiles/index';
import { MACHINE_PROFILES, openSimulatedMachine } from '../../../main/registry/machines';
import {
  FaultyPort,
  engineFor,
  ruleStoreWrites,
  tempDirectory,
  wholeRegistry,
  type FaultMode,
} from './support';

const combos = MACHINE_PROFILES.flatMap((machine) =>
  BUILT_IN_PROFILE_NAMES.map((profile) => ({ machine, profile })),
);

/** An applied profile on a fresh machine, ready to be restored: its backup id and the states on either side. */
async function applied(
  machine: (typeof MACHINE_PROFILES)[number],
  profile: (typeof BUILT_IN_PROFILE_NAMES)[number],
) {
  const imported: Uint8Array[] = [];
  const port = new FaultyPort(await openSimulatedMachine(machine));
  const importRegFile = port.importRegFile;
  port.importRegFile = (content) => {
    imported.push(content);
    return importRegFile(content);
  };
  const dataDirectory = tempDirectory();
  const engine = engineFor(port, dataDirectory);
  const before = await wholeRegistry(port);
  const outcome = await engine.applyPlan((await engine.createPlan({ profile: builtInProfile(profile) })).id);
  return { port, dataDirectory, engine, outcome, before, after: await wholeRegistry(port), imported };
}

describe('restore transaction under injected backend faults', () => {
  it.each(combos)(
    '$profile on $machine: every registry call of the restore fails in turn, leaving after-apply or before',
    async ({ machine, profile }) => {
      const clean = await applied(machine, profile);
      expect(clean.outcome.status).toBe('applied');
      const callsBefore = clean.port.calls.length;
      expect((await clean.engine.restoreBackup(clean.outcome.backupId!)).status).toBe('restored');
      expect(await wholeRegistry(clean.port)).toBe(clean.before);
      const restoreCalls = clean.port.calls.length - callsBefore - 1;
      expect(restoreCalls).toBeGreaterThan(3);

      const modes: FaultMode[] = ['before', 'after', 'dead-from'];
      const seen = new Set<string>();
      for (let call = 0; call < restoreCalls; call++) {
        for (const mode of modes) {
          const run = await applied(machine, profile);
          run.imported.length = 0;
          run.port.fault = { at: run.port.calls.length + call, mode };
          const label = `${mode} call ${call} (${clean.port.calls[callsBefore + call]})`;
          let status: string;
          try {
            status = (await run.engine.restoreBackup(run.outcome.backupId!)).status;
          } catch (error) {
            expect(error, label).toBeInstanceOf(ChangeRefusedError);
            status = 'refused';
          }
          run.port.fault = null;
          seen.add(status);
          const state = await wholeRegistry(run.port);
          if (status === 'restored') expect(state, label).toBe(clean.before);
          if (status === 'rolled-back' || status === 'refused') expect(state, label).toBe(clean.after);
          // Nothing a restore or its rollback imports writes the rule store: rules go back by their cmdlets.
          expect(ruleStoreWrites(run.imported), label).toEqual([]);
          if (status === 'rollback-failed') {
            // The backend died mid-way: once it is back, the restore runs again and reaches the state before.
            const again = await engineFor(run.port, run.dataDirectory).restoreBackup(run.outcome.backupId!);
            expect(['restored', 'nothing-to-do'], `${label}: ${again.message}`).toContain(again.status);
            expect(await wholeRegistry(run.port), label).toBe(clean.before);
          }
        }
      }
      // A fault inside the transaction is rolled back; one in the read before it refuses.
      expect([...seen]).toEqual(expect.arrayContaining(['rolled-back', 'refused']));
    },
    // Every call of the restore fails in turn, three ways, each on a freshly applied machine.
    120_000,
  );
});
