import type { KeySnapshot } from '../registry-port/types';
import { encodeUtf16le, typeCodeOf, valueToBytes } from '../regfile/index';
import { bytesToHex } from '../descriptors/hex';
import { foldPath, showValue } from './values';

/**
 * The canonical text of a batch read: every key (exists or not, subkeys) and every value (type code and exact bytes),
 * sorted case-insensitively. Its SHA-256 is a plan's fingerprint; equal text = the same state.
 */
export function canonicalState(snapshots: readonly KeySnapshot[]): string {
  const lines: string[] = [];
  const sorted = [...snapshots].sort((a, b) => compare(foldPath(a.path), foldPath(b.path)));
  for (const snapshot of sorted) {
    lines.push(`K ${foldPath(snapshot.path)} ${snapshot.exists ? 'exists' : 'missing'}`);
    if (!snapshot.exists) continue;
    lines.push(
      `S ${[...snapshot.subkeys]
        .map((name) => name.toUpperCase())
        .sort(compare)
        .join('\\')}`,
    );
    const values = [...snapshot.values].sort(([a], [b]) => compare(a.toUpperCase(), b.toUpperCase()));
    for (const [name, value] of values) {
      lines.push(
        `V ${bytesToHex(encodeUtf16le(name))} ${typeCodeOf(value)} ${bytesToHex(valueToBytes(value))}`,
      );
    }
  }
  return lines.join('\n');
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What differs between two reads of the same keys, one line per key or value, for a "stale plan" refusal. */
export function describeStateChanges(
  before: readonly KeySnapshot[],
  after: readonly KeySnapshot[],
): string[] {
  const now = new Map(after.map((snapshot) => [foldPath(snapshot.path), snapshot]));
  const changes: string[] = [];
  for (const old of before) {
    const current = now.get(foldPath(old.path));
    if (!current) {
      changes.push(`${old.path}: not read again`);
      continue;
    }
    if (old.exists !== current.exists) {
      changes.push(`${old.path}: ${old.exists ? 'was deleted' : 'was created'}`);
      continue;
    }
    const names = new Map<string, string>();
    for (const name of [...old.values.keys(), ...current.values.keys()]) names.set(name.toUpperCase(), name);
    for (const [folded, name] of names) {
      const find = (snapshot: KeySnapshot) =>
        [...snapshot.values].find(([candidate]) => candidate.toUpperCase() === folded)?.[1] ?? null;
      const a = find(old);
      const b = find(current);
      const same =
        a !== null &&
        b !== null &&
        typeCodeOf(a) === typeCodeOf(b) &&
        bytesToHex(valueToBytes(a)) === bytesToHex(valueToBytes(b));
      if (!same && !(a === null && b === null)) {
        changes.push(`${old.path}\\${name === '' ? '(Default)' : name}: ${showValue(a)} → ${showValue(b)}`);
      }
    }
    const subkeys = (snapshot: KeySnapshot) => new Set(snapshot.subkeys.map((name) => name.toUpperCase()));
    const [was, is] = [subkeys(old), subkeys(current)];
    for (const name of current.subkeys)
      if (!was.has(name.toUpperCase())) changes.push(`${old.path}\\${name}: subkey created`);
    for (const name of old.subkeys)
      if (!is.has(name.toUpperCase())) changes.push(`${old.path}\\${name}: subkey deleted`);
  }
  return changes;
}
