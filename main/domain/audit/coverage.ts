import type { RegFile } from '../regfile/model';
import type { KeySnapshot } from '../registry-port/types';
import { isSameOrBelow } from '../changes/values';

/**
 * What an offline export covers. `reg export KEY` writes KEY and everything below it, so a file holding a key (or a
 * `[-KEY]` block, which says the key is gone) vouches for that key's whole subtree: a key missing below it does not
 * exist on the machine. A key with no block at or above it in any file was simply not exported, and nothing can be
 * concluded about it: the audit reports its settings as "not in the export" (severity unknown), never as not set.
 */

/** The word the audit shows for a value whose key the export does not hold, and how its problem text begins. */
export const NOT_IN_EXPORT = 'not in the export';

export const notInExportProblem = (key: string): string =>
  `${NOT_IN_EXPORT}: the .reg file holds neither ${key} nor a key above it, so its values are unknown`;

export const isNotInExport = (problem: string): boolean => problem.startsWith(`${NOT_IN_EXPORT}:`);

/**
 * The keys whose subtrees the files vouch for: every block's key, plus keys a collector reports absent on the machine
 * (`reg export` of a missing key fails, so the collector says so in its manifest instead).
 */
export function exportRoots(files: readonly RegFile[], knownAbsent: readonly string[] = []): string[] {
  const roots = new Map<string, string>();
  for (const file of files) for (const block of file.blocks) roots.set(block.path.toUpperCase(), block.path);
  for (const key of knownAbsent) roots.set(key.toUpperCase(), key);
  return [...roots.values()];
}

/**
 * The audit's snapshots with every absent key the roots do not vouch for turned into an unreadable one, and the list
 * of those keys. `unreadableKeys` (key → reason, from a collector's manifest) are marked unreadable with that reason.
 */
export function markNotInExport(
  snapshots: readonly KeySnapshot[],
  roots: readonly string[],
  unreadableKeys: ReadonlyMap<string, string> = new Map(),
): { snapshots: KeySnapshot[]; keysNotInExport: string[] } {
  const refused = new Map([...unreadableKeys].map(([key, why]) => [key.toUpperCase(), why]));
  const keysNotInExport: string[] = [];
  const marked = snapshots.map((snapshot): KeySnapshot => {
    const why = refused.get(snapshot.path.toUpperCase());
    if (why !== undefined) return { ...snapshot, exists: false, unreadable: why, descendants: undefined };
    if (snapshot.exists || snapshot.unreadable !== undefined) return snapshot;
    if (roots.some((root) => isSameOrBelow(snapshot.path, root))) return snapshot;
    keysNotInExport.push(snapshot.path);
    return { ...snapshot, unreadable: notInExportProblem(snapshot.path) };
  });
  return { snapshots: marked, keysNotInExport };
}
