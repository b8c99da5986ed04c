import type { KeySnapshot } from '../registry-port/types';
import { ancestorsOf, indexSnapshots, isSameOrBelow } from './values';

/** Keys deduplicated case-insensitively, first spelling kept. */
export function uniqueKeys(keys: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const key of keys) if (!seen.has(key.toUpperCase())) seen.set(key.toUpperCase(), key);
  return [...seen.values()];
}

/**
 * What a backup of `keys` holds: the topmost existing keys to export (subkeys come with them) and, for keys that
 * do not exist, their topmost missing ancestor (a restore deletes it).
 */
export function backupScope(
  keys: readonly string[],
  snapshots: readonly KeySnapshot[],
): { readonly exported: string[]; readonly missing: string[] } {
  const find = indexSnapshots(snapshots);
  const existing = keys.filter((key) => find(key)?.exists);
  const exported = existing.filter(
    (key) =>
      !existing.some(
        (other) => other !== key && isSameOrBelow(key, other) && other.toUpperCase() !== key.toUpperCase(),
      ),
  );
  const missing = topmostMissing(
    keys.filter((key) => !find(key)?.exists),
    find,
  );
  return { exported, missing };
}

function topmostMissing(keys: readonly string[], find: (path: string) => KeySnapshot | undefined): string[] {
  const result = new Map<string, string>();
  for (const key of keys) {
    let topmost = key;
    for (const ancestor of ancestorsOf(key)) {
      const snapshot = find(ancestor);
      if (!snapshot || snapshot.exists) break;
      topmost = ancestor;
    }
    result.set(topmost.toUpperCase(), topmost);
  }
  return [...result.values()];
}
