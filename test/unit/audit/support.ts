import type { RegistryPort } from '../../../main/registry/types';
import { isSameOrBelow } from '../../../main/domain/changes/index';
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

/**
 * A `reg export` that covers every key the audit reads, as a careful admin takes it: each audit key that exists, and
 * for one that does not, its nearest existing ancestor (whose export shows the key is absent). Keys below another
 * chosen key are left to it. `extra` keys are exported too. Creates HKLM\\SOFTWARE\\Classes in `port` first.
 */
export async function exportCoveringAudit(
  port: RegistryPort,
  extra: readonly string[] = [],
): Promise<Uint8Array> {
  // Every Windows machine has HKLM\SOFTWARE\Classes; the simulated ones lack it when they have no AppID, and the
  // nearest ancestor would then be all of HKLM\SOFTWARE.
  await port.createKeys(['HKLM\\SOFTWARE\\Classes']);
  const snapshots = await readForAudit(port);
  const chosen = new Set<string>(extra);
  for (const snapshot of snapshots) {
    if (snapshot.exists) {
      chosen.add(snapshot.path);
      continue;
    }
    const parts = snapshot.path.split('\\');
    for (let length = parts.length - 1; length >= 2; length--) {
      const ancestor = parts.slice(0, length).join('\\');
      const [read] = await port.readKeys([ancestor]);
      if (read?.exists) {
        chosen.add(ancestor);
        break;
      }
    }
  }
  const keys = [...chosen].filter(
    (key) => ![...chosen].some((other) => other !== key && isSameOrBelow(key, other)),
  );
  return port.exportKeys(keys);
}
