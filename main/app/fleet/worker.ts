import { parentPort, workerData } from 'node:worker_threads';
import type { AuditReport } from '../../domain/audit/index';
import type { CollectionManifest } from '../../domain/fleet/manifest';
import type { Profile } from '../../domain/profiles/profile';
import { ExportReadError, auditExportFiles } from '../offline-audit';

/** What the pool sends a worker: one host's export files and manifest. */
export interface HostJob {
  readonly id: number;
  readonly paths: readonly string[];
  readonly manifest: CollectionManifest | null;
}

/** What a worker answers: the host's report, or why its exports could not be used. */
export type HostResult =
  { readonly id: number; readonly report: AuditReport } | { readonly id: number; readonly problem: string };

export interface WorkerSetup {
  readonly profile: Profile;
  readonly version: string;
  readonly platform: NodeJS.Platform;
}

// One host at a time: the parses of a host live only while it is audited, so memory stays per-worker bounded.
const setup = workerData as WorkerSetup;
parentPort!.on('message', (job: HostJob) => {
  void auditExportFiles(job.paths, job.manifest, setup.profile, {
    platform: setup.platform,
    env: {},
    version: setup.version,
  }).then(
    (report) => parentPort!.postMessage({ id: job.id, report } satisfies HostResult),
    (error: unknown) =>
      parentPort!.postMessage({
        id: job.id,
        problem: error instanceof ExportReadError ? error.message : `the audit failed: ${String(error)}`,
      } satisfies HostResult),
  );
});
