import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE_NAME, checkHostName, type CollectionManifest } from '../../domain/fleet/manifest';
import { ExportReadError, readManifest } from '../offline-audit';

/**
 * One host of a collection: a collector's bundle folder (manifest + exports), or a plain `reg export` file named
 * after its host. `problem` set: the entry cannot be audited, and says why.
 */
export interface HostEntry {
  readonly host: string;
  /** The folder or file name as found in the collection (escaped when it holds control characters). */
  readonly entry: string;
  /** The export files to audit (bundle: those its manifest lists as exported). */
  readonly paths: readonly string[];
  readonly manifest: CollectionManifest | null;
  readonly problem: string | null;
}

/** A name from the filesystem, shown with control characters escaped (they never reach a terminal or a report). */
export const shown = (name: string): string =>
  name.replace(/\p{Cc}/gu, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);

async function readEntry(directory: string, name: string): Promise<HostEntry> {
  const path = join(directory, name);
  const refuse = (problem: string): HostEntry => ({
    host: shown(name),
    entry: shown(name),
    paths: [],
    manifest: null,
    problem,
  });
  const stat = await lstat(path);
  if (stat.isSymbolicLink()) return refuse('a symbolic link: a collection holds folders and .reg files only');
  if (stat.isFile()) {
    if (!/\.reg$/i.test(name)) return refuse('neither a .reg export nor a collector folder');
    const host = name.slice(0, -'.reg'.length);
    const bad = checkHostName(host);
    if (bad) return refuse(`${bad}: a plain export is named after its host`);
    return { host, entry: name, paths: [path], manifest: null, problem: null };
  }
  if (!stat.isDirectory()) return refuse('neither a .reg export nor a collector folder');
  let manifest: CollectionManifest;
  try {
    manifest = await readManifest(join(path, MANIFEST_FILE_NAME));
  } catch (error) {
    if (error instanceof ExportReadError) return refuse(error.message);
    throw error;
  }
  const bad = checkHostName(manifest.host);
  if (bad) return refuse(`its manifest is refused: ${bad}`);
  const paths = manifest.keys.flatMap((key) =>
    key.state === 'exported' && key.file !== null ? [join(path, key.file)] : [],
  );
  return { host: manifest.host, entry: name, paths, manifest, problem: null };
}

/**
 * The hosts of a collection folder, sorted by host name. Dot entries (a collector's unfinished `.HOST.partial-…`
 * folders) are skipped. Two entries claiming one host name (in any case) are both refused: which is the host is
 * not for SinkGuard to guess.
 */
export async function listCollection(directory: string): Promise<HostEntry[]> {
  const names = (await readdir(directory)).filter((name) => !name.startsWith('.'));
  const entries: HostEntry[] = [];
  for (const name of names.sort()) entries.push(await readEntry(directory, name));
  const claims = new Map<string, HostEntry[]>();
  for (const entry of entries) {
    if (entry.problem !== null) continue;
    const key = entry.host.toUpperCase();
    claims.set(key, [...(claims.get(key) ?? []), entry]);
  }
  const result = entries.map((entry) => {
    const rivals = claims.get(entry.host.toUpperCase()) ?? [];
    if (entry.problem !== null || rivals.length < 2) return entry;
    return {
      ...entry,
      host: `${entry.host} (${entry.entry})`,
      paths: [],
      problem: `the host name ${entry.host} is claimed by ${rivals.length} entries (${rivals.map((rival) => rival.entry).join(', ')})`,
    };
  });
  return result.sort(
    (a, b) => a.host.toUpperCase().localeCompare(b.host.toUpperCase()) || a.entry.localeCompare(b.entry),
  );
}
