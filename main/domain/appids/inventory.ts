import { appIdPermissions } from '../catalog/settings-dcom-activation';
import { WATCHED_PRINCIPALS, type AppIdTarget } from '../catalog/types';
import {
  COM_PERMISSIONS,
  comPermissionLabel,
  comRightsView,
  formatSddl,
  sidDisplayName,
  type ComAclKind,
} from '../descriptors';
import { targetFor, type Profile } from '../profiles/profile';
import { SnapshotIndex } from '../audit/snapshots';
import type { KeySnapshot, ReadOptions, RegistryPort } from '../registry-port/types';
import {
  APPID_KEY,
  checkAppIdSettings,
  machineLimitKeys,
  machineLimits,
  type AppIdAclReading,
} from './checks';
import { identityFinding, identityOf } from './identity';
import { APPID_ROOTS } from './roots';
import { APPID_VALUES } from './keys';
import type {
  AppIdEntry,
  AppIdFinding,
  AppIdHosting,
  AppIdInventory,
  AppIdPermission,
  AppIdView,
} from './model';

export const SERVICES_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services';

/**
 * The first batch of the inventory: both AppID roots with their subtrees, and the machine-wide limits that cap each
 * application's grants (so a grant is weighed as the audit weighs it).
 */
export function appIdInventoryKeys(): { paths: string[]; options: ReadOptions } {
  const roots = Object.values(APPID_ROOTS);
  return { paths: [...roots, ...machineLimitKeys()], options: { subtrees: roots, reportUnreadable: true } };
}

/** The second batch: the service keys of the service-hosted AppIDs the first batch found (their logon accounts). */
export function appIdServiceKeys(first: readonly KeySnapshot[]): string[] {
  const index = new SnapshotIndex(first);
  const services = new Map<string, string>();
  for (const root of Object.values(APPID_ROOTS)) {
    for (const key of appIdKeys(index, root)) {
      const service = stringValue(index, key, APPID_VALUES.localService);
      if (service) services.set(service.toLowerCase(), `${SERVICES_KEY}\\${service}`);
    }
  }
  return [...services.values()];
}

/** Reads the inventory in two batches (AppIDs and limits, then their services) and builds it. */
export async function readAppIdInventory(port: RegistryPort, target: AppIdTarget): Promise<AppIdInventory> {
  const { paths, options } = appIdInventoryKeys();
  const first = await port.readKeys(paths, options);
  const services = appIdServiceKeys(first);
  const second = services.length > 0 ? await port.readKeys(services, { reportUnreadable: true }) : [];
  return buildAppIdInventory(new SnapshotIndex([...first, ...second]), target);
}

/** The profile's AppID target; a profile that does not assess AppIDs is measured against the recommended one. */
export function appIdTargetOf(profile: Profile): AppIdTarget {
  return targetFor(profile, appIdPermissions) ?? appIdPermissions.baselines.recommended!;
}

function stringValue(index: SnapshotIndex, key: string, value: string): string | null {
  const observed = index.observe({ key, value });
  return observed.state === 'present' &&
    (observed.value.type === 'REG_SZ' || observed.value.type === 'REG_EXPAND_SZ')
    ? observed.value.data
    : null;
}

/** The `{GUID}` keys below a root that was read with its subtree. */
function appIdKeys(index: SnapshotIndex, root: string): string[] {
  const snapshot = index.key(root);
  if (!snapshot?.exists) return [];
  return snapshot.subkeys.filter((name) => APPID_KEY.test(name)).map((name) => `${root}\\${name}`);
}

function permissionOf(reading: AppIdAclReading, kind: ComAclKind): AppIdPermission {
  if (reading.kind !== 'custom') return reading;
  const sd = reading.descriptor;
  const grants = sd.dacl
    ? comRightsView(sd, kind).map((rights) => ({
        principal: sidDisplayName(rights.sid),
        sid: rights.sid,
        allow: rights.allow.map(comPermissionLabel),
        deny: rights.deny.map(comPermissionLabel),
      }))
    : // A NULL DACL: everyone holds every right.
      [
        {
          principal: WATCHED_PRINCIPALS.WD.name,
          sid: WATCHED_PRINCIPALS.WD.sid,
          allow: COM_PERMISSIONS[kind].map((permission) => permission.label),
          deny: [],
        },
      ];
  return { kind: 'custom', sddl: formatSddl(sd), grants };
}

