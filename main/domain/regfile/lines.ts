/** One line of a `.reg` file; `isLast` when no line break follows it (the end of the file). */
export interface Line {
  readonly text: string;
  readonly number: number;
  readonly isLast: boolean;
}

/**
 * Reads a file's lines one at a time (CRLF, LF or CR), as `text.split(/\r\n|\n|\r/)` would give them but without
 * building the array: each line break is found once, so a file is scanned in time linear in its length.
 */
export class LineCursor {
  private position = 0;
  private count = 0;
  /** The next CR and LF at or after `position` (-1: none left), each found once: no text is scanned twice. */
  private nextCr = -2;
  private nextLf = -2;

  constructor(private readonly text: string) {}

  next(): Line | undefined {
    const text = this.text;
    if (this.position > text.length) return undefined;
    const start = this.position;
    this.count++;
    if (this.nextCr !== -1 && this.nextCr < start) this.nextCr = text.indexOf('\r', start);
    if (this.nextLf !== -1 && this.nextLf < start) this.nextLf = text.indexOf('\n', start);
    const cr = this.nextCr;
    const lf = this.nextLf;
    const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
    if (end === -1) {
      this.position = text.length + 1;
      return { text: text.slice(start), number: this.count, isLast: true };
    }
    this.position = end + (end === cr && lf === cr + 1 ? 2 : 1);
    return { text: text.slice(start, end), number: this.count, isLast: false };
  }
}

/** Anything that hands out a file's lines in order. */
export interface Lines {
  next(): Line | undefined;
}

/** UTF-16 code units decoded at a time: big enough to cost nothing per chunk, small enough to stay short-lived. */
const CHUNK_UNITS = 1 << 18;

/**
 * The lines of UTF-16LE bytes, decoded a chunk at a time (each chunk ends just after a line break), never the whole
 * file at once: one string of a 100 MB file costs more to build and to collect than the parse itself.
 */
export class Utf16LineCursor implements Lines {
  private inner: LineCursor | undefined;
  /** Byte offset of the next chunk; lines numbered before the current chunk. */
  private offset: number;
  private base = 0;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly decode: (bytes: Uint8Array, start: number, end: number) => string,
    private readonly chunkUnits = CHUNK_UNITS,
  ) {
    this.offset = start;
  }

  next(): Line | undefined {
    for (;;) {
      if (!this.inner) {
        const end = this.chunkEnd();
        this.inner = new LineCursor(this.decode(this.bytes, this.offset, end));
        this.offset = end;
      }
      // undefined only once the last chunk (which ends the file) has handed out its last line.
      const line = this.inner.next();
      if (line === undefined) return undefined;
      // A chunk ends just after a line break: its last "line" is the empty rest, which the next chunk continues.
      if (line.isLast && this.offset < this.bytes.length) {
        this.base += line.number - 1;
        this.inner = undefined;
        continue;
      }
      return { text: line.text, number: this.base + line.number, isLast: line.isLast };
    }
  }

  /** Where the chunk from `offset` ends: after the first line break at or past `chunkUnits` units, or at the end. */
  private chunkEnd(): number {
    const bytes = this.bytes;
    for (let i = this.offset + this.chunkUnits * 2; i + 1 < bytes.length; i += 2) {
      if (bytes[i + 1] !== 0) continue;
      if (bytes[i] === 10) return i + 2;
      // A CR not followed by LF ends a line too (CR-only files); a CR before LF ends with the LF.
      if (bytes[i] === 13 && !(bytes[i + 2] === 10 && bytes[i + 3] === 0)) return i + 2;
    }
    return bytes.length;
  }
}
