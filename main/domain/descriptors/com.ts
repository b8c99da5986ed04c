/**
 * COM's reading of a descriptor ([MS-DTYP] masks reused as COM_RIGHTS_*, see domain.md §4): the dcomcnfg view per
 * principal, the Windows defaults and the questions the audit asks (edits are in com-edit.ts).
 */
import { AceFlag, Control, type Ace, type SecurityDescriptor, type Sid } from './model';
import { parseSddl } from './sddl';
import { sidDisplayName, type SidContext } from './sid';

/** An access ACL (who may call) or a launch ACL (who may start and activate). */
export type ComAclKind = 'access' | 'launch';

export const ComRight = {
  execute: 0x1,
  executeLocal: 0x2,
  executeRemote: 0x4,
  activateLocal: 0x8,
  activateRemote: 0x10,
} as const;

/** One checkbox of dcomcnfg's permission dialogs. */
export type ComPermission =
  'localAccess' | 'remoteAccess' | 'localLaunch' | 'remoteLaunch' | 'localActivation' | 'remoteActivation';

/** Each permission's bit and dcomcnfg label, by ACL kind. */
export const COM_PERMISSIONS: Readonly<
  Record<ComAclKind, readonly { permission: ComPermission; bit: number; label: string }[]>
> = {
  access: [
    { permission: 'localAccess', bit: ComRight.executeLocal, label: 'Local Access' },
    { permission: 'remoteAccess', bit: ComRight.executeRemote, label: 'Remote Access' },
  ],
  launch: [
    { permission: 'localLaunch', bit: ComRight.executeLocal, label: 'Local Launch' },
    { permission: 'remoteLaunch', bit: ComRight.executeRemote, label: 'Remote Launch' },
    { permission: 'localActivation', bit: ComRight.activateLocal, label: 'Local Activation' },
    { permission: 'remoteActivation', bit: ComRight.activateRemote, label: 'Remote Activation' },
  ],
};

/** The label dcomcnfg shows for a permission, e.g. `Remote Access`. */
export function comPermissionLabel(permission: ComPermission): string {
  return [...COM_PERMISSIONS.access, ...COM_PERMISSIONS.launch].find((p) => p.permission === permission)!
    .label;
}

/** What one principal is allowed and denied, as dcomcnfg's checkboxes show it. */
export interface ComPrincipalRights {
  readonly sid: Sid;
  readonly allow: readonly ComPermission[];
  readonly deny: readonly ComPermission[];
}

const REMOTE: Record<ComAclKind, readonly ComPermission[]> = {
  access: ['remoteAccess'],
  launch: ['remoteLaunch', 'remoteActivation'],
};

/** Whether COM evaluates this ACE: an allow or deny ACE that applies to the object itself (not inherit-only). */
export function isComAce(ace: Ace): ace is Ace & { type: 'access-allowed' | 'access-denied' } {
  return (
    (ace.type === 'access-allowed' || ace.type === 'access-denied') && !(ace.flags & AceFlag.inheritOnly)
  );
}

/** ACEs COM evaluates, in order. */
function effectiveAces(sd: SecurityDescriptor): readonly Ace[] {
  return (sd.dacl?.aces ?? []).filter(isComAce);
}

/** The permissions an ACE mask grants. EXECUTE alone is an old-format ACE, which COM reads as every permission. */
export function permissionsOf(mask: number, kind: ComAclKind): ComPermission[] {
  const table = COM_PERMISSIONS[kind];
  if (mask & ComRight.execute && !(mask & 0x1e)) return table.map((p) => p.permission);
  return table.filter((p) => mask & p.bit).map((p) => p.permission);
}

/**
 * The dcomcnfg view of a COM descriptor: per principal (in order of first appearance), the permissions allowed and
 * denied. ACEs that COM ignores (audit, inherit-only, object, callback) are not shown.
 */
