import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeInvalidValue } from '../domain/regfile/index';
import { systemProgramPath } from '../platform/programs';
import { RegistryError } from './errors';
import { foldCase, normalizeKeyPath } from './paths';
import type { KeySnapshot, ReadOptions, RegistryPort, RegistryValue, ValueRef, ValueWrite } from './types';

/** A value as regedit's scripts list it or take it. */
export interface RegeditValue {
  readonly type: string;
  readonly value: unknown;
}

/** One key as list64 answers it. */
export interface RegeditItem {
  readonly exists: boolean;
  readonly keys: readonly string[];
  readonly values: Readonly<Record<string, RegeditValue>>;
}

/**
 * The part of the `regedit` package (5.1.4) this adapter calls, as it is at runtime. Its bundled regedit.d.ts places
 * the promise API at `promisified.arch.*`, which does not exist: the 64-bit promise calls are `arch.promisified.*64`.
 * regedit.test.ts checks every path named here against the real module.
 */
export interface RegeditApi {
  /** Answers 'Folder found and set', or 'Folder not found' (and keeps its scripts where they were). */
  setExternalVBSLocation(path: string): string;
  readonly arch: {
    readonly promisified: {
      list64(keys: string[]): Promise<Record<string, RegeditItem>>;
      createKey64(keys: string[]): Promise<void>;
      putValue64(map: Record<string, Record<string, RegeditValue>>): Promise<void>;
      deleteValue64(paths: string[]): Promise<void>;
    };
  };
}

/**
 * Where regedit's scripts are inside the app. electron-builder.yml's asarUnpack names this folder, so a packaged app
 * has them at resources/app.asar.unpacked/<this> (cscript cannot read inside app.asar); electron-builder.test.ts
 * checks the two agree with electron-builder's own file matcher.
 */
export const REGEDIT_SCRIPTS_IN_APP = 'node_modules/regedit/vbs';

/** Where regedit's VBS/WSF scripts are: unpacked next to app.asar when packaged, in node_modules otherwise. */
export function resolveRegeditScriptDirectory(
  moduleUrl: string = import.meta.url,
  resourcesPath: string | undefined = (process as { resourcesPath?: string }).resourcesPath,
): string {
  const modulePath = fileURLToPath(moduleUrl);
  if (resourcesPath && /[\\/]app\.asar[\\/]/.test(modulePath)) {
    return join(resourcesPath, 'app.asar.unpacked', ...REGEDIT_SCRIPTS_IN_APP.split('/'));
  }
  return join(dirname(createRequire(moduleUrl).resolve('regedit/package.json')), 'vbs');
}

/**
 * The registry through the npm package `regedit` (Windows Script Host), always the 64-bit view. A read of many keys
 * is one list64 call, i.e. one cscript process. What regedit cannot carry exactly goes through reg.exe instead: keys
 * holding REG_EXPAND_SZ (listed expanded), REG_QWORD (listed as a float), REG_NONE or other types; writes of empty
 * strings and binaries, multi-strings with empty entries or commas, the default value, value names with a backslash;
 * and export and import, which regedit lacks.
 */
export class RegeditRegistry implements RegistryPort {
  readonly kind = 'regedit';
  readonly description: string;

  constructor(
    private readonly regedit: RegeditApi,
    /** The reg.exe adapter (or any exact port) for what regedit cannot do exactly. */
    private readonly regExe: RegistryPort,
    scriptDirectory: string,
  ) {
    // regedit would otherwise run its scripts from inside app.asar, where cscript cannot read them.
    const answer = regedit.setExternalVBSLocation(scriptDirectory);
    if (answer !== 'Folder found and set') {
      throw new RegistryError(
        'backend-unavailable',
        `regedit's scripts are not at ${scriptDirectory} (regedit answered '${answer}')`,
      );
    }
    this.description = `regedit (Windows Script Host, scripts in ${scriptDirectory})`;
  }

