import { fmt, medianMs, throughput, type BenchSection } from './harness';
import { auditKeys, auditMachine, readForAudit, runAudit } from '../../main/domain/audit/index';
import { writeRegFile } from '../../main/domain/regfile/index';
import { builtInProfile } from '../../main/domain/profiles/index';
import { wineHost } from '../../main/registry/host';
import { MACHINE_PROFILES, openSimulatedMachine, readMachineProfile } from '../../main/registry/machines';
import { RegExeRegistry } from '../../main/registry/reg-exe';
import { MACHINE_FIXTURE_ROOTS } from '../support/machine-roots';
import { createWinePrefix } from '../support/wine';

/**
 * A full audit's wall time (one batch read + evaluation) on each backend that runs here: the simulated store, and
 * reg.exe over Wine's registry seeded with the same machine; and the pure evaluation alone.
 */
export async function bench(): Promise<BenchSection> {
  const profile = builtInProfile('strict');
  const prefix = await createWinePrefix('bench-audit').catch(() => null);
  const wine = prefix ? new RegExeRegistry(wineHost(prefix.env)) : null;
  const lines = [
    `Profile "strict" (every catalog setting assessed); ${auditKeys().length} keys, the AppID tree with all its subkeys, read in one batch.`,
    '',
    '| machine | simulated: read + evaluate (median of 21) | reg.exe under Wine: read + evaluate (median of 7) | runAudit alone (pure evaluation) |',
    '|---|---|---|---|',
  ];
  try {
    for (const machine of MACHINE_PROFILES) {
      const port = await openSimulatedMachine(machine);
      const full = await medianMs(() => auditMachine(port, profile), 21);
      let viaWine = 'Wine not available';
      if (wine) {
        await wine.importRegFile(
          writeRegFile({
            blocks: MACHINE_FIXTURE_ROOTS.map((path) => ({ kind: 'delete-key' as const, path })),
          }),
        );
        await wine.importRegFile(await readMachineProfile(machine));
        viaWine = `${fmt(await medianMs(() => auditMachine(wine, profile), 7), 1)} ms`;
      }
      const snapshots = await readForAudit(port);
      const pure = throughput(() => runAudit(snapshots, profile), 1_000);
      lines.push(
        `| ${machine} | ${fmt(full, 2)} ms | ${viaWine} | ${fmt(1000 / pure.opsPerSecond, 2)} ms (${fmt(pure.opsPerSecond)} audits/s) |`,
      );
    }
  } finally {
    await prefix?.dispose();
  }
  lines.push('', '- regedit (Windows Script Host) runs on Windows only: no figure here.');
  return { title: 'Audit', lines };
}
