/**
 * The registry port: the only way SinkGuard reaches a registry. Pure types, no I/O, no Electron, so the domain
 * code (audit, planning) and every adapter (simulated, reg.exe, regedit) agree on one shape.
 *
 * Key paths are always spelled `HKLM\SOFTWARE\...` (hive abbreviation, single backslashes, no trailing slash).
 * Adapters always use the 64-bit registry view.
 */

export type RegistryValue =
  | { readonly type: 'REG_SZ'; readonly data: string }
  /** Unexpanded: `%SystemRoot%` stays as written. */
  | { readonly type: 'REG_EXPAND_SZ'; readonly data: string }
  | { readonly type: 'REG_MULTI_SZ'; readonly data: readonly string[] }
  | { readonly type: 'REG_DWORD'; readonly data: number }
  | { readonly type: 'REG_QWORD'; readonly data: bigint }
  | { readonly type: 'REG_BINARY'; readonly data: Uint8Array }
  /** Any other type code (REG_NONE, REG_LINK, ...): kept as raw bytes so nothing is lost on a round trip. */
  | { readonly type: 'REG_OTHER'; readonly typeCode: number; readonly data: Uint8Array };

export type RegistryValueType = RegistryValue['type'];

/** What one key held when it was read. A key that does not exist is reported, not thrown: audits read optional keys. */
export interface KeySnapshot {
  readonly path: string;
  readonly exists: boolean;
  /** Value name → value. The default value is named `''`. */
  readonly values: ReadonlyMap<string, RegistryValue>;
  /** Names of the immediate subkeys, in the order the backend reports them. */
  readonly subkeys: readonly string[];
  /**
   * Why the key could not be read (only with `ReadOptions.reportUnreadable`, e.g. access denied). `exists` is then
   * false and nothing is known of the key: never treat such a snapshot as a missing key.
   */
  readonly unreadable?: string;
  /** With `ReadOptions.subtrees`: every key below this one, values included, each parent before its children. */
  readonly descendants?: readonly KeySnapshot[];
}

/** How a batch read treats whole subtrees and keys it may not read. */
export interface ReadOptions {
  /** Keys (also listed in the paths) read with everything below them: their snapshots carry `descendants`. */
  readonly subtrees?: readonly string[];
  /**
   * true: a key the backend refuses to read (access denied) comes back with `unreadable` set instead of failing the
   * whole batch. Audits use it to report such keys; writers leave it off and get the RegistryError.
   */
  readonly reportUnreadable?: boolean;
}

export interface ValueWrite {
  readonly key: string;
  readonly name: string;
  readonly value: RegistryValue;
}

export interface ValueRef {
  readonly key: string;
  readonly name: string;
}

export type RegistryBackendKind = 'simulated' | 'reg-exe' | 'regedit';

export interface RegistryPort {
  readonly kind: RegistryBackendKind;
  /** Human-readable detail for the info page, e.g. "wine reg.exe (WINEPREFIX=/tmp/x)" or "simulated: legacy". */
  readonly description: string;
  /** Reads every key in one batch (as few backend processes as the backend allows, started together). */
  readKeys(paths: readonly string[], options?: ReadOptions): Promise<KeySnapshot[]>;
  /** Writes every value in one batch; keys are created as needed. */
  writeValues(writes: readonly ValueWrite[]): Promise<void>;
  /** Deletes values; deleting a value that is absent is not an error, a missing key is. */
  deleteValues(refs: readonly ValueRef[]): Promise<void>;
  createKeys(paths: readonly string[]): Promise<void>;
  /** A `.reg` (Windows Registry Editor Version 5.00) export of the keys, subkeys included, as UTF-16LE bytes with BOM. */
  exportKeys(paths: readonly string[]): Promise<Uint8Array>;
  /** Imports a `.reg` file (UTF-16LE with BOM, as exportKeys writes). */
  importRegFile(content: Uint8Array): Promise<void>;
}
