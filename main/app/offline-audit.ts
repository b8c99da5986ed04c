import { lstat, open } from 'node:fs/promises';
import {
  exportRoots,
  markNotInExport,
  readForAudit,
  runAudit,
  type AuditReport,
} from '../domain/audit/index';
import {
  CollectionManifestSchema,
  collectorFacts,
  type CollectionManifest,
  type CollectorFacts,
} from '../domain/fleet/manifest';
import { parseRegFile } from '../domain/regfile/index';
import { RegistryError } from '../registry/errors';
import { readRegFileWithinLimit } from '../registry/reg-file-read';
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
    /** The SinkGuard version to report (a worker thread has no build-time constant of its own). */
    readonly version?: string;
  },
): Promise<AuditReport> {
  const { facts } = context;
  const port = new SimulatedRegistry(files, { description: context.description });
  const marked = markNotInExport(
    await readForAudit(port, profile),
    exportRoots(files, facts?.absentKeys ?? []),
    facts?.unreadableKeys,
  );
  const machine = await auditMachineBlock(port, {
    platform: context.platform,
    env: context.env,
    now: context.now,
    version: context.version,
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

/** An export or manifest that cannot be used; the message names the file and why. */
export class ExportReadError extends Error {}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Reads and parses `reg export` files, refusing symbolic links and files over the .reg size limit unread. */
export async function readExports(paths: readonly string[]): Promise<RegFile[]> {
  const files: RegFile[] = [];
  for (const path of paths) {
    try {
      if ((await lstat(path)).isSymbolicLink())
        throw new ExportReadError(`${path}: a symbolic link, not read`);
      files.push(parseRegFile(await readRegFileWithinLimit(path)));
    } catch (error) {
      if (error instanceof ExportReadError) throw error;
      if (error instanceof RegistryError) throw new ExportReadError(`${path}: ${error.message}`);
      const code = (error as NodeJS.ErrnoException).code;
      throw new ExportReadError(`cannot read .reg file ${path}: ${code ?? reason(error)}`);
    }
  }
  return files;
}

/** A manifest is a few kilobytes; one larger than this is not a collector's. */
export const MANIFEST_MAX_BYTES = 1 << 20;

/** Reads a collector manifest: size-limited before reading, strict JSON schema, no symbolic link. */
export async function readManifest(path: string): Promise<CollectionManifest> {
  let text: string;
  try {
    if ((await lstat(path)).isSymbolicLink()) throw new ExportReadError(`${path}: a symbolic link, not read`);
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MANIFEST_MAX_BYTES)
        throw new ExportReadError(`${path}: ${size} bytes, more than a manifest's ${MANIFEST_MAX_BYTES}`);
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof ExportReadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ExportReadError(`cannot read manifest ${path}: ${code ?? reason(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ExportReadError(`${path}: not JSON (${reason(error)})`);
  }
  const parsed = CollectionManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ExportReadError(
      `${path}: not a SinkGuard collector manifest: ${issue.path.join('.') || 'top'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** The offline audit of one host's exports (and manifest): `audit --reg-file` and each host of `fleet audit`. */
export async function auditExportFiles(
  paths: readonly string[],
  manifest: CollectionManifest | null,
  profile: Profile,
  context: {
    readonly platform: NodeJS.Platform;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly version?: string;
  },
): Promise<AuditReport> {
  return auditOffline(await readExports(paths), profile, {
    ...context,
    description: `offline: ${paths.join(', ')}`,
    facts: manifest ? collectorFacts(manifest) : undefined,
  });
}
