import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILE_NAMES } from '../../../main/domain/profiles/index';
import { MACHINES_DIRECTORY, MACHINE_PROFILES } from '../../../main/registry/machines';
import { decodeUtf16le, parseRegFile } from '../../../main/domain/regfile/index';
import { SimulatedRegistry } from '../../../main/registry/simulated';
import { differentLines, distinctKillPoints, killWindow, runChild, tempDirectory } from './support';

/** The machine a `.reg` file describes, in one canonical spelling (the seed file is laid out differently). */
async function machineState(file: string): Promise<string> {
  const registry = new SimulatedRegistry([parseRegFile(new Uint8Array(readFileSync(file)))]);
  return decodeUtf16le(await registry.exportKeys(['HKLM']), 2);
}

const combos = MACHINE_PROFILES.flatMap((machine) =>
  BUILT_IN_PROFILE_NAMES.map((profile) => ({ machine, profile })),
);

describe('an apply killed at every step boundary, then start-up recovery', () => {
  it.each(combos)(
    '$profile on $machine: between begin and commit recovery restores the state before; outside it has nothing to do',
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
      expect(full.seen).toHaveLength(full.boundaries);
      const points = distinctKillPoints(full.seen);
      // Each firewall command is a kill point of its own (legacy's profiles change several rules).
      if (machine === 'legacy')
        expect(points.filter(({ boundary }) => boundary.step === 'firewall').length).toBeGreaterThan(2);
      // Boundaries left out share their position with one killed at, and so their window.
      for (const boundary of full.seen) {
        const same = points.find((point) => point.boundary.position === boundary.position)!;
        expect(killWindow(boundary)).toBe(killWindow(same.boundary));
      }
      const windows = new Set<string>();
      for (const { index, boundary } of points) {
        const run = fresh();
        const data = join(run.directory, 'data');
        const killed = await runChild(['apply', run.file, data, profile], index);
        expect(killed.killedAt, `boundary ${index}`).toBe(index);
        const recovery = await runChild(['recover', run.file, data, profile]);
        const window = killWindow(boundary);
        windows.add(window);
        const label = `killed at boundary ${index} (${boundary.step} ${boundary.status}, ${window})`;
        expect(recovery.done, label).toBe(window === 'in-transaction' ? 'restored' : 'none');
        const expected = window === 'after-commit' ? after : before;
        expect(differentLines(await machineState(run.file), expected), label).toEqual([]);
      }
      expect([...windows].sort()).toEqual(
        full.done === 'applied'
          ? ['after-commit', 'before-begin', 'in-transaction']
          : ['after-commit', 'before-begin'],
      );
    },
  );
}, 600_000);
