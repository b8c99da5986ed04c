import { RegFileError } from './errors';

/** The characters String.prototype.trim removes, so a byte's digits are read as `token.trim()` would see them. */
function isTrimmedSpace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** Values up to this many bytes are kept in a shared slab; a larger one keeps the buffer it was decoded in. */
const SLAB_VALUE_MAX = 1024;
const SLAB_BYTES = 64 * 1024;

/**
 * Decodes the comma-separated bytes of a `hex:` value as it arrives, one line's part at a time, into a growing
 * buffer: no line is joined to another or scanned twice, so a value of any length decodes in linear time. The
 * bytes read as if the parts were joined and split at the commas (a byte may even be split across two lines).
 * One decoder reads every value of a parse (begin … finish), reusing its buffer.
 */
export class HexDecoder {
  private bytes = new Uint8Array(256);
  private length = 0;
  /** The byte being read: its value, digits so far, whether a space followed them, whether it is already wrong. */
  private value = 0;
  private digits = 0;
  private spaced = false;
  private wrong = false;
  /** What the byte being read looked like in earlier parts, for the message if it turns out wrong. */
  private carried = '';
  private lastSignificant = 0;
  private sawComma = false;
  private name = '';
  /**
   * Kept small values are views of one shared slab: a typed array of its own costs about 240 bytes of heap beyond
   * its data, a view about 100, and a large file's result is all kept (and copied by the GC as it ages).
   */
  private slab = new Uint8Array(0);
  private slabUsed = 0;

  /** Starts the data of value `name` (named in errors). */
  begin(name: string): void {
    this.name = name;
    this.length = 0;
    this.value = 0;
    this.digits = 0;
    this.spaced = false;
    this.wrong = false;
    this.carried = '';
    this.lastSignificant = 0;
    this.sawComma = false;
  }

  /** Reads one line's part of the data (trimmed, without the continuation backslash). */
  feed(part: string, lineNumber: number): void {
    let tokenStart = 0;
    for (let i = 0; i < part.length; i++) {
      const code = part.charCodeAt(i);
      if (code === 44) {
        this.endByte(part, tokenStart, i, lineNumber);
        this.sawComma = true;
        this.lastSignificant = code;
        tokenStart = i + 1;
        continue;
      }
      if (isTrimmedSpace(code)) {
        if (this.digits > 0) this.spaced = true;
        continue;
      }
      this.lastSignificant = code;
      const digit = hexDigit(code);
      if (digit < 0 || this.digits === 2 || this.spaced) {
        this.wrong = true;
        continue;
      }
      this.value = (this.value << 4) | digit;
      this.digits++;
    }
    // A byte cut by the line end goes on in the next part; keep a short sample of it for a message.
    if (tokenStart < part.length) this.carried = (this.carried + part.slice(tokenStart)).slice(0, 40);
  }

  /** Ends the value; `lineNumber` is its data's last line. Its bytes are then view() or keep(). */
  finish(lineNumber: number): void {
    // reg export never ends hex data with a comma: one there means the rest (more bytes, or the backslash and the
    // continuation line) was cut off, and reading what is left would silently give shorter data.
    if (this.lastSignificant === 44) {
      throw new RegFileError(
        'truncated',
        lineNumber,
        `the hex data of '${this.name}' ends with ',' and no byte after it (the rest of the data is missing)`,
      );
    }
    if (this.sawComma || this.digits > 0 || this.wrong) this.endByte('', 0, 0, lineNumber);
  }

  /** The bytes of the value just finished, as a view valid until the next begin(): for data read at once. */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** The bytes of the value just finished, to keep: small ones copied into the slab, a large one not copied. */
  keep(): Uint8Array {
    const length = this.length;
    if (length > SLAB_VALUE_MAX) {
      const kept = this.bytes.subarray(0, length);
      this.bytes = new Uint8Array(256);
      return kept;
    }
    if (this.slabUsed + length > this.slab.length) {
      this.slab = new Uint8Array(SLAB_BYTES);
      this.slabUsed = 0;
    }
    // Copied byte by byte: for a few dozen bytes a loop beats making a view to set() from.
    const start = this.slabUsed;
    const slab = this.slab;
    const bytes = this.bytes;
    for (let i = 0; i < length; i++) slab[start + i] = bytes[i]!;
    this.slabUsed += length;
    return slab.subarray(start, start + length);
  }

  /** Ends the byte whose text in this part is `part.slice(from, to)`; the text is built only for the error. */
  private endByte(part: string, from: number, to: number, lineNumber: number): void {
    if (this.wrong || this.digits !== 2) {
      const text = this.carried + part.slice(from, to);
      throw new RegFileError(
        'bad-hex',
        lineNumber,
        `byte ${this.length + 1} of '${this.name}' is '${text.trim().slice(0, 40)}', not two hex digits`,
      );
    }
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = this.value;
    this.value = 0;
    this.digits = 0;
    this.spaced = false;
    this.wrong = false;
    this.carried = '';
  }
}
