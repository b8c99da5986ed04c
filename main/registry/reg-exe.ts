import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  REG_FILE_HEADER_V5,
  decodeUtf16le,
  describeInvalidValue,
  encodeUtf16le,
  parseRegFile,
  writeRegFile,
  type RegFileBlock,
} from '../domain/regfile/index';
import { RegistryError } from './errors';
import type { CommandResult, RegExeHost } from './host';
import { foldCase, isSameOrBelow, normalizeKeyPath, parentPath } from './paths';
import { ProcessSlots } from './process-slots';
import type { KeySnapshot, ReadOptions, RegistryPort, ValueRef, ValueWrite } from './types';
import {
  descendantsOf,
  exportRoots,
  indexExport,
  isShallow,
  mergeBlocks,
  parseListing,
  snapshotFrom,
  unique,
  type ExportIndex,
} from './reg-exe-export';

export { exportRoots } from './reg-exe-export';

/** What one `reg export` produced: the file's bytes, or what reg.exe printed instead. */
type ExportOutcome = { readonly bytes: Uint8Array } | { readonly failure: string };
/** What one `reg query` printed, and whether it failed. */
type ListingOutcome = { readonly text: string } | { readonly failure: string };

export interface RegExeOptions {
  /**
   * How many reg.exe processes run at once (default: os.availableParallelism()). A read is one process per export
   * root; more at once than there are cores only makes them fight for the CPU (and, under Wine, for the one
   * wineserver), so a loaded machine gets slower, not faster.
   */
  readonly maxProcesses?: number;
  /**
   * Resolves to the folder the file for `reg import` is written in (created and locked down on the way). The app and
   * the CLI pass SinkGuard's data folder's; without one (tests, tools) it is os.tmpdir().
   */
  readonly importFolder?: () => Promise<string>;
  /**
   * Resolves to the folder `reg export` writes its files in before they are read: the data folder's too when it can
   * be prepared, so that an elevated read (a backup) cannot be fed a swapped file. Without one it is os.tmpdir().
   */
  readonly readFolder?: () => Promise<string>;
}

/** How many times an export that claims success without writing its file is run. */
const EXPORT_ATTEMPTS = 3;

/**
 * The registry through reg.exe, always the 64-bit view (/reg:64). A read exports each of the fewest covering keys
 * (`reg export`, subkeys included; see exportRoots) into its own temp file, as many at once as there are cores, so a
 * missing key is known per key; writes, deletions and key creation become ONE generated .reg file for ONE `reg import`. Arguments go to
 * reg.exe as an argument list, never through a shell. Exports go to `readFolder` and the file handed to `reg import`
 * to `importFolder` (SinkGuard's locked-down data folder), where no unelevated process can swap a file between its
 * write and its use. Both are removed.
 */
export class RegExeRegistry implements RegistryPort {
  readonly kind = 'reg-exe';
  readonly description: string;
  private readonly slots: ProcessSlots;

  constructor(
    private readonly host: RegExeHost,
    private readonly options: RegExeOptions = {},
  ) {
    this.description = host.description;
    this.slots = new ProcessSlots(options.maxProcesses ?? availableParallelism());
  }

  /** Every reg.exe this adapter starts goes through here: at most `maxProcesses` run at once. */
  private reg(args: readonly string[]): Promise<CommandResult> {
    return this.slots.run(() => this.host.reg(args));
  }

