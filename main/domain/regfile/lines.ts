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
  private readonly breaks = /[\r\n]/g;

  constructor(private readonly text: string) {}

  next(): Line | undefined {
    if (this.position > this.text.length) return undefined;
    const start = this.position;
    this.count++;
    this.breaks.lastIndex = start;
    const found = this.breaks.exec(this.text);
    if (!found) {
      this.position = this.text.length + 1;
      return { text: this.text.slice(start), number: this.count, isLast: true };
    }
    const crlf = found[0] === '\r' && this.text.charCodeAt(found.index + 1) === 10;
    this.position = found.index + (crlf ? 2 : 1);
    return { text: this.text.slice(start, found.index), number: this.count, isLast: false };
  }
}
