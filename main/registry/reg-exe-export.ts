/**
 * Reading what reg.exe prints and exports into snapshots: which keys to export (exportRoots), `reg query` listings,
 * and an export's key blocks indexed by path. Pure functions over text and parsed .reg blocks.
 */
import { shortenHive, type RegFileBlock } from '../domain/regfile/index';
import { foldCase, isSameOrBelow, parentPath } from './paths';
import type { KeySnapshot } from './types';

/**
 * Keys at least this deep (`HKLM\SOFTWARE\Policies\Microsoft`) may be exported, and exported in place of their
 * children; shallower ones (`HKLM\SOFTWARE\Microsoft`) hold most of a hive and are only ever listed.
 */
const MIN_EXPORT_DEPTH = 4;

export const isShallow = (key: string): boolean => key.split('\\').length < MIN_EXPORT_DEPTH;

/**
 * A non-recursive `reg query` listing: blank lines, `HKEY_…` key lines (the key itself, then each subkey) and
 * four-space-indented value lines. Read as Latin-1: subkey names outside ASCII may come out in the console's code
 * page, which only matters for names nothing here looks for.
 */
export function parseListing(text: string, key: string): { hasValues: boolean; subkeys: string[] } {
  const folded = foldCase(key);
  const subkeys: string[] = [];
  let hasValues = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('    ')) hasValues = true;
    const path = line.startsWith('HKEY_') ? shortenHive(line.trimEnd()) : undefined;
    if (path && foldCase(parentPath(path) ?? '') === folded)
      subkeys.push(path.slice(path.lastIndexOf('\\') + 1));
  }
  return { hasValues, subkeys };
}

/**
 * The fewest keys whose exports cover `keys`: reg export includes subkeys, so a key below another one needs no export
 * of its own, and siblings are exported through their parent when it is deep enough to stay small. Under Wine every
 * reg.exe is a process start costing as much as the export, so fewer exports is most of the batch's cost.
 */
export function exportRoots(keys: readonly string[]): string[] {
  let roots = unique(keys);
  for (;;) {
    const covered = roots.filter((key) => !roots.some((other) => other !== key && isSameOrBelow(key, other)));
    const siblings = new Map<string, string[]>();
    for (const key of covered) {
      const parent = parentPath(key);
      if (parent && parent.split('\\').length >= MIN_EXPORT_DEPTH) {
        siblings.set(foldCase(parent), [...(siblings.get(foldCase(parent)) ?? []), parent]);
      }
    }
    const shared = [...siblings.values()]
      .filter((parents) => parents.length >= 2)
      .map((parents) => parents[0]!);
    if (shared.length === 0) return covered;
    roots = unique([...covered, ...shared]);
  }
}

/** One export's key blocks by folded path, and each key's children in export order. */
export interface ExportIndex {
  readonly blocks: ReadonlyMap<string, Extract<RegFileBlock, { kind: 'key' }>>;
  readonly children: ReadonlyMap<string, readonly string[]>;
}

export function indexExport(blocks: readonly RegFileBlock[]): ExportIndex {
  const byPath = new Map<string, Extract<RegFileBlock, { kind: 'key' }>>();
  const children = new Map<string, string[]>();
  for (const block of blocks) {
    if (block.kind !== 'key') continue;
    byPath.set(foldCase(block.path), block);
    const parent = foldCase(parentPath(block.path) ?? '');
    // Appended in place: a key with thousands of subkeys (the AppID tree) must not copy its list per child.
    const siblings = children.get(parent);
    const name = block.path.slice(block.path.lastIndexOf('\\') + 1);
    if (siblings) siblings.push(name);
    else children.set(parent, [name]);
  }
  return { blocks: byPath, children };
}

/** The snapshot of `key` from an export of it or of one of its ancestors. */
export function snapshotFrom(index: ExportIndex, key: string, requested: string): KeySnapshot {
  const own = index.blocks.get(foldCase(key));
  const values = new Map(
    own
      ? own.entries.flatMap((entry) => (entry.kind === 'set' ? [[entry.name, entry.value] as const] : []))
      : [],
  );
  const subkeys = [...(index.children.get(foldCase(key)) ?? [])];
  return { path: requested, exists: own !== undefined, values, subkeys };
}

/** Every key below `key` in the export, parents first, spelled from the requested path and the stored names. */
export function descendantsOf(index: ExportIndex, key: string, requested: string): KeySnapshot[] {
  const found: KeySnapshot[] = [];
  const walk = (at: string, spelled: string): void => {
    for (const name of index.children.get(foldCase(at)) ?? []) {
      const child = `${at}\\${name}`;
      const childSpelled = `${spelled}\\${name}`;
      found.push(snapshotFrom(index, child, childSpelled));
      walk(child, childSpelled);
    }
  };
  walk(key, requested);
  return found;
}

/** One block per key, in first-seen order, so the generated file reads like an export. */
export function mergeBlocks(blocks: readonly RegFileBlock[]): RegFileBlock[] {
  const merged = new Map<
    string,
    { path: string; entries: Extract<RegFileBlock, { kind: 'key' }>['entries'][number][] }
  >();
  for (const block of blocks) {
    if (block.kind !== 'key') continue;
    const entry = merged.get(foldCase(block.path)) ?? { path: block.path, entries: [] };
    entry.entries.push(...block.entries);
    merged.set(foldCase(block.path), entry);
  }
  return [...merged.values()].map(({ path, entries }) => ({ kind: 'key', path, entries }));
}

export function unique(keys: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const key of keys) if (!seen.has(foldCase(key))) seen.set(foldCase(key), key);
  return [...seen.values()];
}
