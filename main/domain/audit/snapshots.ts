import type { KeySnapshot, RegistryValue } from '../registry-port/types';
import type { ValueLocation } from '../catalog/types';
import { bytesToHex, hexToBytes } from '../descriptors/hex';
import type { JsonRegistryValue } from './report';

export type RawObservation =
  | { readonly state: 'present'; readonly value: RegistryValue }
  | { readonly state: 'absent' }
  /** The key was not part of the read (a caller bug or a partial backend answer): nothing can be concluded. */
  | { readonly state: 'not-read' }
  /** The backend refused to read the key (access denied): `problem` says so. */
  | { readonly state: 'unreadable'; readonly problem: string };

/** The snapshots of one batch read (subtrees' descendants included), looked up case-insensitively. */
export class SnapshotIndex {
  private readonly byPath = new Map<string, KeySnapshot>();

  constructor(snapshots: readonly KeySnapshot[]) {
    const add = (snapshot: KeySnapshot): void => {
      this.byPath.set(snapshot.path.toLowerCase(), snapshot);
      for (const below of snapshot.descendants ?? []) add(below);
    };
    for (const snapshot of snapshots) add(snapshot);
  }

  key(path: string): KeySnapshot | undefined {
    return this.byPath.get(path.toLowerCase());
  }

  observe(location: ValueLocation): RawObservation {
    const snapshot = this.key(location.key);
    if (!snapshot) return { state: 'not-read' };
    if (snapshot.unreadable !== undefined) return { state: 'unreadable', problem: snapshot.unreadable };
    if (!snapshot.exists) return { state: 'absent' };
    const wanted = location.value.toLowerCase();
    for (const [name, value] of snapshot.values) {
      if (name.toLowerCase() === wanted) return { state: 'present', value };
    }
    return { state: 'absent' };
  }
}

export function toJsonValue(value: RegistryValue): JsonRegistryValue {
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { type: value.type, data: value.data };
    case 'REG_MULTI_SZ':
      return { type: value.type, data: [...value.data] };
    case 'REG_DWORD':
      return { type: value.type, data: value.data };
    case 'REG_QWORD':
      return { type: value.type, data: value.data.toString() };
    case 'REG_BINARY':
      return { type: value.type, data: bytesToHex(value.data) };
    case 'REG_OTHER':
      return { type: value.type, typeCode: value.typeCode, data: bytesToHex(value.data) };
  }
}

/** The inverse of `toJsonValue`; `what` names the value in the error for hex that is not whole bytes. */
export function fromJsonValue(value: JsonRegistryValue, what = 'value'): RegistryValue {
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { type: value.type, data: value.data };
    case 'REG_MULTI_SZ':
      return { type: value.type, data: [...value.data] };
    case 'REG_DWORD':
      return { type: value.type, data: value.data };
    case 'REG_QWORD':
      return { type: value.type, data: BigInt(value.data) };
    case 'REG_BINARY':
      return { type: value.type, data: jsonBytes(value.data, what) };
    case 'REG_OTHER':
      return { type: value.type, typeCode: value.typeCode, data: jsonBytes(value.data, what) };
  }
}

/** JSON binary is strictly lowercase-or-uppercase hex pairs (hexToBytes alone would also accept `.reg` spellings). */
function jsonBytes(hex: string, what: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex))
    throw new RangeError(`${what}: '${hex.slice(0, 40)}' is not hex bytes`);
  return hexToBytes(hex);
}

/** A short, display-ready rendering of a raw value of an unexpected type, for "stored as ..." messages. */
export function describeRawValue(value: RegistryValue): string {
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return `${value.type} ${JSON.stringify(value.data)}`;
    case 'REG_MULTI_SZ':
      return `${value.type} ${JSON.stringify(value.data)}`;
    case 'REG_DWORD':
      return `${value.type} ${value.data}`;
    case 'REG_QWORD':
      return `${value.type} ${value.data.toString()}`;
    case 'REG_BINARY':
      return `${value.type} (${value.data.length} bytes)`;
    case 'REG_OTHER':
      return `registry type ${value.typeCode} (${value.data.length} bytes)`;
  }
}
