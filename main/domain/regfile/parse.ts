import { REG_FILE_MAX_BYTES, RegFileError, RegFileTooLargeError } from './errors';
import { ParseContext } from './context';
import type { HexDecoder } from './hex';
import { LineCursor, Utf16LineCursor, type Line, type Lines } from './lines';
import {
  REG_FILE_HEADER_V4,
  REG_FILE_HEADER_V5,
  shortenHive,
  type RegFile,
  type RegFileBlock,
  type RegFileEntry,
} from './model';
import { REG_TYPE_CODE, decodeUtf16le, valueFromBytes } from './values';

/**
 * Parses a `.reg` file: "Windows Registry Editor Version 5.00" as UTF-16LE with BOM (what `reg export` writes), or
 * REGEDIT4 as ANSI (Windows-1252). Throws RegFileError naming the line; never returns a partial result. Time and
 * memory grow linearly with the file; a file over REG_FILE_MAX_BYTES is refused (RegFileTooLargeError) unread.
 */
export function parseRegFile(bytes: Uint8Array): RegFile {
  if (bytes.length > REG_FILE_MAX_BYTES) throw new RegFileTooLargeError(bytes.length);
  const { lines, ansi } = decodeFile(bytes);
  const header = lines.next()?.text.trimEnd() ?? '';
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
  const context = new ParseContext(blocks);
  for (let line = lines.next(); line !== undefined; line = lines.next()) {
    const trimmed = line.text.trim();
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) continue;
    if (trimmed.startsWith('[')) {
      if (!trimmed.endsWith(']')) {
        throw new RegFileError(
          line.isLast ? 'truncated' : 'bad-syntax',
          line.number,
          `key line '${trimmed.slice(0, 200)}' lacks its closing ']'`,
        );
      }
      const deleting = trimmed.startsWith('[-');
      const path = keyPath(trimmed.slice(deleting ? 2 : 1, -1), line.number);
      if (deleting) context.deleteKey(path);
      else context.openKey(path);
      continue;
    }
    if (!context.inKey) {
      throw new RegFileError('bad-syntax', line.number, 'a value appears before any [KEY] line');
    }
    context.addEntry(parseEntry(line, lines, decodeAnsi, context));
  }
  context.closeKey();
  return { blocks };
}

function decodeFile(bytes: Uint8Array): { lines: Lines; ansi: boolean } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    if (bytes.length % 2 !== 0) {
      const text = decodeUtf16le(bytes, 2);
      throw new RegFileError(
        'truncated',
        text.split(/\r\n|\n|\r/).length,
        'the file ends in the middle of a UTF-16 character',
      );
    }
    return { lines: new Utf16LineCursor(bytes, 2, decodeUtf16le), ansi: false };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    throw new RegFileError('not-utf16', 1, 'the file is UTF-16 big-endian; .reg files are UTF-16LE');
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const text = windows1252(bytes.subarray(start));
  if (text.startsWith(REG_FILE_HEADER_V4)) return { lines: new LineCursor(text), ansi: true };
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

function startsWithIgnoringCase(text: string, lowerPrefix: string): boolean {
  if (text.length < lowerPrefix.length) return false;
  for (let i = 0; i < lowerPrefix.length; i++) {
    const code = text.charCodeAt(i);
    const want = lowerPrefix.charCodeAt(i);
    if (code !== want && !(want >= 97 && want <= 122 && code === want - 32)) return false;
  }
  return true;
}

/** `hex:` or `hex(TYPE):` at the start of `rest` (as /^hex(?:\(([^)]*)\))?:/i): its length and the TYPE text. */
function hexPrefix(rest: string): { length: number; typeText: string | undefined } | undefined {
  if (startsWithIgnoringCase(rest, 'hex:')) return { length: 4, typeText: undefined };
  if (!startsWithIgnoringCase(rest, 'hex(')) return undefined;
  const close = rest.indexOf(')', 4);
  return close !== -1 && rest[close + 1] === ':'
    ? { length: close + 2, typeText: rest.slice(4, close) }
    : undefined;
}

