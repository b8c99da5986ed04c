import {
  exportRoots,
  markNotInExport,
  readForAudit,
  runAudit,
  type AuditReport,
} from '../domain/audit/index';
import type { CollectorFacts } from '../domain/fleet/manifest';
import type { Profile } from '../domain/profiles/profile';
import type { RegFile } from '../domain/regfile/model';
import { SimulatedRegistry } from '../registry/simulated';
import { auditMachineBlock } from './audit-machine';

/**
 * The offline audit of `reg export` files taken on one machine: what `audit --reg-file` runs and what `fleet audit`
 * runs for every host, so both give the same report. Keys the export does not cover are reported unknown.
 */
export async function auditOffline(
  files: readonly RegFile[],
  profile: Profile,
  context: {
    readonly description: string;
    readonly facts?: CollectorFacts;
    readonly platform: NodeJS.Platform;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly now?: Date;
  },
): Promise<AuditReport> {
  const { facts } = context;
  const port = new SimulatedRegistry(files, { description: context.description });
  const marked = markNotInExport(
    await readForAudit(port),
    exportRoots(files, facts?.absentKeys ?? []),
    facts?.unreadableKeys,
  );
  const machine = await auditMachineBlock(port, {
    platform: context.platform,
    env: context.env,
    now: context.now,
    offline: {
      hostName: facts?.hostName ?? null,
      osBuild: facts?.osBuild ?? null,
      collectedAt: facts?.collectedAt ?? null,
      keysNotInExport: marked.keysNotInExport,
    },
  });
  const { schemaVersion, ...audited } = runAudit(marked.snapshots, profile);
  return { schemaVersion, machine, ...audited };
}
