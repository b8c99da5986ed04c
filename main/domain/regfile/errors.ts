import { RegistryError } from '../registry-port/errors';

/** What is wrong with a `.reg` file; the message says it in words, this says it for code. */
export type RegFileProblem =
  | 'not-utf16'
  | 'missing-header'
  | 'truncated'
  | 'bad-hex'
  | 'unknown-type'
  | 'bad-string'
  | 'bad-syntax'
  | 'unwritable'
  | 'too-large';

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

/**
 * The largest `.reg` file SinkGuard reads: 256 MiB. The exports it reads are far smaller — the AppID tree is about
 * 1 MB, the firewall rules 1–3 MB on a workstation and tens of MB on a terminal server whose per-user rules have
 * piled up — so this leaves room for the worst of those while a parse still fits comfortably in memory.
 */
export const REG_FILE_MAX_BYTES = 256 * 2 ** 20;

/** A `.reg` file over REG_FILE_MAX_BYTES, refused before it is read or parsed. */
export class RegFileTooLargeError extends RegFileError {
  constructor(
    /** The file's size in bytes. */
    readonly size: number,
    readonly limit: number = REG_FILE_MAX_BYTES,
  ) {
    super(
      'too-large',
      0,
      `the file is ${mebibytes(size)}, over the ${mebibytes(limit)} SinkGuard reads ` +
        `(exports of the keys it audits are a few MB); export a narrower key`,
    );
  }
}

const mebibytes = (bytes: number): string =>
  `${(bytes / 2 ** 20).toFixed(bytes % 2 ** 20 === 0 ? 0 : 1)} MiB`;
