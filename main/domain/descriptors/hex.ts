import { DescriptorError, quoteInput } from './errors';

/** Two lowercase hex digits of each byte value. */
export const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Lowercase hex of `bytes`, two digits per byte, no separators. */
export function bytesToHex(bytes: Uint8Array): string {
  if (bytes.length > 16) {
    // Longer runs (conditional expressions): ASCII digit codes decoded at once, not a concatenation per byte.
    const codes = new Uint8Array(2 * bytes.length);
    for (let i = 0; i < bytes.length; i++) {
      codes[2 * i] = HEX_CODES[bytes[i]! >> 4]!;
      codes[2 * i + 1] = HEX_CODES[bytes[i]! & 15]!;
    }
    return ASCII.decode(codes);
  }
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += BYTE_HEX[bytes[i]!]!;
  return out;
}

const ASCII = new TextDecoder('latin1');
const HEX_CODES = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/** Value of the hex digit with this UTF-16 code (either case), or -1. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/**
 * Writes the bytes of `text` (hex digits only, either case, even count: a model's hex field) into `out` at `at`.
 * Returns false, having written an unspecified prefix, when `text` is not exactly that.
 */
export function strictHexInto(text: string, out: Uint8Array, at: number): boolean {
  if (text.length % 2 !== 0) return false;
  for (let i = 0; i < text.length; i += 2) {
    const high = hexDigit(text.charCodeAt(i));
    const low = hexDigit(text.charCodeAt(i + 1));
    if (high < 0 || low < 0) return false;
    out[at + i / 2] = (high << 4) | low;
  }
  return true;
}

/**
 * Bytes of a hex string. Accepts either case and ignores whitespace, commas and an optional `hex:` prefix, so a value
 * copied from a `.reg` file or `reg query` output works as is. Throws DescriptorError (kind `hex`, position = the
 * character index in `text`) on anything else: no byte exists yet, so there is no byte offset to name.
 */
export function hexToBytes(text: string): Uint8Array {
  let digits = '';
  const start = /^\s*hex:/i.test(text) ? text.indexOf(':') + 1 : 0;
  for (let i = start; i < text.length; i++) {
    const char = text[i]!;
    if (/[0-9a-fA-F]/.test(char)) digits += char;
    else if (!/[\s,\\]/.test(char)) {
      // A whole code point, so a non-BMP character is not quoted as a lone surrogate.
      const codePoint = String.fromCodePoint(text.codePointAt(i)!);
      throw new DescriptorError('hex', i, `${quoteInput(codePoint)} is not a hex digit`);
    }
  }
  if (digits.length % 2 !== 0) throw new DescriptorError('hex', text.length, 'odd number of hex digits');
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