  /** The real package, with cscript pinned to `%SystemRoot%\\System32\\cscript.exe` of `env` before any call. */
  static async open(
    regExe: RegistryPort,
    scriptDirectory = resolveRegeditScriptDirectory(),
    env: Readonly<Record<string, string | undefined>> = process.env,
  ): Promise<RegeditRegistry> {
    let cscript: string;
    try {
      cscript = systemProgramPath(env, 'cscript.exe');
    } catch (error) {
      throw new RegistryError(
        'backend-unavailable',
        `cannot run Windows Script Host: ${(error as Error).message}`,
      );
    }
    pinCscript(cscript);
    const imported = (await import('regedit')) as unknown as RegeditApi & { default?: RegeditApi };
    return new RegeditRegistry(imported.default ?? imported, regExe, scriptDirectory);
  }

  async readKeys(paths: readonly string[], options: ReadOptions = {}): Promise<KeySnapshot[]> {
    const keys = paths.map(normalizeKeyPath);
    // regedit lists one level per key; a whole subtree is one export through reg.exe instead.
    const subtrees = new Set((options.subtrees ?? []).map((path) => foldCase(normalizeKeyPath(path))));
    const listedKeys = keys.filter((key) => !subtrees.has(foldCase(key)));
    let listed: Record<string, RegeditItem> = {};
    try {
      if (listedKeys.length > 0)
        listed = await this.call(() => this.regedit.arch.promisified.list64(listedKeys));
    } catch (error) {
      // One refused key fails regedit's whole list: reg.exe tells which keys were refused.
      if (options.reportUnreadable && error instanceof RegistryError && error.code === 'access-denied')
        return this.regExe.readKeys(paths, options);
      throw error;
    }
    const snapshots = keys.map((key, i) =>
      subtrees.has(foldCase(key)) ? undefined : toSnapshot(paths[i]!, findItem(listed, key)),
    );
    const inexact = snapshots.flatMap((snapshot, i) => (snapshot ? [] : [i]));
    if (inexact.length > 0) {
      const exact = await this.regExe.readKeys(
        inexact.map((i) => paths[i]!),
        options,
      );
      inexact.forEach((index, j) => (snapshots[index] = exact[j]!));
    }
    return snapshots as KeySnapshot[];
  }

  async writeValues(writes: readonly ValueWrite[]): Promise<void> {
    for (const write of writes) {
      const invalid = describeInvalidValue(write.value);
      if (invalid) {
        const key = normalizeKeyPath(write.key);
        throw new RegistryError('malformed-data', `${key} value '${write.name}': ${invalid}`, {
          key,
          value: write.name,
        });
      }
    }
    if (!writes.every((write) => write.name !== '' && toRegeditValue(write.value) !== undefined)) {
      return this.regExe.writeValues(writes);
    }
    const map: Record<string, Record<string, RegeditValue>> = {};
    for (const write of writes) {
      const key = normalizeKeyPath(write.key);
      (map[key] ??= {})[write.name] = toRegeditValue(write.value)!;
    }
    await this.call(() => this.regedit.arch.promisified.createKey64(Object.keys(map)));
    await this.call(() => this.regedit.arch.promisified.putValue64(map));
  }

  async deleteValues(refs: readonly ValueRef[]): Promise<void> {
    if (refs.some((ref) => ref.name === '' || ref.name.includes('\\'))) return this.regExe.deleteValues(refs);
    const keys = refs.map((ref) => normalizeKeyPath(ref.key));
    const snapshots = await this.readKeys(keys);
    const missing = snapshots.findIndex((snapshot) => !snapshot.exists);
    if (missing >= 0) {
      throw new RegistryError(
        'key-missing',
        `cannot delete value '${refs[missing]!.name}': key ${keys[missing]} does not exist`,
        {
          key: keys[missing]!,
          value: refs[missing]!.name,
        },
      );
    }
    const present = refs.filter((ref, i) => snapshots[i]!.values.has(ref.name));
    if (present.length === 0) return;
    await this.call(() =>
      this.regedit.arch.promisified.deleteValue64(
        present.map((ref) => `${normalizeKeyPath(ref.key)}\\${ref.name}`),
      ),
    );
  }

  async createKeys(paths: readonly string[]): Promise<void> {
    const keys = paths.map(normalizeKeyPath);
    await this.call(() => this.regedit.arch.promisified.createKey64(keys));
  }

