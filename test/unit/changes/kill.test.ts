import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILE_NAMES } from '../../../main/domain/profiles/index';
import { MACHINES_DIRECTORY, MACHINE_PROFILES } from '../../../main/registry/machines';
import { parseRegFile } from '../../../main/domain/regfile/index';
import { SimulatedRegistry } from '../../../main/registry/simulated';
import { runChild, tempDirectory } from './support';

/** The machine a `.reg` file describes, in one canonical spelling (the seed file is laid out differently). */
async function machineState(file: string): Promise<string> {
  const registry = new SimulatedRegistry([parseRegFile(new Uint8Array(readFileSync(file)))]);
  return Buffer.from(await registry.exportKeys(['HKLM'])).toString('hex');
}

const combos = MACHINE_PROFILES.flatMap((machine) =>
  BUILT_IN_PROFILE_NAMES.map((profile) => ({ machine, profile })),
);

describe('an apply killed at every step boundary, then start-up recovery', () => {
  it.each(combos)(
    '$profile on $machine: the registry is exactly before or after',
    async ({ machine, profile }) => {
      const seed = fileURLToPath(new URL(`${machine}.reg`, MACHINES_DIRECTORY));
      const fresh = () => {
        const directory = tempDirectory();
        const file = join(directory, 'machine.reg');
        copyFileSync(seed, file);
        return { directory, file };
      };
      const clean = fresh();
      const before = await machineState(clean.file);
      const full = await runChild(['apply', clean.file, join(clean.directory, 'data'), profile]);
      const after = await machineState(clean.file);
      expect(['applied', 'nothing-to-do']).toContain(full.done);
      for (let boundary = 0; boundary < full.boundaries; boundary++) {
        const run = fresh();
        const data = join(run.directory, 'data');
        const killed = await runChild(['apply', run.file, data, profile], boundary);
        expect(killed.killedAt, `boundary ${boundary}`).toBe(boundary);
        const recovery = await runChild(['recover', run.file, data, profile]);
        const state = await machineState(run.file);
        expect([before, after], `killed at boundary ${boundary}, recovery: ${recovery.done}`).toContain(
          state,
        );
        if (recovery.done === 'restored') expect(state, `boundary ${boundary}`).toBe(before);
      }
    },
  );
}, 600_000);
