import { DescriptorError, quoteInput } from './errors';

const HEX_DIGITS = '0123456789abcdef';

/** Lowercase hex of `bytes`, two digits per byte, no separators. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += HEX_DIGITS[byte >> 4]! + HEX_DIGITS[byte & 15]!;
  return out;
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
