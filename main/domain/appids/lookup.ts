import type { AppIdEntry, AppIdInventory } from './model';

/** Why an ID names no single application; `matches` lists the candidates of an ambiguous executable name. */
export type AppIdLookup =
  | { readonly ok: true; readonly entry: AppIdEntry }
  | {
      readonly ok: false;
      readonly reason: 'unknown' | 'ambiguous';
      readonly message: string;
      readonly matches: readonly AppIdEntry[];
    };

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** `{GUID} (name)`, how an application is named in messages. */
export const appIdLabel = (entry: Pick<AppIdEntry, 'guid' | 'name'>): string =>
  entry.name === entry.guid ? entry.guid : `${entry.guid} (${entry.name})`;

/** The 64-bit view's key wins over the 32-bit view's for the same AppID: it is the one 64-bit COM reads. */
const preferNative = (entries: readonly AppIdEntry[]): AppIdEntry =>
  entries.find((entry) => entry.view === '64-bit') ?? entries[0]!;

/**
 * Finds one application by AppID (with or without braces, any case) or by executable name (`program.exe`, any
 * case, as the `program.exe` keys map it). An executable mapped to several AppIDs is ambiguous: use the GUID.
 */
export function lookupAppId(inventory: AppIdInventory, id: string): AppIdLookup {
  const wanted = id.trim();
  const guid = GUID.exec(wanted)?.[1];
  if (guid) {
    const found = inventory.entries.filter((entry) => entry.guid.toLowerCase() === `{${guid.toLowerCase()}}`);
    if (found.length > 0) return { ok: true, entry: preferNative(found) };
    return {
      ok: false,
      reason: 'unknown',
      message: `No application has the AppID {${guid}}: there is no such key under HKLM\\SOFTWARE\\Classes\\AppID (or its 32-bit view). \`sinkguard appid list\` shows them all.`,
      matches: [],
    };
  }
  const byExecutable = inventory.entries.filter((entry) =>
    entry.executables.some((name) => name.toLowerCase() === wanted.toLowerCase()),
  );
  const byGuid = new Map<string, AppIdEntry[]>();
  for (const entry of byExecutable) {
    const key = entry.guid.toLowerCase();
    byGuid.set(key, [...(byGuid.get(key) ?? []), entry]);
  }
  const distinct = [...byGuid.values()].map(preferNative);
  if (distinct.length === 1) return { ok: true, entry: distinct[0]! };
  if (distinct.length > 1) {
    return {
      ok: false,
      reason: 'ambiguous',
      message: `The executable ${wanted} is mapped to ${distinct.length} AppIDs: ${distinct.map(appIdLabel).join(', ')}. Name the application by its AppID.`,
      matches: distinct,
    };
  }
  return {
    ok: false,
    reason: 'unknown',
    message: `No application is named "${wanted}": give an AppID ({xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}) or an executable name mapped to one. \`sinkguard appid list\` shows them all.`,
    matches: [],
  };
}