function hostingOf(index: SnapshotIndex, key: string): AppIdHosting {
  const service = stringValue(index, key, APPID_VALUES.localService);
  if (service) {
    const serviceKey = index.key(`${SERVICES_KEY}\\${service}`);
    const account =
      serviceKey?.exists && serviceKey.unreadable === undefined
        ? // A Win32 service without ObjectName runs as LocalSystem.
          (stringValue(index, serviceKey.path, 'ObjectName') ?? 'LocalSystem')
        : null;
    return { kind: 'service', service, account };
  }
  const surrogate = index.observe({ key, value: 'DllSurrogate' });
  if (surrogate.state === 'present') {
    const path =
      surrogate.value.type === 'REG_SZ' || surrogate.value.type === 'REG_EXPAND_SZ'
        ? surrogate.value.data
        : '';
    return { kind: 'surrogate', path: path.trim() === '' ? null : path };
  }
  return { kind: 'local-server' };
}

/**
 * The inventory, pure: every AppID of both views from one batch read's snapshots (see appIdInventoryKeys, plus
 * appIdServiceKeys for the service accounts), checked against the profile's AppID target as the audit checks them.
 */
export function buildAppIdInventory(index: SnapshotIndex, target: AppIdTarget): AppIdInventory {
  const setting = appIdPermissions;
  const limit = machineLimits(index);
  const entries: AppIdEntry[] = [];
  const unreadable: AppIdInventory['unreadable'] = [];
  const watched = new Set(target.noRemoteGrant);

  for (const [view, root] of Object.entries(APPID_ROOTS) as [AppIdView, string][]) {
    const rootSnapshot = index.key(root);
    if (!rootSnapshot) {
      unreadable.push({ path: root, problem: 'the key was not read' });
      continue;
    }
    if (rootSnapshot.unreadable !== undefined) {
      unreadable.push({ path: root, problem: rootSnapshot.unreadable });
      continue;
    }
    if (!rootSnapshot.exists) continue;

    // `program.exe` keys point an executable at an AppID (their AppID value): names, not applications.
    const executables = new Map<string, string[]>();
    for (const name of rootSnapshot.subkeys.filter((subkey) => !APPID_KEY.test(subkey))) {
      const appId = stringValue(index, `${root}\\${name}`, 'AppID');
      if (appId)
        executables.set(appId.toLowerCase(), [...(executables.get(appId.toLowerCase()) ?? []), name]);
    }

    for (const guid of rootSnapshot.subkeys.filter((subkey) => APPID_KEY.test(subkey))) {
      const key = `${root}\\${guid}`;
      const snapshot = index.key(key);
      if (!snapshot) {
        unreadable.push({
          path: key,
          problem: 'the key was not read (the AppID key must be read with its subtree)',
        });
        continue;
      }
      if (snapshot.unreadable !== undefined) {
        unreadable.push({ path: key, problem: snapshot.unreadable });
        continue;
      }
      const observe = (value: string) => index.observe({ key, value });
      const check = checkAppIdSettings(observe, setting, target, limit);
      const findings: AppIdFinding[] = [...check.problems];

      const runAsValue = observe(APPID_VALUES.runAs);
      let runAs: string | null = null;
      if (runAsValue.state === 'present') {
        if (runAsValue.value.type === 'REG_SZ') runAs = runAsValue.value.data;
        else {
          runAs = '';
          findings.push({
            code: 'invalid-value',
            severity: setting.cappedSeverity,
            text: 'RunAs is not a REG_SZ: COM cannot start the server under it',
          });
        }
      }
      const hosting = hostingOf(index, key);
      const identity = identityOf(hosting, runAs);
      const opened = check.problems.some(
        (problem) => problem.code === 'remote-grant-anonymous' || problem.code === 'remote-grant-everyone',
      );
      const identityProblem = identityFinding(identity, opened && watched.size > 0);
      if (identityProblem) findings.push(identityProblem);

      const names = executables.get(guid.toLowerCase()) ?? [];
      const defaultName = stringValue(index, key, '');
      entries.push({
        guid,
        view,
        name: defaultName?.trim() ? defaultName : (names[0] ?? guid),
        executables: names,
        hosting,
        identity,
        authenticationLevel: check.authenticationLevel,
        access: permissionOf(check.access, 'access'),
        launch: permissionOf(check.launch, 'launch'),
        findings,
      });
    }
  }
  return { entries: withoutSharedCopies(entries), unreadable };
}

/**
 * Since Windows 7 the AppID key is shared between the views (Wine's registry too): the 32-bit path shows the same
 * key. A 32-bit entry identical to the 64-bit one of its GUID is that key seen twice, listed once.
 */
function withoutSharedCopies(entries: readonly AppIdEntry[]): AppIdEntry[] {
  const content = (entry: AppIdEntry) =>
    JSON.stringify({ ...entry, view: undefined, guid: entry.guid.toLowerCase() });
  const native = new Map(
    entries
      .filter((entry) => entry.view === '64-bit')
      .map((entry) => [entry.guid.toLowerCase(), content(entry)]),
  );
  return entries.filter(
    (entry) => entry.view === '64-bit' || native.get(entry.guid.toLowerCase()) !== content(entry),
  );
}
