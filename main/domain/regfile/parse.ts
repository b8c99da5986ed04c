import type { RegistryValue } from '../../registry/types';
import { RegFileError } from './errors';
import {
  REG_FILE_HEADER_V4,
  REG_FILE_HEADER_V5,
  shortenHive,
  type RegFile,
  type RegFileBlock,
  type RegFileEntry,
} from './model';
import { REG_TYPE_CODE, decodeUtf16le, valueFromBytes } from './values';

interface Line {
  readonly text: string;
  readonly number: number;
}

/**
 * Parses a `.reg` file: "Windows Registry Editor Version 5.00" as UTF-16LE with BOM (what `reg export` writes), or
 * REGEDIT4 as ANSI (Windows-1252). Throws RegFileError naming the line; never returns a partial result.
 */
export function parseRegFile(bytes: Uint8Array): RegFile {
  const { text, ansi } = decodeFile(bytes);
  const lines = text.split(/\r\n|\n|\r/).map((line, index): Line => ({ text: line, number: index + 1 }));
  const header = lines[0]?.text.trimEnd() ?? '';
  if (header !== REG_FILE_HEADER_V5 && header !== REG_FILE_HEADER_V4) {
    throw new RegFileError(
      'missing-header',
      1,
      `expected the header '${REG_FILE_HEADER_V5}' (or '${REG_FILE_HEADER_V4}'), found '${header.slice(0, 60)}'`,
    );
  }
  if (header === REG_FILE_HEADER_V5 && ansi) {
    throw new RegFileError('not-utf16', 1, 'a Version 5.00 file must be UTF-16LE with a byte order mark');
  }
  const decodeAnsi = header === REG_FILE_HEADER_V4 ? windows1252 : undefined;

  const blocks: RegFileBlock[] = [];
  let current: { path: string; entries: RegFileEntry[] } | undefined;
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]!;
    const trimmed = line.text.trim();
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) continue;
    const isLast = index === lines.length - 1;
    if (trimmed.startsWith('[')) {
      if (!trimmed.endsWith(']')) {
        throw new RegFileError(
          isLast ? 'truncated' : 'bad-syntax',
          line.number,
          `key line '${trimmed}' lacks its closing ']'`,
        );
      }
      const deleting = trimmed.startsWith('[-');
      const path = keyPath(trimmed.slice(deleting ? 2 : 1, -1), line.number);
      current = undefined;
      if (deleting) {
        blocks.push({ kind: 'delete-key', path });
      } else {
        current = { path, entries: [] };
        blocks.push({ kind: 'key', path, entries: current.entries });
      }
      continue;
    }
    if (!current) {
      throw new RegFileError('bad-syntax', line.number, 'a value appears before any [KEY] line');
    }
    const { entry, consumed } = parseEntry(lines, index, decodeAnsi);
    current.entries.push(entry);
    index += consumed;
  }
  return { blocks };
}

function decodeFile(bytes: Uint8Array): { text: string; ansi: boolean } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    if (bytes.length % 2 !== 0) {
      const text = decodeUtf16le(bytes, 2);
      throw new RegFileError(
        'truncated',
        text.split(/\r\n|\n|\r/).length,
        'the file ends in the middle of a UTF-16 character',
      );
    }
    return { text: decodeUtf16le(bytes, 2), ansi: false };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    throw new RegFileError('not-utf16', 1, 'the file is UTF-16 big-endian; .reg files are UTF-16LE');
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const text = windows1252(bytes.subarray(start));
  if (text.startsWith(REG_FILE_HEADER_V4)) return { text, ansi: true };
  if (text.startsWith(REG_FILE_HEADER_V5)) {
    throw new RegFileError(
      'not-utf16',
      1,
      'the file is not UTF-16LE with a byte order mark (as reg export writes)',
    );
  }
  if (bytes.length >= 2 && bytes[1] === 0 && bytes[0] !== 0) {
    throw new RegFileError('not-utf16', 1, 'the file looks like UTF-16LE but has no byte order mark');
  }
  throw new RegFileError('missing-header', 1, `the file does not start with '${REG_FILE_HEADER_V5}'`);
}

function windows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes);
}

function keyPath(raw: string, lineNumber: number): string {
  const path = shortenHive(raw.trim());
  if (path === undefined || raw.trim() === '' || raw.includes('\\\\') || raw.trim().endsWith('\\')) {
    throw new RegFileError('bad-syntax', lineNumber, `'${raw}' is not a key path under a registry hive`);
  }
  return path;
}

