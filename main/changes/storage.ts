import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

/**
 * Where SinkGuard keeps backups and the journal: `SINKGUARD_DATA_DIR` (or an explicit option) when set, else
 * `%ProgramData%\SinkGuard` on Windows (machine-wide: the changes are machine-wide), else the XDG data folder.
 */
export function resolveDataDirectory(options: {
  readonly override?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
}): string {
  const chosen = options.override ?? options.env.SINKGUARD_DATA_DIR;
  if (chosen !== undefined && chosen !== '') return chosen;
  if (options.platform === 'win32')
    return win32.join(options.env.ProgramData ?? 'C:\\ProgramData', 'SinkGuard');
  const xdg = options.env.XDG_DATA_HOME;
  return join(
    xdg !== undefined && xdg !== '' ? xdg : join(options.env.HOME ?? homedir(), '.local', 'share'),
    'sinkguard',
  );
}

export const sha256Hex = (data: Uint8Array | string): string =>
  createHash('sha256').update(data).digest('hex');

/** A sortable, unguessable id: `20250101T120000Z-1a2b3c4d`. */
export function newTransactionId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

export const TRANSACTION_ID = /^\d{8}T\d{6}Z-[0-9a-f]{8}$/;

async function syncDirectory(directory: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a whole file so that after a crash it is either absent or complete: temp file, fsync, rename, fsync dir. */
export async function writeFileDurably(
  path: string,
  directory: string,
  data: Uint8Array | string,
): Promise<void> {
  await mkdir(directory, { recursive: true });
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  await syncDirectory(directory);
}

/** Appends one line and fsyncs it before returning. */
export async function appendLineDurably(path: string, directory: string, line: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  const handle = await open(path, 'a');
  try {
    await handle.appendFile(`${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDirectory(directory);
}

export async function readTextIfExists(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

export async function listIfExists(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
