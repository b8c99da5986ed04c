import {
  exportRoots,
  markNotInExport,
  readForAudit,
  runAudit,
  type AuditReport,
} from '../domain/audit/index';
import type { Profile } from '../domain/profiles/profile';
import type { RegFile } from '../domain/regfile/model';
import { SimulatedRegistry } from '../registry/simulated';
import { auditMachineBlock } from './audit-machine';

/** What a collector's manifest adds to the export itself (see main/domain/fleet/manifest.ts). */
export interface CollectorFacts {
  readonly hostName: string | null;
  readonly osBuild: string | null;
  readonly collectedAt: string | null;
  /** Keys the collector found absent on the machine: absent, not "not in the export". */
  readonly absentKeys: readonly string[];
  /** Keys the collector could not read there, with why. */
  readonly unreadableKeys: ReadonlyMap<string, string>;
}

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
