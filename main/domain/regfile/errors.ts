import { RegistryError } from '../../registry/errors';

/** What is wrong with a `.reg` file; the message says it in words, this says it for code. */
export type RegFileProblem =
  | 'not-utf16'
  | 'missing-header'
  | 'truncated'
  | 'bad-hex'
  | 'unknown-type'
  | 'bad-string'
  | 'bad-syntax'
  | 'unwritable';

/**
 * A `.reg` file that cannot be parsed (or a model that cannot be written). It is a RegistryError with code
 * 'malformed-data' and `where.line` set, so adapters pass it on unchanged.
 */
export class RegFileError extends RegistryError {
  constructor(
    readonly problem: RegFileProblem,
    readonly line: number,
    detail: string,
  ) {
    super('malformed-data', line > 0 ? `.reg line ${line}: ${detail}` : `.reg file: ${detail}`, { line });
  }
}
