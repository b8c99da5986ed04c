/** Which input was malformed: an SDDL string, hex text (before any byte exists) or self-relative descriptor bytes. */
export type DescriptorErrorKind = 'sddl' | 'hex' | 'binary';

const WHAT: Readonly<Record<DescriptorErrorKind, string>> = {
  sddl: 'SDDL',
  hex: 'hex text',
  binary: 'security descriptor',
};

/**
 * The one error every descriptor codec throws for malformed input. `position` is a character index into the text
 * (kinds `sddl` and `hex`) or a byte offset into the descriptor (kind `binary`); `reason` says what was wrong there.
 * The message is always one line: every piece of input a reason quotes goes through {@link quoteInput}.
 */
export class DescriptorError extends Error {
  override readonly name = 'DescriptorError';
  constructor(
    readonly kind: DescriptorErrorKind,
    readonly position: number,
    readonly reason: string,
  ) {
    super(`${WHAT[kind]}: ${reason} at ${kind === 'binary' ? 'byte' : 'character'} ${position}`);
  }
}

/**
 * A piece of the input as a reason quotes it: JSON-quoted (so a newline or control character in it cannot split
 * the message into lines) and cut to `max` characters.
 */
export function quoteInput(text: string, max = 40): string {
  return text.length > max ? `${JSON.stringify(text.slice(0, max))}…` : JSON.stringify(text);
}