  async readKeys(paths: readonly string[], options: ReadOptions = {}): Promise<KeySnapshot[]> {
    const keys = paths.map(normalizeKeyPath);
    const subtrees = new Set((options.subtrees ?? []).map((path) => foldCase(normalizeKeyPath(path))));
    for (const key of subtrees) {
      if (isShallow(key)) throw new Error(`reg.exe adapter: ${key} is too shallow to read as a subtree`);
    }
    // reg export includes every subkey, so a shallow key (HKLM\SOFTWARE, a plan's ancestor check) is listed with
    // `reg query` instead: exporting it would copy a whole hive.
    const shallow = unique(keys.filter(isShallow));
    // Roots holding a whole subtree (the AppID tree) are the longest exports: queued first, they overlap the rest.
    const roots = exportRoots(keys.filter((key) => !isShallow(key))).sort(
      (a, b) => Number(coversSubtree(b, subtrees)) - Number(coversSubtree(a, subtrees)),
    );
    const { exports, listings } = await this.runReads(roots, shallow);
    // Only an export carries values exactly (query prints REG_QWORD as "(null)" under Wine, multi-strings joined):
    // a shallow key that turns out to hold values is exported on its own. Windows' shallow keys hold none.
    const withValues = shallow.filter((key) => {
      const listing = listings.get(foldCase(key))!;
      return 'text' in listing && parseListing(listing.text, key).hasValues;
    });
    const exportedShallow = new Set(withValues.map(foldCase));
    if (withValues.length > 0) {
      for (const [key, outcome] of (await this.runReads(withValues, [])).exports) exports.set(key, outcome);
    }
    /** A read that failed: the key is missing, or (reportUnreadable) refused; anything else throws. */
    const failed = async (failure: string, key: string, requested: string): Promise<KeySnapshot> => {
      const missing: KeySnapshot = { path: requested, exists: false, values: new Map(), subkeys: [] };
      if (options.reportUnreadable && /denied/i.test(failure)) {
        return { ...missing, unreadable: `access denied reading ${key}: ${oneLine(failure)}` };
      }
      await this.requireMissing(failure, key);
      return missing;
    };
    const parsed = new Map<string, ExportIndex>();
    return Promise.all(
      keys.map(async (key, position): Promise<KeySnapshot> => {
        const requested = paths[position]!;
        if (isShallow(key) && !exportedShallow.has(foldCase(key))) {
          const listing = listings.get(foldCase(key))!;
          if ('failure' in listing) return failed(listing.failure, key, requested);
          return {
            path: requested,
            exists: true,
            values: new Map(),
            subkeys: parseListing(listing.text, key).subkeys,
          };
        }
        const root = isShallow(key) ? key : roots.find((candidate) => isSameOrBelow(key, candidate))!;
        const outcome = exports.get(foldCase(root))!;
        if ('failure' in outcome) return failed(outcome.failure, root, requested);
        let exported = parsed.get(foldCase(root));
        if (!exported) {
          exported = indexExport(parseRegFile(outcome.bytes).blocks);
          parsed.set(foldCase(root), exported);
        }
        const snapshot = snapshotFrom(exported, key, requested);
        if (!subtrees.has(foldCase(key)) || !snapshot.exists) return snapshot;
        return { ...snapshot, descendants: descendantsOf(exported, key, requested) };
      }),
    );
  }

  async writeValues(writes: readonly ValueWrite[]): Promise<void> {
    const blocks = writes.map((write): RegFileBlock => {
      const key = normalizeKeyPath(write.key);
      const invalid = describeInvalidValue(write.value);
      if (invalid) {
        throw new RegistryError('malformed-data', `${key} value '${write.name}': ${invalid}`, {
          key,
          value: write.name,
        });
      }
      return { kind: 'key', path: key, entries: [{ kind: 'set', name: write.name, value: write.value }] };
    });
    await this.importBytes(writeRegFile({ blocks: mergeBlocks(blocks) }));
  }

  async deleteValues(refs: readonly ValueRef[]): Promise<void> {
    const keys = refs.map((ref) => normalizeKeyPath(ref.key));
    // An import's [KEY] line would create a missing key, so check first: a missing key is an error, not a creation.
    const snapshots = await this.readKeys(unique(keys));
    const missing = snapshots.find((snapshot) => !snapshot.exists);
    if (missing) {
      const ref = refs[keys.findIndex((key) => foldCase(key) === foldCase(missing.path))]!;
      throw new RegistryError(
        'key-missing',
        `cannot delete value '${ref.name}': key ${missing.path} does not exist`,
        {
          key: missing.path,
          value: ref.name,
        },
      );
    }
    const blocks = refs.map((ref, i): RegFileBlock => ({
      kind: 'key',
      path: keys[i]!,
      entries: [{ kind: 'delete', name: ref.name }],
    }));
    await this.importBytes(writeRegFile({ blocks: mergeBlocks(blocks) }));
  }

  async createKeys(paths: readonly string[]): Promise<void> {
    const blocks = paths.map((path): RegFileBlock => ({
      kind: 'key',
      path: normalizeKeyPath(path),
      entries: [],
    }));
    await this.importBytes(writeRegFile({ blocks }));
  }

  async exportKeys(paths: readonly string[]): Promise<Uint8Array> {
    const keys = paths.map(normalizeKeyPath);
    const { exports: outcomes } = await this.runReads(unique(keys), []);
    // Joined as text, not re-written: the export keeps reg.exe's bytes exactly, odd values included.
    const bodies = await Promise.all(
      keys.map(async (key) => {
        const outcome = outcomes.get(foldCase(key))!;
        if ('failure' in outcome) {
          await this.requireMissing(outcome.failure, key);
          throw new RegistryError('key-missing', `cannot export ${key}: the key does not exist`, { key });
        }
        parseRegFile(outcome.bytes);
        const text = decodeUtf16le(outcome.bytes, 2);
        const body = text.slice(text.indexOf('\r\n') + 2);
        return body.endsWith('\r\n\r\n') ? body.slice(0, -2) : body;
      }),
    );
    return encodeUtf16le(`\uFEFF${REG_FILE_HEADER_V5}\r\n${bodies.join('')}\r\n`);
  }

