import { APPID_ROOTS } from '../appids/roots';
import { catalogKeys } from '../catalog/index';
import { LOCAL_RULES_KEY } from '../firewall/store';
import type { RegFile } from '../regfile/index';
import type { BackupRecord, JournalBegin, TouchedRecord } from './journal';
import { foldPath, isSameOrBelow } from './values';

/**
 * Why a backup is not restored. Each is a refusal before anything is written: a restore runs elevated, so a backup
 * file is trusted only as far as the journal vouches for it and only inside what SinkGuard manages.
 */
export type RestoreRefusalReason =
  /** The journal has no record of the transaction the backup was taken for. */
  | 'no-journal-record'
  /** The record predates the journal keeping the backup's checksum and what the change touched. */
  | 'unverifiable'
  /** The file's SHA-256 is not the one the journal recorded when the backup was taken. */
  | 'hash-mismatch'
  /** The manifest's key lists are not the ones the journal recorded. */
  | 'keys-differ'
  /** The file holds a key outside the keys the journal recorded, or a key deletion (no export holds one). */
  | 'foreign-key'
  /** The record names a key outside the set SinkGuard manages. */
  | 'not-managed'
  /** A value the change touched is not covered by the backup. */
  | 'not-covered';

export class RestoreTrustError extends Error {
  override readonly name = 'RestoreTrustError';
  constructor(
    readonly reason: RestoreRefusalReason,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A journal record a restore may rely on: it carries what the change touched and its backup's checksum. */
export type TrustedRecord = JournalBegin & { readonly touched: TouchedRecord; readonly backup: BackupRecord };

/** The trees below which SinkGuard writes values: every AppID, in both registry views. */
const MANAGED_TREES: readonly string[] = Object.values(APPID_ROOTS);

/** The keys whose values SinkGuard writes: the catalog's keys, every AppID, the local firewall rule store. */
const MANAGED_KEYS: readonly string[] = [...catalogKeys(), ...MANAGED_TREES, LOCAL_RULES_KEY];

/** Whether SinkGuard may write values in `path`. */
export function isManagedKey(path: string): boolean {
  return (
    MANAGED_TREES.some((tree) => isSameOrBelow(path, tree)) ||
    MANAGED_KEYS.some((key) => foldPath(key) === foldPath(path))
  );
}

/** Whether SinkGuard may delete `path` as a key a change created: a managed key or a parent of one. */
function isManagedOrParent(path: string): boolean {
  return isManagedKey(path) || MANAGED_KEYS.some((key) => isSameOrBelow(key, path));
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => {
  const fold = (list: readonly string[]) => [...new Set(list.map(foldPath))].sort().join('\n');
  return fold(a) === fold(b);
};

/**
 * Checks a backup before its restore is planned. `record` is the journal's begin record of the transaction the backup
 * was taken for; `sha256` is of the file's bytes as read now. Throws RestoreTrustError naming what is wrong.
 */
export function trustBackup(input: {
  readonly backupId: string;
  readonly record: JournalBegin | undefined;
  readonly manifest: { readonly exportedKeys: readonly string[]; readonly missingKeys: readonly string[] };
  readonly sha256: string;
  readonly file: RegFile;
}): TrustedRecord {
  const { backupId, record, manifest, file } = input;
  const refuse = (reason: RestoreRefusalReason, what: string, details: readonly string[] = []): never => {
    throw new RestoreTrustError(
      reason,
      `backup ${backupId} is not restored: ${what}; nothing was changed`,
      details,
    );
  };
  if (!record) refuse('no-journal-record', 'the change journal has no record of it');
  const { touched, backup } = record!;
  if (!touched || !backup)
    refuse(
      'unverifiable',
      'its journal record predates SinkGuard recording what a change touched and its backup’s SHA-256, so ' +
        'nothing vouches for the file (restore it by hand with reg import after checking it)',
    );
  if (input.sha256 !== backup!.sha256)
    refuse(
      'hash-mismatch',
      'the file is not the one taken at the change (its SHA-256 differs from the journal’s)',
      [`journal: ${backup!.sha256}`, `file:    ${input.sha256}`],
    );
  if (
    !sameList(manifest.exportedKeys, backup!.exportedKeys) ||
    !sameList(manifest.missingKeys, backup!.missingKeys)
  )
    refuse('keys-differ', 'its manifest lists other keys than the journal recorded', [
      ...manifest.exportedKeys.filter(
        (key) => !backup!.exportedKeys.some((k) => foldPath(k) === foldPath(key)),
      ),
      ...manifest.missingKeys.filter(
        (key) => !backup!.missingKeys.some((k) => foldPath(k) === foldPath(key)),
      ),
    ]);
  const outside = [
    ...backup!.exportedKeys.filter((key) => !isManagedKey(key)),
    ...backup!.missingKeys.filter((key) => !isManagedOrParent(key)),
    ...touched!.values.map((value) => value.key).filter((key) => !isManagedKey(key)),
    ...touched!.createdKeys.filter((key) => !isManagedOrParent(key)),
  ];
  if (outside.length > 0)
    refuse('not-managed', `it names keys SinkGuard does not manage (${outside[0]})`, [...new Set(outside)]);
  const foreign = file.blocks.flatMap((block) =>
    block.kind === 'delete-key'
      ? [`[-${block.path}] (a key deletion)`]
      : backup!.exportedKeys.some((key) => isSameOrBelow(block.path, key))
        ? []
        : [block.path],
  );
  if (foreign.length > 0)
    refuse('foreign-key', `the file holds keys the backup never exported (${foreign[0]})`, foreign);
  const covered = (key: string): boolean =>
    [...backup!.exportedKeys, ...backup!.missingKeys].some((root) => isSameOrBelow(key, root));
  const uncovered = [
    ...touched!.values.map((value) => value.key),
    ...touched!.createdKeys,
    ...(touched!.firewallRules.length > 0 ? [LOCAL_RULES_KEY] : []),
  ].filter((key) => !covered(key));
  if (uncovered.length > 0)
    refuse('not-covered', `it does not hold keys the change touched (${uncovered[0]})`, [
      ...new Set(uncovered),
    ]);
  return record as TrustedRecord;
}
