import type { KeySnapshot, RegistryValue } from '../registry-port/types';
import type { ValueChange } from './model';

/** Byte-exact equality of two registry values (type, type code and data). */
export function sameValue(a: RegistryValue | null, b: RegistryValue | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'REG_BINARY':
      return sameBytes(a.data, (b as typeof a).data);
    case 'REG_OTHER': {
      const other = b as typeof a;
      return a.typeCode === other.typeCode && sameBytes(a.data, other.data);
    }
    case 'REG_MULTI_SZ': {
      const other = (b as typeof a).data;
      return a.data.length === other.length && a.data.every((item, index) => item === other[index]);
    }
    default:
      return a.data === (b as typeof a).data;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** A value as the registry compares names: case-insensitively. */
export function valueIn(snapshot: KeySnapshot | undefined, name: string): RegistryValue | null {
  if (!snapshot?.exists) return null;
  const direct = snapshot.values.get(name);
  if (direct) return direct;
  const folded = name.toUpperCase();
  for (const [candidate, value] of snapshot.values) if (candidate.toUpperCase() === folded) return value;
  return null;
}

/** Snapshots looked up case-insensitively by path. */
export function indexSnapshots(snapshots: readonly KeySnapshot[]): (path: string) => KeySnapshot | undefined {
  const byPath = new Map(snapshots.map((snapshot) => [snapshot.path.toUpperCase(), snapshot]));
  return (path) => byPath.get(path.toUpperCase());
}

/** A short, one-line rendering of a value for diffs and logs. */
export function showValue(value: RegistryValue | null): string {
  if (value === null) return '(absent)';
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return `${value.type} ${JSON.stringify(value.data)}`;
    case 'REG_MULTI_SZ':
      return `${value.type} ${JSON.stringify(value.data)}`;
    case 'REG_DWORD':
      return `${value.type} ${value.data} (0x${value.data.toString(16)})`;
    case 'REG_QWORD':
      return `${value.type} ${value.data.toString()}`;
    case 'REG_BINARY':
      return `${value.type} ${value.data.length} bytes`;
    case 'REG_OTHER':
      return `type ${value.typeCode} ${value.data.length} bytes`;
  }
}

/** The parent chain of a key path below its hive, nearest first: `A\B\C` → [`A\B`]. The hive itself is left out. */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('\\');
  const ancestors: string[] = [];
  for (let length = parts.length - 1; length >= 2; length--)
    ancestors.push(parts.slice(0, length).join('\\'));
  return ancestors;
}

export const foldPath = (path: string): string => path.toUpperCase();

/** Whether `path` is `ancestor` or lies below it (case-insensitive). */
export function isSameOrBelow(path: string, ancestor: string): boolean {
  const a = foldPath(ancestor);
  const p = foldPath(path);
  return p === a || p.startsWith(`${a}\\`);
}

/** For every written key that does not exist, its topmost missing ancestor (deleting it undoes the creation). */
export function createdKeysFor(changes: readonly ValueChange[], snapshots: readonly KeySnapshot[]): string[] {
  const find = indexSnapshots(snapshots);
  const created = new Map<string, string>();
  for (const change of changes) {
    if (change.action !== 'write' || find(change.key)?.exists) continue;
    let topmost = change.key;
    for (const ancestor of ancestorsOf(change.key)) {
      const snapshot = find(ancestor);
      if (!snapshot)
        throw new Error(`planning bug: the parent key ${ancestor} of ${change.key} was not read`);
      if (snapshot.exists) break;
      topmost = ancestor;
    }
    created.set(foldPath(topmost), topmost);
  }
  return [...created.values()];
}
