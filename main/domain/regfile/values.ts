import type { RegistryValue } from '../registry-port/types';

/** Registry type codes (winnt.h). */
export const REG_TYPE_CODE = {
  REG_NONE: 0,
  REG_SZ: 1,
  REG_EXPAND_SZ: 2,
  REG_BINARY: 3,
  REG_DWORD: 4,
  REG_MULTI_SZ: 7,
  REG_QWORD: 11,
} as const;

export function typeCodeOf(value: RegistryValue): number {
  return value.type === 'REG_OTHER' ? value.typeCode : REG_TYPE_CODE[value.type];
}

export function encodeUtf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[i * 2] = unit & 0xff;
    bytes[i * 2 + 1] = unit >> 8;
  }
  return bytes;
}

/** Well-formed UTF-16LE, decoded natively; it throws on a lone surrogate, which the fallback keeps as it is. */
const strictUtf16 = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

/** Decodes UTF-16LE code units one to one (no replacement of lone surrogates, so nothing is lost). */
export function decodeUtf16le(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const evenEnd = start + ((end - start) & ~1);
  try {
    return strictUtf16.decode(bytes.subarray(start, evenEnd));
  } catch {
    // A lone surrogate: code unit by code unit, in chunks joined once (never one growing string).
  }
  const chunks: string[] = [];
  const units: number[] = [];
  for (let i = start; i < evenEnd; i += 2) {
    units.push(bytes[i]! | (bytes[i + 1]! << 8));
    if (units.length === 4096) {
      chunks.push(String.fromCharCode(...units));
      units.length = 0;
    }
  }
  chunks.push(String.fromCharCode(...units));
  return chunks.join('');
}

/** The bytes the registry stores for a value: strings UTF-16LE with their NUL terminator, numbers little-endian. */
export function valueToBytes(value: RegistryValue): Uint8Array {
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return encodeUtf16le(`${value.data}\0`);
    case 'REG_MULTI_SZ':
      return encodeUtf16le(value.data.map((entry) => `${entry}\0`).join('') + '\0');
    case 'REG_DWORD': {
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setUint32(0, value.data, true);
      return bytes;
    }
    case 'REG_QWORD': {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setBigUint64(0, value.data, true);
      return bytes;
    }
    case 'REG_BINARY':
    case 'REG_OTHER':
      return value.data;
  }
}

/**
 * The value for stored bytes of a type. Strings drop one NUL terminator; data a typed decoding cannot represent
 * exactly (an odd-length string, a DWORD that is not 4 bytes) stays REG_OTHER, so nothing is lost.
 * `ansi` decodes REG_EXPAND_SZ / REG_MULTI_SZ data written by REGEDIT4 (one byte per character). `keep` makes the
 * bytes a value holds on to (a parser passes a view of its scratch buffer and copies only what is kept).
 */
export function valueFromBytes(
  typeCode: number,
  bytes: Uint8Array,
  ansi?: (bytes: Uint8Array) => string,
  keep: (bytes: Uint8Array) => Uint8Array = (kept) => kept,
): RegistryValue {
  const other = (): RegistryValue => ({ type: 'REG_OTHER', typeCode, data: keep(bytes) });
  const text = (): string | undefined => {
    if (ansi) return ansi(bytes);
    return bytes.length % 2 === 0 ? decodeUtf16le(bytes) : undefined;
  };
  switch (typeCode) {
    case REG_TYPE_CODE.REG_SZ:
    case REG_TYPE_CODE.REG_EXPAND_SZ: {
      const data = text();
      if (data === undefined) return other();
      const type = typeCode === REG_TYPE_CODE.REG_SZ ? 'REG_SZ' : 'REG_EXPAND_SZ';
      return { type, data: data.endsWith('\0') ? data.slice(0, -1) : data };
    }
    case REG_TYPE_CODE.REG_MULTI_SZ: {
      const data = text();
      return data === undefined ? other() : { type: 'REG_MULTI_SZ', data: splitMultiString(data) };
    }
    case REG_TYPE_CODE.REG_BINARY:
      return { type: 'REG_BINARY', data: keep(bytes) };
    case REG_TYPE_CODE.REG_DWORD:
      return bytes.length === 4
        ? { type: 'REG_DWORD', data: new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) }
        : other();
    case REG_TYPE_CODE.REG_QWORD:
      return bytes.length === 8
        ? { type: 'REG_QWORD', data: new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true) }
        : other();
    default:
      return other();
  }
}

/**
 * `a\0\0b\0\0` → ['a', '', 'b']: each entry is NUL-terminated and a final NUL ends the list. Tolerates a missing
 * final NUL or terminator, as found in values written by careless tools.
 */
export function splitMultiString(text: string): string[] {
  if (text === '' || text === '\0') return [];
  if (text.endsWith('\0\0')) return text.slice(0, -2).split('\0');
  if (text.endsWith('\0')) return text.slice(0, -1).split('\0');
  return text.split('\0');
}

/** Why a value cannot be stored as its type says (a DWORD out of range, a string that is not one...), or undefined. */
export function describeInvalidValue(value: RegistryValue): string | undefined {
  const data: unknown = value.data;
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return typeof data === 'string' ? undefined : `${value.type} data must be a string`;
    case 'REG_MULTI_SZ':
      return Array.isArray(data) && data.every((entry) => typeof entry === 'string' && !entry.includes('\0'))
        ? undefined
        : 'REG_MULTI_SZ data must be a list of strings without NUL characters';
    case 'REG_DWORD':
      return Number.isInteger(data) && (data as number) >= 0 && (data as number) <= 0xffff_ffff
        ? undefined
        : `REG_DWORD data must be an integer from 0 to 4294967295, not ${String(data)}`;
    case 'REG_QWORD':
      return typeof data === 'bigint' && data >= 0n && data <= 0xffff_ffff_ffff_ffffn
        ? undefined
        : `REG_QWORD data must be a bigint from 0 to 2^64-1, not ${String(data)}`;
    case 'REG_BINARY':
      return data instanceof Uint8Array ? undefined : 'REG_BINARY data must be bytes (Uint8Array)';
    case 'REG_OTHER':
      return data instanceof Uint8Array &&
        Number.isInteger(value.typeCode) &&
        value.typeCode >= 0 &&
        value.typeCode <= 0xffff_ffff
        ? undefined
        : 'REG_OTHER needs a type code from 0 to 0xffffffff and bytes (Uint8Array)';
    default:
      return `unknown value type '${String((value as { type: unknown }).type)}'`;
  }
}
