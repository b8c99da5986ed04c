import {
  RestoreTrustError,
  canonicalState,
  planRestore,
  restoreReadKeys,
  trustBackup,
  type BackupRecord,
  type RestorePlan,
  type TrustedRecord,
} from '../domain/changes/index';
import { RegFileError, parseRegFile, type RegFile } from '../domain/regfile/index';
import type { KeySnapshot } from '../domain/registry-port/types';
import type { BackupManifest } from './backups';
import { loadBackupOrRefuse } from './backup-step';
import type { EngineContext } from './context';
import { ChangeRefusedError } from './errors';
import { readOrRefuse } from './preflight';
import { readJournal } from './recovery';
import { sha256Hex } from './storage';

/** A restore plan with what it was made from: the trusted record, the backup file and the read of the machine. */
export interface PreparedRestore {
  readonly plan: RestorePlan;
  readonly record: TrustedRecord;
  readonly file: RegFile;
  readonly manifest: BackupManifest;
  readonly snapshots: readonly KeySnapshot[];
}

/** What the journal records of a backup, written in the `begin` record of the transaction it was taken before. */
export function backupRecordOf(manifest: BackupManifest): BackupRecord {
  return {
    exportedKeys: [...manifest.exportedKeys],
    missingKeys: [...manifest.missingKeys],
    sha256: manifest.regSha256,
  };
}

/**
 * Plans the restore of `backupId` (reads only): the backup is loaded (a bad id is `not-found`), trusted only as far
 * as its journal record vouches (`untrusted-backup` otherwise, nothing written), and the keys the change touched are
 * read now.
 */
export async function prepareRestore(context: EngineContext, backupId: string): Promise<PreparedRestore> {
  const loaded = await loadBackupOrRefuse(context, backupId);
  const records = await readJournal(context);
  const record = records.find((candidate) => candidate.type === 'begin' && candidate.id === backupId) as
    Extract<(typeof records)[number], { type: 'begin' }> | undefined;
  let file: RegFile;
  try {
    file = parseRegFile(loaded.reg);
  } catch (error) {
    if (error instanceof RegFileError)
      throw new ChangeRefusedError('invalid-input', `backup ${backupId} cannot be read: ${error.message}`);
    throw error;
  }
  let trusted: TrustedRecord;
  try {
    // The checksum compared is the journal's, computed again from the bytes: never the manifest's beside the file.
    trusted = trustBackup({
      backupId,
      record,
      manifest: loaded.manifest,
      sha256: sha256Hex(loaded.reg),
      file,
    });
  } catch (error) {
    if (error instanceof RestoreTrustError)
      throw new ChangeRefusedError('untrusted-backup', error.message, [
        `refusal: ${error.reason}`,
        ...error.details,
      ]);
    throw error;
  }
  const snapshots = await readOrRefuse(context, restoreReadKeys(trusted));
  const plan = planRestore(trusted, file, snapshots, sha256Hex(canonicalState(snapshots)));
  return { plan, record: trusted, file, manifest: loaded.manifest, snapshots };
}
