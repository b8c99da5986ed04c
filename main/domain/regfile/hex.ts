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

/**
 * Decodes the comma-separated bytes of a `hex:` value as it arrives, one line's part at a time, into a growing
 * buffer: no line is joined to another or scanned twice, so a value of any length decodes in linear time. The
 * bytes read as if the parts were joined and split at the commas (a byte may even be split across two lines).
 */
export class HexDecoder {
  private bytes: Uint8Array;
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

  constructor(
    private readonly name: string,
    expectedBytes: number,
  ) {
    this.bytes = new Uint8Array(Math.max(1, expectedBytes));
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

  /** The bytes read; `lineNumber` is the data's last line. */
  finish(lineNumber: number): Uint8Array {
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
    // Most values fit the first guess exactly: then no second view of the buffer is made. A short value is copied
    // to its size (a view of a small array would give it a separate buffer object, costly for the GC by the million);
    // a long one is a view, not copied again.
    if (this.length === this.bytes.length) return this.bytes;
    return this.length <= 4096 ? this.bytes.slice(0, this.length) : this.bytes.subarray(0, this.length);
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