/** Parses the value at `lines[index]`; `consumed` counts the continuation lines it took. */
function parseEntry(
  lines: readonly Line[],
  index: number,
  ansi: ((bytes: Uint8Array) => string) | undefined,
): { entry: RegFileEntry; consumed: number } {
  const line = lines[index]!;
  const isLast = index === lines.length - 1;
  const text = line.text.trimStart();
  let name: string;
  let rest: string;
  if (text.startsWith('@')) {
    name = '';
    rest = text.slice(1);
  } else if (text.startsWith('"')) {
    const quoted = readQuoted(text, 0, line.number, isLast);
    name = quoted.value;
    rest = text.slice(quoted.end);
  } else {
    throw new RegFileError(
      'bad-syntax',
      line.number,
      `expected "name"=data or @=data, found '${text.slice(0, 40)}'`,
    );
  }
  rest = rest.trimStart();
  if (!rest.startsWith('=')) {
    throw new RegFileError('bad-syntax', line.number, `expected '=' after the value name '${name}'`);
  }
  rest = rest.slice(1).trimStart();
  if (/^-\s*$/.test(rest)) return { entry: { kind: 'delete', name }, consumed: 0 };
  if (rest.startsWith('"')) {
    const quoted = readQuoted(rest, 0, line.number, isLast);
    const after = rest.slice(quoted.end).trim();
    if (after !== '' && !after.startsWith(';')) {
      throw new RegFileError(
        'bad-syntax',
        line.number,
        `unexpected '${after.slice(0, 20)}' after the string of '${name}'`,
      );
    }
    return { entry: { kind: 'set', name, value: { type: 'REG_SZ', data: quoted.value } }, consumed: 0 };
  }
  const dword = /^dword:(.*)$/i.exec(rest);
  if (dword) {
    const digits = dword[1]!.trim();
    if (!/^[0-9a-f]{1,8}$/i.test(digits)) {
      throw new RegFileError(
        'bad-hex',
        line.number,
        `dword '${name}' needs 1 to 8 hex digits, found '${digits}'`,
      );
    }
    return {
      entry: { kind: 'set', name, value: { type: 'REG_DWORD', data: parseInt(digits, 16) } },
      consumed: 0,
    };
  }
  const hex = /^hex(?:\(([^)]*)\))?:(.*)$/i.exec(rest);
  if (!hex) {
    const type = /^([^:"]*):/.exec(rest)?.[1];
    throw new RegFileError(
      type === undefined ? 'bad-syntax' : 'unknown-type',
      line.number,
      type === undefined
        ? `cannot read the data of '${name}': '${rest.slice(0, 30)}'`
        : `unknown value type '${type}:' for '${name}'`,
    );
  }
  const typeText = hex[1];
  if (typeText !== undefined && !/^[0-9a-f]{1,8}$/i.test(typeText)) {
    throw new RegFileError(
      'unknown-type',
      line.number,
      `unknown value type 'hex(${typeText}):' for '${name}'`,
    );
  }
  const typeCode = typeText === undefined ? REG_TYPE_CODE.REG_BINARY : parseInt(typeText, 16);
  let data = hex[2]!.trim();
  let consumed = 0;
  while (data.endsWith('\\')) {
    const next = lines[index + consumed + 1];
    if (next === undefined || (next.text.trim() === '' && index + consumed + 1 === lines.length - 1)) {
      throw new RegFileError(
        'truncated',
        lines[index + consumed]!.number,
        `the hex data of '${name}' ends with '\\' and no next line`,
      );
    }
    consumed++;
    data = data.slice(0, -1) + next.text.trim();
  }
  const lastLine = lines[index + consumed]!.number;
  // reg export never ends hex data with a comma: one there means the rest (more bytes, or the backslash and the
  // continuation line) was cut off, and reading what is left would silently give shorter data.
  if (data.trimEnd().endsWith(',')) {
    throw new RegFileError(
      'truncated',
      lastLine,
      `the hex data of '${name}' ends with ',' and no byte after it (the rest of the data is missing)`,
    );
  }
  const bytes = parseHexBytes(data, name, lastLine);
  const textDecoder =
    ansi && (typeCode === REG_TYPE_CODE.REG_EXPAND_SZ || typeCode === REG_TYPE_CODE.REG_MULTI_SZ)
      ? ansi
      : undefined;
  const value: RegistryValue = valueFromBytes(typeCode, bytes, textDecoder);
  return { entry: { kind: 'set', name, value }, consumed };
}

function parseHexBytes(data: string, name: string, lineNumber: number): Uint8Array {
  const tokens = data.split(',');
  if (tokens.length === 1 && tokens[0]!.trim() === '') return new Uint8Array(0);
  const bytes = new Uint8Array(tokens.length);
  tokens.forEach((token, i) => {
    const digits = token.trim();
    if (!/^[0-9a-f]{2}$/i.test(digits)) {
      throw new RegFileError(
        'bad-hex',
        lineNumber,
        `byte ${i + 1} of '${name}' is '${digits}', not two hex digits`,
      );
    }
    bytes[i] = parseInt(digits, 16);
  });
  return bytes;
}

/** Reads a double-quoted string starting at `text[start]`, resolving `\\`, `\"`, `\n` and `\r`. */
function readQuoted(
  text: string,
  start: number,
  lineNumber: number,
  isLast: boolean,
): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return { value, end: i + 1 };
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = text[++i];
    const unescaped =
      next === '\\' || next === '"' ? next : next === 'n' ? '\n' : next === 'r' ? '\r' : undefined;
    if (unescaped === undefined) {
      if (next === undefined) break;
      throw new RegFileError('bad-string', lineNumber, `unknown escape '\\${next}' in a quoted string`);
    }
    value += unescaped;
  }
  throw new RegFileError(
    isLast ? 'truncated' : 'bad-string',
    lineNumber,
    "a quoted string has no closing '\"'",
  );
}