export function comRightsView(sd: SecurityDescriptor, kind: ComAclKind): ComPrincipalRights[] {
  const bySid = new Map<Sid, { allow: Set<ComPermission>; deny: Set<ComPermission> }>();
  for (const ace of effectiveAces(sd)) {
    const entry = bySid.get(ace.sid) ?? { allow: new Set(), deny: new Set() };
    bySid.set(ace.sid, entry);
    for (const permission of permissionsOf(ace.mask, kind)) {
      (ace.type === 'access-allowed' ? entry.allow : entry.deny).add(permission);
    }
  }
  const order = (set: Set<ComPermission>) =>
    COM_PERMISSIONS[kind].map((p) => p.permission).filter((p) => set.has(p));
  return [...bySid].map(([sid, entry]) => ({ sid, allow: order(entry.allow), deny: order(entry.deny) }));
}

/**
 * Whether the descriptor lets `sid` itself reach COM remotely: Remote Access for an access ACL, Remote Launch or
 * Remote Activation for a launch ACL. ACEs are read in order as an access check does (the first ACE naming a bit
 * decides). Only ACEs for exactly `sid` count: ask again for Everyone to cover group grants. A NULL DACL grants all.
 */
export function grantsRemote(sd: SecurityDescriptor, sid: Sid, kind: ComAclKind): boolean {
  if (sd.control & Control.daclPresent && !sd.dacl) return true;
  return REMOTE[kind].some((permission) => {
    const decisive = effectiveAces(sd).find(
      (ace) => ace.sid === sid && permissionsOf(ace.mask, kind).includes(permission),
    );
    return decisive?.type === 'access-allowed';
  });
}

/** The four COM values with a Windows default, and which kind of ACL each is. */
export type ComDescriptorName =
  | 'MachineAccessRestriction'
  | 'MachineLaunchRestriction'
  | 'DefaultAccessPermission'
  | 'DefaultLaunchPermission';

export const COM_DESCRIPTOR_KIND: Readonly<Record<ComDescriptorName, ComAclKind>> = {
  MachineAccessRestriction: 'access',
  MachineLaunchRestriction: 'launch',
  DefaultAccessPermission: 'access',
  DefaultLaunchPermission: 'launch',
};

const CAPABILITY_SID =
  'S-1-15-3-1024-2405443489-874036122-4286035555-1823921565-1746547431-2453885448-3625952902-991631256';

/** Windows 10/11 and Server 2016+ defaults (domain.md §4; third-party literals, matching Microsoft's prose). */
export const DEFAULT_COM_SDDL: Readonly<Record<ComDescriptorName, string>> = {
  MachineAccessRestriction: `O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;LU)(A;;CCDC;;;AC)(A;;CCDC;;;${CAPABILITY_SID})`,
  MachineLaunchRestriction: `O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)(A;;CCDCLCSWRP;;;LU)(A;;CCDCSW;;;AC)(A;;CCDCSW;;;${CAPABILITY_SID})`,
  DefaultAccessPermission: 'O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)(A;;CCDCLC;;;BA)',
  DefaultLaunchPermission: 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)',
};

/** The same defaults as models. */
export const DEFAULT_COM_DESCRIPTORS: Readonly<Record<ComDescriptorName, SecurityDescriptor>> =
  Object.fromEntries(
    Object.entries(DEFAULT_COM_SDDL).map(([name, sddl]) => [name, parseSddl(sddl)]),
  ) as Record<ComDescriptorName, SecurityDescriptor>;

/** Older builds (14393) ship MachineLaunchRestriction without the capability SID's ACE; that is a default too. */
function defaultVariants(name: ComDescriptorName): SecurityDescriptor[] {
  const standard = DEFAULT_COM_DESCRIPTORS[name];
  return name === 'MachineLaunchRestriction' ? [standard, withoutSid(standard, CAPABILITY_SID)] : [standard];
}

function withoutSid(sd: SecurityDescriptor, sid: Sid): SecurityDescriptor {
  return { ...sd, dacl: { revision: 2, aces: (sd.dacl?.aces ?? []).filter((ace) => ace.sid !== sid) } };
}

const aceKey = (ace: Ace) =>
  `${ace.type}|${ace.flags}|${ace.mask}|${ace.sid}|${ace.objectType}|${ace.inheritedObjectType}|${ace.applicationData}`;