  exportKeys(paths: readonly string[]): Promise<Uint8Array> {
    return this.regExe.exportKeys(paths);
  }

  importRegFile(content: Uint8Array): Promise<void> {
    return this.regExe.importRegFile(content);
  }

  /** Runs a regedit call, mapping its failures (Windows error codes, a missing cscript) onto RegistryError. */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const message = error instanceof Error ? error.message : String(error);
      if (code === 5 || /access is denied/i.test(message)) {
        throw new RegistryError(
          'access-denied',
          `access denied: regedit needs an elevated process: ${message}`,
        );
      }
      throw new RegistryError('backend-unavailable', `regedit (Windows Script Host) failed: ${message}`);
    }
  }
}

/** regedit's lib/cscript.js as index.js calls it: `init` finds cscript once, `path` names it for every spawn. */
interface CscriptLocator {
  init(callback: (error?: Error) => void): void;
  path(): string;
}

/**
 * regedit 5.1.4 has no option naming cscript: its lib/cscript.js finds it by running a bare `cscript.exe` (which
 * Windows looks for in the current folder first, so a planted one would run elevated), then `where cscript.exe`,
 * and index.js then spawns whatever it found. So its locator's two functions, which index.js looks up on every
 * call, are replaced in the one module instance index.js shares: no search runs, and every spawn names `path`.
 */
export function pinCscript(path: string): void {
  const locator = createRequire(import.meta.url)('regedit/lib/cscript.js') as CscriptLocator;
  locator.init = (callback) => setImmediate(callback);
  locator.path = () => path;
}

function findItem(listed: Record<string, RegeditItem>, key: string): RegeditItem | undefined {
  const folded = foldCase(key);
  return Object.entries(listed).find(([name]) => foldCase(name) === folded)?.[1];
}

/** The snapshot, or undefined when regedit's answer cannot be trusted to be exact (then reg.exe reads the key). */
function toSnapshot(path: string, item: RegeditItem | undefined): KeySnapshot | undefined {
  if (!item) return undefined;
  if (!item.exists) return { path, exists: false, values: new Map(), subkeys: [] };
  const values = new Map<string, RegistryValue>();
  for (const [name, listedValue] of Object.entries(item.values)) {
    const value = fromRegeditValue(listedValue);
    if (!value) return undefined;
    values.set(name, value);
  }
  return { path, exists: true, values, subkeys: [...item.keys] };
}

function fromRegeditValue({ type, value }: RegeditValue): RegistryValue | undefined {
  switch (type) {
    case 'REG_SZ':
      return typeof value === 'string' ? { type, data: value } : undefined;
    case 'REG_DWORD':
      return typeof value === 'number' ? { type, data: value >>> 0 } : undefined;
    case 'REG_MULTI_SZ':
      return Array.isArray(value) ? { type, data: value.map(String) } : undefined;
    case 'REG_BINARY':
      return Array.isArray(value) ? { type, data: Uint8Array.from(value as number[]) } : undefined;
    default:
      // REG_EXPAND_SZ arrives expanded (StdRegProv.GetExpandedStringValue), REG_QWORD as a float, REG_NONE and
      // others not at all: read those keys with reg.exe, which gives the stored data.
      return undefined;
  }
}

function toRegeditValue(value: RegistryValue): RegeditValue | undefined {
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return value.data === '' || value.data.includes('\0')
        ? undefined
        : { type: value.type, value: value.data };
    case 'REG_DWORD':
      // The script passes numbers through VBScript's CDbl into a signed conversion: keep to 31 bits.
      return value.data <= 0x7fffffff ? { type: 'REG_DWORD', value: value.data } : undefined;
    case 'REG_MULTI_SZ':
      return value.data.length === 0 || value.data.some((entry) => entry === '' || entry.includes(','))
        ? undefined
        : { type: 'REG_MULTI_SZ', value: [...value.data] };
    case 'REG_BINARY':
      return value.data.length === 0 ? undefined : { type: 'REG_BINARY', value: [...value.data] };
    default:
      return undefined;
  }
}
