import type { RegistryValue } from '../registry-port/types';

/**
 * A `.reg` file as a sequence of key blocks, in file order. Key paths use the registry port's spelling
 * (`HKLM\SOFTWARE\...`); the writer expands the hive to `HKEY_LOCAL_MACHINE` the way `reg export` does.
 */
export interface RegFile {
  readonly blocks: readonly RegFileBlock[];
}

export type RegFileBlock =
  /** `[KEY]`: creates the key (if needed) and applies its entries in order. */
  | { readonly kind: 'key'; readonly path: string; readonly entries: readonly RegFileEntry[] }
  /** `[-KEY]`: deletes the key and everything below it. */
  | { readonly kind: 'delete-key'; readonly path: string };

export type RegFileEntry =
  /** `"name"=data`, or `@=data` for the default value (named `''`). */
  | { readonly kind: 'set'; readonly name: string; readonly value: RegistryValue }
  /** `"name"=-`: deletes the value. */
  | { readonly kind: 'delete'; readonly name: string };

/** The header `reg export` writes; REGEDIT4 (ANSI) is accepted on input only. */
export const REG_FILE_HEADER_V5 = 'Windows Registry Editor Version 5.00';
export const REG_FILE_HEADER_V4 = 'REGEDIT4';

const HIVES: readonly (readonly [short: string, long: string])[] = [
  ['HKLM', 'HKEY_LOCAL_MACHINE'],
  ['HKCU', 'HKEY_CURRENT_USER'],
  ['HKCR', 'HKEY_CLASSES_ROOT'],
  ['HKU', 'HKEY_USERS'],
  ['HKCC', 'HKEY_CURRENT_CONFIG'],
];

/** `HKEY_LOCAL_MACHINE\X` → `HKLM\X`; undefined when the root is not a hive name. */
export function shortenHive(path: string): string | undefined {
  // The root is cut off once, not the whole path split and joined: a large file has a key line every few values.
  const cut = path.indexOf('\\');
  const root = (cut === -1 ? path : path.slice(0, cut)).toUpperCase();
  const hive = HIVES.find(([short, long]) => long === root || short === root);
  return hive && (cut === -1 ? hive[0] : hive[0] + path.slice(cut));
}

/** `HKLM\X` → `HKEY_LOCAL_MACHINE\X` (either spelling accepted); undefined when the root is not a hive name. */
export function expandHive(path: string): string | undefined {
  const [root = '', ...rest] = path.split('\\');
  const hive = HIVES.find(([short, long]) => long === root.toUpperCase() || short === root.toUpperCase());
  return hive && [hive[1], ...rest].join('\\');
}
