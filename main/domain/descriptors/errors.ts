/** Which representation was malformed: an SDDL string or self-relative descriptor bytes. */
export type DescriptorErrorKind = 'sddl' | 'binary';

/**
 * The one error every descriptor codec throws for malformed input. `position` is a character index into the SDDL
 * string (kind `sddl`) or a byte offset into the descriptor (kind `binary`); `reason` says what was wrong there.
 */
export class DescriptorError extends Error {
  override readonly name = 'DescriptorError';
  constructor(
    readonly kind: DescriptorErrorKind,
    readonly position: number,
    readonly reason: string,
  ) {
    super(
      `${kind === 'sddl' ? 'SDDL' : 'security descriptor'}: ${reason} at ${kind === 'sddl' ? 'character' : 'byte'} ${position}`,
    );
  }
}
