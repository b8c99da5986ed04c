import { open } from 'node:fs/promises';
import { REG_FILE_MAX_BYTES, RegFileTooLargeError } from '../domain/regfile/index';

/**
 * Reads a `.reg` file from disk (an offline export, a backup), refusing one over REG_FILE_MAX_BYTES by its size
 * before reading a byte: the parser would refuse it anyway, and this way it never fills memory first.
 */
export async function readRegFileWithinLimit(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > REG_FILE_MAX_BYTES) throw new RegFileTooLargeError(size);
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}
