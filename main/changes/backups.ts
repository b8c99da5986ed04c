import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CHANGE_OPERATIONS } from '../domain/changes/index';
import { RegFileTooLargeError } from '../domain/regfile/index';
import { readRegFileWithinLimit } from '../registry/reg-file-read';
import { TRANSACTION_ID, listIfExists, sha256Hex, writeFileDurably } from './storage';

export const BackupManifest = z.object({
  schemaVersion: z.literal(1),
  id: z.string().regex(TRANSACTION_ID),
  createdAt: z.string(),
  machine: z.string(),
  user: z.string(),
  backend: z.string(),
  /** Why it was taken: before an apply, or before a restore. */
  operation: z.enum(CHANGE_OPERATIONS),
  /** What the transaction was for: a profile name, `edits`, or `backup <id>`. */
  target: z.string(),
  /** Keys exported into the .reg file (each with its subkeys). */
  exportedKeys: z.array(z.string()),
  /** Keys that did not exist (a .reg export of a missing key is impossible): restoring deletes them. */
  missingKeys: z.array(z.string()),
  /** The plan summary: per setting, the diff lines. */
  summary: z.array(z.object({ settingId: z.string(), title: z.string(), lines: z.array(z.string()) })),
  regFile: z.string(),
  regSha256: z.string().regex(/^[0-9a-f]{64}$/),
  regBytes: z.number().int().nonnegative(),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export type BackupErrorCode = 'not-found' | 'corrupt';

export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** `<data>/backups/<id>.reg` (exactly what the registry exported) and `<id>.json` (the manifest). */
export class BackupStore {
  readonly directory: string;

  constructor(dataDirectory: string) {
    this.directory = join(dataDirectory, 'backups');
  }

  /** Stores the .reg first and the manifest last: a manifest on disk always has its complete .reg. */
  async save(
    manifest: Omit<BackupManifest, 'schemaVersion' | 'regFile' | 'regSha256' | 'regBytes'>,
    reg: Uint8Array,
  ): Promise<BackupManifest> {
    const complete: BackupManifest = {
      schemaVersion: 1,
      ...manifest,
      regFile: `${manifest.id}.reg`,
      regSha256: sha256Hex(reg),
      regBytes: reg.length,
    };
    await writeFileDurably(join(this.directory, complete.regFile), this.directory, reg);
    await writeFileDurably(
      join(this.directory, `${manifest.id}.json`),
      this.directory,
      `${JSON.stringify(complete, null, 2)}\n`,
    );
    return complete;
  }

  /** The manifest and the .reg bytes, checked against the manifest's SHA-256. */
  async load(id: string): Promise<{ manifest: BackupManifest; reg: Uint8Array }> {
    if (!TRANSACTION_ID.test(id))
      throw new BackupError('not-found', `'${id}' is not a backup id (like 20250101T120000Z-1a2b3c4d)`);
    let text: string;
    try {
      text = await readFile(join(this.directory, `${id}.json`), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new BackupError('not-found', `no backup ${id} in ${this.directory}`);
      throw error;
    }
    let parsed: BackupManifest;
    try {
      parsed = BackupManifest.parse(JSON.parse(text));
    } catch (error) {
      throw new BackupError(
        'corrupt',
        `backup ${id}: the manifest is not valid (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      );
    }
    if (parsed.id !== id || parsed.regFile !== `${id}.reg`)
      throw new BackupError('corrupt', `backup ${id}: the manifest names another backup`);
    let reg: Uint8Array;
    try {
      reg = await readRegFileWithinLimit(join(this.directory, parsed.regFile));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new BackupError('corrupt', `backup ${id}: ${parsed.regFile} is missing`);
      // SinkGuard never writes a backup over the limit (it backs up exports it has parsed): this one is not its own.
      if (error instanceof RegFileTooLargeError)
        throw new BackupError('corrupt', `backup ${id}: ${parsed.regFile}: ${error.message}`);
      throw error;
    }
    if (sha256Hex(reg) !== parsed.regSha256) {
      throw new BackupError(
        'corrupt',
        `backup ${id}: ${parsed.regFile} does not match the SHA-256 in its manifest; refusing to import it`,
      );
    }
    return { manifest: parsed, reg };
  }

  async ids(): Promise<string[]> {
    return (await listIfExists(this.directory))
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -5))
      .filter((id) => TRANSACTION_ID.test(id))
      .sort();
  }
}
