/**
 * Which application an `appid set` ID names: an AppID GUID, or an executable name mapped to one by a `program.exe`
 * key. Interim: to be replaced by the inventory's lookupAppId once it lands (it also knows executables named only
 * by a CLSID's LocalServer32), with the same refusals.
 */
import { APPID_ROOTS, appIdGuid, appIdKey } from '../appids/keys';
import type { AppIdView } from '../appids/model';
import type { KeySnapshot } from '../registry-port/types';
import { PlanInputError, type AppIdRef } from './model';
import { indexSnapshots, valueIn } from './values';

const VIEWS: readonly AppIdView[] = ['64-bit', '32-bit'];

/** An executable's name as it may be looked up: a file name, never a path (it becomes a key name). */
function executableName(id: string): string {
  const name = id.trim();
  if (name === '' || /[\\/\0\r\n]/.test(name) || name === '.' || name === '..')
    throw new PlanInputError(
      `AppID ${JSON.stringify(id)}`,
      'not an AppID or an executable name: give the AppID {GUID} or the executable’s file name (for example ' +
        'myserver.exe), not a path',
    );
  return name;
}

/** The keys that tell which application `id` names: its AppID key, or its `program.exe` key, in each view. */
export function appIdLookupKeys(id: string): string[] {
  const guid = appIdGuid(id);
  const name = guid ?? executableName(id);
  return VIEWS.map((view) => (guid ? appIdKey(guid, view) : `${APPID_ROOTS[view]}\\${name}`));
}

/**
 * The application `id` names, from one read of appIdLookupKeys(id). A GUID names the first view holding it (a key
 * that cannot be read counts as held: planning refuses it then). An executable must map to exactly one AppID.
 */
export function appIdFromLookup(id: string, snapshots: readonly KeySnapshot[]): AppIdRef {
  const find = indexSnapshots(snapshots);
  const keys = appIdLookupKeys(id);
  const guid = appIdGuid(id);
  const held = VIEWS.flatMap((view, index) => {
    const snapshot = find(keys[index]!);
    return snapshot && (snapshot.exists || snapshot.unreadable !== undefined) ? [{ view, snapshot }] : [];
  });
  if (guid) {
    const first = held[0];
    if (!first) throw unknown(id);
    return { guid, view: first.view, name: null };
  }
  const targets = held.flatMap(({ view, snapshot }) => {
    const value = valueIn(snapshot, 'AppID');
    const target = value?.type === 'REG_SZ' ? appIdGuid(value.data) : null;
    return target ? [{ guid: target, view }] : [];
  });
  const distinct = [...new Map(targets.map((target) => [target.guid, target])).values()];
  if (distinct.length === 0) throw unknown(id);
  if (distinct.length > 1)
    throw new PlanInputError(
      `AppID ${JSON.stringify(id)}`,
      `the executable ${id} maps to ${distinct.length} applications: ` +
        `${distinct.map((target) => `${target.guid} (${target.view})`).join(', ')}; give the AppID {GUID} instead`,
    );
  return { ...distinct[0]!, name: id.trim() };
}

function unknown(id: string): PlanInputError {
  return new PlanInputError(
    `AppID ${JSON.stringify(id)}`,
    `no such application: neither ${APPID_ROOTS['64-bit']} nor ${APPID_ROOTS['32-bit']} holds it ` +
      '(`sinkguard appid list` shows every application)',
  );
}