  async importRegFile(content: Uint8Array): Promise<void> {
    // Validate first: reg import skips lines it cannot read and imports the rest; bad files must write nothing.
    parseRegFile(content);
    await this.importBytes(content);
  }

  private async importBytes(content: Uint8Array): Promise<void> {
    const parent = this.options.importFolder ? await this.options.importFolder() : tmpdir();
    await withTempDirectory(parent, async (directory) => {
      const file = join(directory, 'import.reg');
      await writeFile(file, content);
      const result = await this.reg(['import', this.host.toWindowsPath(file), '/reg:64']);
      if (result.exitCode !== 0) {
        const denied = /denied|error accessing the registry/i.test(result.output);
        throw new RegistryError(
          denied ? 'access-denied' : 'backend-unavailable',
          denied
            ? `access denied: reg import needs an elevated (administrator) process: ${oneLine(result.output)}`
            : `reg import failed (exit ${result.exitCode}): ${oneLine(result.output)}`,
        );
      }
    });
  }

  /** One `reg export` per key in `exports` and one `reg query` per key in `listings`, started in that order. */
  private async runReads(
    exports: readonly string[],
    listings: readonly string[],
  ): Promise<{ exports: Map<string, ExportOutcome>; listings: Map<string, ListingOutcome> }> {
    const result = { exports: new Map<string, ExportOutcome>(), listings: new Map<string, ListingOutcome>() };
    if (exports.length + listings.length === 0) return result;
    const parent = this.options.readFolder ? await this.options.readFolder() : tmpdir();
    await withTempDirectory(parent, async (directory) => {
      const jobs = [
        ...exports.map((key, i) => async () => {
          const file = join(directory, `key${i}.reg`);
          // An export that succeeded always writes at least the header; one that reports success with no file did
          // not really run (a Wine process start gone wrong) and is run again, as the host does for silent failures.
          for (let attempt = 1; ; attempt++) {
            const run = await this.reg(['export', key, this.host.toWindowsPath(file), '/y', '/reg:64']);
            const bytes = run.exitCode === 0 ? await readFile(file).catch(() => undefined) : undefined;
            if (bytes && bytes.length > 0) {
              result.exports.set(foldCase(key), { bytes: new Uint8Array(bytes) });
              return;
            }
            if (run.exitCode !== 0 || attempt >= EXPORT_ATTEMPTS) {
              const failure =
                run.exitCode === 0
                  ? `reg export reported success but wrote no file, ${attempt} times`
                  : run.output;
              result.exports.set(foldCase(key), { failure });
              return;
            }
          }
        }),
        ...listings.map((key) => async () => {
          const run = await this.reg(['query', key, '/reg:64']);
          result.listings.set(
            foldCase(key),
            run.exitCode === 0 ? { text: run.output } : { failure: run.output },
          );
        }),
      ];
      // Every job is queued for a process slot now, in order; the directory goes only once all have settled.
      const settled = await Promise.allSettled(jobs.map((job) => job()));
      const failed = settled.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    });
    return result;
  }

  /**
   * Returns when the key whose read failed is missing, throws otherwise. reg.exe's messages are localised: one that is
   * not English "unable to find" is settled by listing the parent's subkeys, whose paths are never translated.
   */
  private async requireMissing(failure: string, key: string): Promise<void> {
    if (/denied/i.test(failure)) {
      throw new RegistryError('access-denied', `access denied reading ${key}: ${oneLine(failure)}`, { key });
    }
    if (/unable to find|cannot find|not find|not found/i.test(failure)) return;
    if (await this.absentFromParent(key)) return;
    throw new RegistryError('backend-unavailable', `reading ${key} failed: ${oneLine(failure)}`, { key });
  }

  /** Whether `key` is missing, told by its parent's listing (a missing parent means a missing key). */
  private async absentFromParent(key: string): Promise<boolean> {
    const parent = parentPath(key);
    if (parent === undefined || !parent.includes('\\')) return false; // HKLM itself always exists
    const listed = await this.reg(['query', parent, '/reg:64']);
    if (listed.exitCode !== 0) return this.absentFromParent(parent);
    const name = foldCase(key.slice(key.lastIndexOf('\\') + 1));
    return !parseListing(listed.output, parent).subkeys.some((subkey) => foldCase(subkey) === name);
  }
}

/** Whether a read of `root` carries one of the requested subtrees (folded paths). */
function coversSubtree(root: string, subtrees: ReadonlySet<string>): boolean {
  return [...subtrees].some((subtree) => isSameOrBelow(subtree, root));
}

async function withTempDirectory<T>(parent: string, use: (directory: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(parent, 'sinkguard-reg-'));
  try {
    return await use(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 300);
