import type { ValueWrite } from '../../../main/registry/types';
import { openSimulatedMachine, type MachineProfile } from '../../../main/registry/machines';
import {
  auditMachine,
  readForAudit,
  runAudit,
  type AuditReport,
  type Finding,
} from '../../../main/domain/audit/index';
import { builtInProfile, type Profile } from '../../../main/domain/profiles/index';

/** Audits a simulated machine, optionally changed first, against a profile (recommended by default). */
export async function auditSimulated(
  machine: MachineProfile,
  options: {
    profile?: Profile;
    writes?: readonly ValueWrite[];
    deletes?: readonly { key: string; name: string }[];
  } = {},
): Promise<AuditReport> {
  const port = await openSimulatedMachine(machine);
  if (options.writes?.length) await port.writeValues(options.writes);
  if (options.deletes?.length) await port.deleteValues(options.deletes);
  return auditMachine(port, options.profile ?? builtInProfile('recommended'));
}

/** The snapshots of a simulated machine, for tests that edit them before calling the pure runAudit. */
export async function snapshotsOf(machine: MachineProfile) {
  return readForAudit(await openSimulatedMachine(machine));
}

export { runAudit };

export function finding(report: AuditReport, settingId: string): Finding {
  const found = report.findings.find((candidate) => candidate.settingId === settingId);
  if (!found) throw new Error(`no finding for ${settingId}`);
  return found;
}

export function verdicts(report: AuditReport): Record<string, string> {
  return Object.fromEntries(report.findings.map((entry) => [entry.settingId, entry.verdict]));
}
