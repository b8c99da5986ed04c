import type { RegistryValue } from '../registry-port/types';
import { RegFileError } from './errors';
import { REG_FILE_HEADER_V5, expandHive, type RegFile, type RegFileEntry } from './model';
import { describeInvalidValue, encodeUtf16le, typeCodeOf, valueToBytes } from './values';

/** `reg export` wraps hex data once a line reaches this many characters (Wine regproc.c MAX_HEX_CHARS). */
const WRAP_AT = 77;

/**
 * Writes a `.reg` file byte for byte the way `reg export` does: UTF-16LE with BOM, CRLF, a blank line before every
 * key and at the end, hex data wrapped with a trailing `\` and a two-space indent.
 */
export function writeRegFile(file: RegFile): Uint8Array {
  return encodeUtf16le(`\uFEFF${writeRegFileText(file)}`);
}

/** The text of the file, before encoding. */
export function writeRegFileText(file: RegFile): string {
  const lines: string[] = [REG_FILE_HEADER_V5];
  for (const block of file.blocks) {
    const hivePath = expandHive(block.path);
    if (hivePath === undefined || /[\r\n]/.test(block.path)) {
      throw new RegFileError('unwritable', 0, `key '${block.path}' does not start with a registry hive`);
    }
    lines.push('');
    if (block.kind === 'delete-key') {
      lines.push(`[-${hivePath}]`);
      continue;
    }
    lines.push(`[${hivePath}]`);
    for (const entry of block.entries) lines.push(writeEntry(entry, block.path));
  }
  lines.push('', '');
  return lines.join('\r\n');
}

function writeEntry(entry: RegFileEntry, path: string): string {
  const name = entry.name === '' ? '@' : `"${escapeString(entry.name)}"`;
  if (entry.kind === 'delete') return `${name}=-`;
  const invalid = describeInvalidValue(entry.value);
  if (invalid) throw new RegFileError('unwritable', 0, `value '${entry.name}' of key '${path}': ${invalid}`);
  return `${name}=${writeData(entry.value, name.length + 1)}`;
}

function writeData(value: RegistryValue, column: number): string {
  switch (value.type) {
    case 'REG_SZ':
      // `reg export` cuts a string at its first NUL; such strings (and line breaks) go out as hex(1) instead.
      return /[\0\r\n]/.test(value.data) ? writeHex(value, column) : `"${escapeString(value.data)}"`;
    case 'REG_DWORD':
      return `dword:${value.data.toString(16).padStart(8, '0')}`;
    default:
      return writeHex(value, column);
  }
}

function writeHex(value: RegistryValue, column: number): string {
  const typeCode = typeCodeOf(value);
  const prefix = value.type === 'REG_BINARY' ? 'hex:' : `hex(${typeCode.toString(16)}):`;
  const bytes = valueToBytes(value);
  // Character codes into one buffer, made a string once: a string grown byte by byte is slow for large values.
  // A byte takes 3 characters, and a line break after it 5 more.
  const out = new Uint16Array(bytes.length * 8);
  let length = 0;
  let lineLength = column + prefix.length;
  for (let i = 0; i < bytes.length; i++) {
    out[length++] = HEX_DIGIT[bytes[i]! >> 4]!;
    out[length++] = HEX_DIGIT[bytes[i]! & 15]!;
    if (i === bytes.length - 1) break;
    out[length++] = COMMA;
    lineLength += 3;
    if (lineLength >= WRAP_AT) {
      out.set(CONTINUE_LINE, length);
      length += CONTINUE_LINE.length;
      lineLength = 2;
    }
  }
  const chunks = [prefix];
  for (let start = 0; start < length; start += 8192) {
    const units = out.subarray(start, Math.min(length, start + 8192));
    chunks.push(String.fromCharCode.apply(null, units as unknown as number[]));
  }
  return chunks.join('');
}

const HEX_DIGIT = Uint16Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
const COMMA = 0x2c;
/** `\\`, CRLF and the two-space indent reg export starts a continuation line with. */
const CONTINUE_LINE = Uint16Array.from('\\\r\n  ', (c) => c.charCodeAt(0));

function escapeString(text: string): string {
  return text.replace(/[\\"\r\n]/g, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : `\\${c}`));
}
