import { AceFlag, Control, parseSddl, type Ace, type SecurityDescriptor, type Sid } from './deps';

/**
 * The audit's questions about COM security descriptors: which remote COM rights a principal holds, and how to take
 * them away without touching anything else. COM bits per domain.md §4 (C11, C12).
 */
export const ComRight = {
  execute: 0x1,
  executeLocal: 0x2,
  executeRemote: 0x4,
  activateLocal: 0x8,
  activateRemote: 0x10,
} as const;

const GENERIC_ALL = 0x10000000;
const GENERIC_EXECUTE = 0x20000000;
const NEW_FORMAT_BITS = 0x1e;

export type RightsKind = 'access' | 'launch';

const ALL_RIGHTS: Record<RightsKind, number> = { access: 0x7, launch: 0x1f };
export const REMOTE_RIGHTS: Record<RightsKind, number> = {
  access: ComRight.executeRemote,
  launch: ComRight.executeRemote | ComRight.activateRemote,
};

/**
 * The Windows default descriptors (domain.md §4; third-party literals matching Microsoft's prose), as SDDL. The
 * capability SID ACE of the access/launch restrictions carries no remote right, so it does not affect the audit.
 */
export const WINDOWS_DEFAULT_SDDL = {
  MachineAccessRestriction:
    'O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;LU)(A;;CCDC;;;AC)(A;;CCDC;;;S-1-15-3-1024-2405443489-874036122-4286035555-1823921565-1746547431-2453885448-3625952902-991631256)',
  MachineLaunchRestriction:
    'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)(A;;CCDCLCSWRP;;;LU)(A;;CCDCSW;;;AC)(A;;CCDCSW;;;S-1-15-3-1024-2405443489-874036122-4286035555-1823921565-1746547431-2453885448-3625952902-991631256)',
  DefaultLaunchPermission: 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)',
  DefaultAccessPermission: 'O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)(A;;CCDCLC;;;BA)',
} as const;

export type WindowsDefault = keyof typeof WINDOWS_DEFAULT_SDDL;

const parsedDefaults = new Map<WindowsDefault, SecurityDescriptor>();
export function windowsDefault(which: WindowsDefault): SecurityDescriptor {
  let descriptor = parsedDefaults.get(which);
  if (!descriptor) {
    descriptor = parseSddl(WINDOWS_DEFAULT_SDDL[which]);
    parsedDefaults.set(which, descriptor);
  }
  return descriptor;
}

/** The COM rights an ACE's mask stands for: an old-format EXECUTE-only ACE, or a generic right, means all of them. */
function comRights(mask: number, kind: RightsKind): number {
  if ((mask & (GENERIC_ALL | GENERIC_EXECUTE)) !== 0) return ALL_RIGHTS[kind];
  if ((mask & ComRight.execute) !== 0 && (mask & NEW_FORMAT_BITS) === 0) return ALL_RIGHTS[kind];
  return mask & ALL_RIGHTS[kind] & NEW_FORMAT_BITS;
}

const isAllow = (ace: Ace): boolean =>
  ace.type === 'access-allowed' || ace.type === 'access-allowed-callback';
// A conditional deny may not apply, so only unconditional denies take rights away (the cautious reading).
const isDeny = (ace: Ace): boolean => ace.type === 'access-denied';

/**
 * The COM rights `sid` itself is granted by the descriptor's DACL, evaluated in ACE order as AccessCheck does
 * (the first ACE that decides a right wins). Group membership is not modelled: this answers "what does the ACL
 * give this principal by name". No DACL (or a NULL DACL) grants everything.
 */
export function grantedRights(sd: SecurityDescriptor, sid: Sid, kind: RightsKind): number {
  if ((sd.control & Control.daclPresent) === 0 || !sd.dacl) return ALL_RIGHTS[kind];
  let decided = 0;
  let granted = 0;
  for (const ace of sd.dacl.aces) {
    if ((ace.flags & AceFlag.inheritOnly) !== 0 || ace.sid !== sid) continue;
    const rights = comRights(ace.mask, kind) & ~decided;
    if (isAllow(ace)) granted |= rights;
    if (isAllow(ace) || isDeny(ace)) decided |= rights;
  }
  return granted;
}

/** Remote rights the descriptor grants `sid` that Windows' default does not. */
export function remoteRightsBeyondDefault(
  sd: SecurityDescriptor,
  sid: Sid,
  kind: RightsKind,
  defaults: SecurityDescriptor,
): number {
  return grantedRights(sd, sid, kind) & REMOTE_RIGHTS[kind] & ~grantedRights(defaults, sid, kind);
}

export function describeRights(rights: number, kind: RightsKind): string {
  const names: string[] = [];
  const table: [number, string][] =
    kind === 'access'
      ? [
          [ComRight.executeLocal, 'Local Access'],
          [ComRight.executeRemote, 'Remote Access'],
        ]
      : [
          [ComRight.executeLocal, 'Local Launch'],
          [ComRight.executeRemote, 'Remote Launch'],
          [ComRight.activateLocal, 'Local Activation'],
          [ComRight.activateRemote, 'Remote Activation'],
        ];
  for (const [bit, name] of table) if ((rights & bit) !== 0) names.push(name);
  return names.join(', ');
}

/**
 * The descriptor with `rights` taken from `sid`'s allow ACEs (old-format and generic masks first spelled out as COM
 * bits, since stripping a bit from them would change their meaning). An ACE left with no right but EXECUTE is
 * dropped: alone it would read as an old-format grant of everything.
 */
export function withoutRights(
  sd: SecurityDescriptor,
  sid: Sid,
  rights: number,
  kind: RightsKind,
): SecurityDescriptor {
  if ((sd.control & Control.daclPresent) === 0 || !sd.dacl) {
    throw new Error(
      'a descriptor without a DACL cannot be narrowed; replace it with the Windows default instead',
    );
  }
  const aces: Ace[] = [];
  for (const ace of sd.dacl.aces) {
    if (ace.sid !== sid || !isAllow(ace) || (ace.flags & AceFlag.inheritOnly) !== 0) {
      aces.push(ace);
      continue;
    }
    const remaining = comRights(ace.mask, kind) & ~rights;
    if ((remaining & NEW_FORMAT_BITS) === 0) continue;
    aces.push({ ...ace, mask: remaining | ComRight.execute });
  }
  return { ...sd, dacl: { ...sd.dacl, aces } };
}
