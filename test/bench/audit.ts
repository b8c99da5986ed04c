import { fmt, medianMs, throughput, type BenchSection } from './harness';
import { auditKeys, auditMachine, runAudit } from '../../main/domain/audit/index';
import { builtInProfile } from '../../main/domain/profiles/index';
import { MACHINE_PROFILES, openSimulatedMachine } from '../../main/registry/machines';

/** A full audit's wall time on the simulated backend (one batch read + evaluation), and the pure evaluation alone. */
export async function bench(): Promise<BenchSection> {
  const profile = builtInProfile('strict');
  const lines = [
    `Profile "strict" (every catalog setting assessed); ${auditKeys().length} keys read in one batch.`,
    '',
    '| machine | full audit: read + evaluate (median of 21) | runAudit alone (pure evaluation) |',
    '|---|---|---|',
  ];
  for (const machine of MACHINE_PROFILES) {
    const port = await openSimulatedMachine(machine);
    const full = await medianMs(() => auditMachine(port, profile), 21);
    const snapshots = await port.readKeys(auditKeys());
    const pure = throughput(() => runAudit(snapshots, profile), 1_000);
    lines.push(
      `| ${machine} | ${fmt(full, 2)} ms | ${fmt(1000 / pure.opsPerSecond, 2)} ms (${fmt(pure.opsPerSecond)} audits/s) |`,
    );
  }
  return { title: 'Audit', lines };
}