/** Parses the value on `line`, taking its continuation lines from `lines`. */
function parseEntry(
  line: Line,
  lines: Lines,
  ansi: ((bytes: Uint8Array) => string) | undefined,
  context: ParseContext,
): RegFileEntry {
  const text = line.text.trimStart();
  let name: string;
  let rest: string;
  if (text.startsWith('@')) {
    name = '';
    rest = text.slice(1);
  } else if (text.startsWith('"')) {
    const quoted = readQuoted(text, 0, line.number, line.isLast);
    name = context.name(quoted.value);
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
  if (/^-\s*$/.test(rest)) return { kind: 'delete', name };
  if (rest.startsWith('"')) {
    const quoted = readQuoted(rest, 0, line.number, line.isLast);
    const after = rest.slice(quoted.end).trim();
    if (after !== '' && !after.startsWith(';')) {
      throw new RegFileError(
        'bad-syntax',
        line.number,
        `unexpected '${after.slice(0, 20)}' after the string of '${name}'`,
      );
    }
    return { kind: 'set', name, value: { type: 'REG_SZ', data: quoted.value } };
  }
  // Prefixes compared in place, not by regular expression: a match array per value is garbage a large file pays for.
  if (startsWithIgnoringCase(rest, 'dword:')) {
    const digits = rest.slice(6).trim();
    if (!/^[0-9a-f]{1,8}$/i.test(digits)) {
      throw new RegFileError(
        'bad-hex',
        line.number,
        `dword '${name}' needs 1 to 8 hex digits, found '${digits.slice(0, 40)}'`,
      );
    }
    return { kind: 'set', name, value: context.dword(parseInt(digits, 16)) };
  }
  const hex = hexPrefix(rest);
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
  const typeText = hex.typeText;
  if (typeText !== undefined && !/^[0-9a-f]{1,8}$/i.test(typeText)) {
    throw new RegFileError(
      'unknown-type',
      line.number,
      `unknown value type 'hex(${typeText.slice(0, 20)}):' for '${name}'`,
    );
  }
  const typeCode = typeText === undefined ? REG_TYPE_CODE.REG_BINARY : parseInt(typeText, 16);
  const decoder = context.hex;
  readHexData(rest.slice(hex.length), line, lines, name, decoder);
  if (typeCode === REG_TYPE_CODE.REG_BINARY) {
    return { kind: 'set', name, value: { type: 'REG_BINARY', data: decoder.keep() } };
  }
  const textDecoder =
    ansi && (typeCode === REG_TYPE_CODE.REG_EXPAND_SZ || typeCode === REG_TYPE_CODE.REG_MULTI_SZ)
      ? ansi
      : undefined;
  // The bytes are the decoder's scratch: values that keep bytes (not decoded into text or a number) copy them.
  return {
    kind: 'set',
    name,
    value: valueFromBytes(typeCode, decoder.view(), textDecoder, () => decoder.keep()),
  };
}

/**
 * Reads hex data from its first line's `data` and every continuation line (a part ending in `\\` goes on in the
 * next line, whatever that line holds), decoding each part as it comes.
 */
function readHexData(data: string, first: Line, lines: Lines, name: string, decoder: HexDecoder): void {
  let part = data.trim();
  let line = first;
  decoder.begin(name);
  while (part.endsWith('\\')) {
    decoder.feed(part.slice(0, -1), line.number);
    const next = lines.next();
    if (next === undefined || (next.isLast && next.text.trim() === '')) {
      throw new RegFileError(
        'truncated',
        line.number,
        `the hex data of '${name}' ends with '\\' and no next line`,
      );
    }
    line = next;
    part = next.text.trim();
  }
  decoder.feed(part, line.number);
  decoder.finish(line.number);
}

/** Reads a double-quoted string starting at `text[start]`, resolving `\\`, `\"`, `\n` and `\r`. */
function readQuoted(
  text: string,
  start: number,
  lineNumber: number,
  isLast: boolean,
): { value: string; end: number } {
  // Jumps from one quote or backslash to the next (indexOf, no match objects): a string without escapes is one slice
  // of the line; one with escapes is joined once from its runs (a flat string, not a rope kept alive by the result).
  let parts: string[] | undefined;
  let from = start + 1;
  let quote = text.indexOf('"', from);
  let backslash = text.indexOf('\\', from);
  while (quote !== -1) {
    if (backslash === -1 || quote < backslash) {
      const run = text.slice(from, quote);
      if (!parts) return { value: run, end: quote + 1 };
      parts.push(run);
      return { value: parts.join(''), end: quote + 1 };
    }
    const next = text[backslash + 1];
    const unescaped =
      next === '\\' || next === '"' ? next : next === 'n' ? '\n' : next === 'r' ? '\r' : undefined;
    if (unescaped === undefined) {
      if (next === undefined) break;
      throw new RegFileError('bad-string', lineNumber, `unknown escape '\\${next}' in a quoted string`);
    }
    parts ??= [];
    parts.push(text.slice(from, backslash), unescaped);
    from = backslash + 2;
    if (quote < from) quote = text.indexOf('"', from);
    backslash = text.indexOf('\\', from);
  }
  throw new RegFileError(
    isLast ? 'truncated' : 'bad-string',
    lineNumber,
    "a quoted string has no closing '\"'",
  );
}