/** True when `sd` grants what the Windows default grants: same owner, group and DACL entries (order aside). */
export function isWindowsDefault(sd: SecurityDescriptor, name: ComDescriptorName): boolean {
  return defaultVariants(name).some((def) => {
    if (sd.owner !== def.owner || sd.group !== def.group || !(sd.control & Control.daclPresent) || !sd.dacl)
      return false;
    const wanted = (def.dacl?.aces ?? []).map(aceKey).sort();
    const actual = sd.dacl.aces.map(aceKey).sort();
    return wanted.length === actual.length && wanted.every((key, i) => key === actual[i]);
  });
}

/** One principal's change between two COM descriptors. */
export interface ComRightsChange {
  readonly sid: Sid;
  readonly added: readonly { permission: ComPermission; effect: 'allow' | 'deny' }[];
  readonly removed: readonly { permission: ComPermission; effect: 'allow' | 'deny' }[];
}

/** What changed, principal by principal (owner and group changes are reported with `sid` = the new owner/group). */
export function diffComRights(
  before: SecurityDescriptor,
  after: SecurityDescriptor,
  kind: ComAclKind,
): ComRightsChange[] {
  const view = (sd: SecurityDescriptor) => new Map(comRightsView(sd, kind).map((r) => [r.sid, r]));
  const [old, now] = [view(before), view(after)];
  const sids = [...new Set([...old.keys(), ...now.keys()])];
  const changes: ComRightsChange[] = [];
  for (const sid of sids) {
    const entries = (r: ComPrincipalRights | undefined) => [
      ...(r?.allow ?? []).map((permission) => ({ permission, effect: 'allow' as const })),
      ...(r?.deny ?? []).map((permission) => ({ permission, effect: 'deny' as const })),
    ];
    const [was, is] = [entries(old.get(sid)), entries(now.get(sid))];
    const same = (a: { permission: ComPermission; effect: string }) => (b: typeof a) =>
      a.permission === b.permission && a.effect === b.effect;
    const added = is.filter((entry) => !was.some(same(entry)));
    const removed = was.filter((entry) => !is.some(same(entry)));
    if (added.length > 0 || removed.length > 0) changes.push({ sid, added, removed });
  }
  return changes;
}

/**
 * A readable diff, one line per principal and change: `ANONYMOUS LOGON: + Remote Access (allow)`, plus owner or
 * group changes (`Owner: Administrators → SYSTEM`).
 */
export function describeComDiff(
  before: SecurityDescriptor,
  after: SecurityDescriptor,
  kind: ComAclKind,
  context: SidContext = {},
): string[] {
  const lines: string[] = [];
  const name = (sid: Sid | undefined) => (sid === undefined ? '(none)' : sidDisplayName(sid, context));
  if (before.owner !== after.owner) lines.push(`Owner: ${name(before.owner)} → ${name(after.owner)}`);
  if (before.group !== after.group) lines.push(`Group: ${name(before.group)} → ${name(after.group)}`);
  for (const change of diffComRights(before, after, kind)) {
    for (const { permission, effect } of change.added) {
      lines.push(`${name(change.sid)}: + ${comPermissionLabel(permission)} (${effect})`);
    }
    for (const { permission, effect } of change.removed) {
      lines.push(`${name(change.sid)}: - ${comPermissionLabel(permission)} (${effect})`);
    }
  }
  return lines;
}

/**
 * Principals the descriptor allows a remote permission (Remote Access / Launch / Activation) that the Windows
 * default for `name` does not allow them. A NULL DACL is reported as Everyone with every remote permission.
 */
export function remoteRightsBeyondDefault(
  sd: SecurityDescriptor,
  name: ComDescriptorName,
): { sid: Sid; permissions: ComPermission[] }[] {
  const kind = COM_DESCRIPTOR_KIND[name];
  if (sd.control & Control.daclPresent && !sd.dacl)
    return [{ sid: 'S-1-1-0', permissions: [...REMOTE[kind]] }];
  const defaults = new Map(comRightsView(DEFAULT_COM_DESCRIPTORS[name], kind).map((r) => [r.sid, r.allow]));
  return comRightsView(sd, kind)
    .map((r) => ({
      sid: r.sid,
      permissions: r.allow.filter(
        (p) => REMOTE[kind].includes(p) && !r.deny.includes(p) && !(defaults.get(r.sid) ?? []).includes(p),
      ),
    }))
    .filter((r) => r.permissions.length > 0);
}
