/**
 * Editing a COM descriptor the way dcomcnfg does, by one rule: a right changes inside the ACE that holds it, an ACE
 * goes only when it has no right of the edited kind left, and a new ACE goes where Windows' canonical order puts it
 * (explicit denies, then explicit allows, then inherited ACEs: Microsoft's "Order of ACEs in a DACL"). So an edit
 * touches only the principal edited and the diff shows only that.
 */
import {
  COM_PERMISSIONS,
  ComRight,
  comRightsView,
  isComAce,
  permissionsOf,
  type ComAclKind,
  type ComPermission,
  type ComPrincipalRights,
} from './com';
import { AceFlag, Control, type Ace, type SecurityDescriptor, type Sid } from './model';

/** The bits of `permissions` (EXECUTE not included). */
function bitsOf(permissions: readonly ComPermission[], kind: ComAclKind): number {
  return COM_PERMISSIONS[kind]
    .filter((p) => permissions.includes(p.permission))
    .reduce((mask: number, p) => mask | p.bit, 0);
}

/** Every permission bit an ACL of this kind knows. */
const kindBits = (kind: ComAclKind): number =>
  bitsOf(
    COM_PERMISSIONS[kind].map((p) => p.permission),
    kind,
  );

const DENY_TYPES: ReadonlySet<Ace['type']> = new Set([
  'access-denied',
  'access-denied-object',
  'access-denied-callback',
  'access-denied-callback-object',
]);

/** An ACE's group in canonical order: explicit deny 0, other explicit 1, inherited 2. */
const canonicalGroup = (ace: Ace): number =>
  ace.flags & AceFlag.inherited ? 2 : DENY_TYPES.has(ace.type) ? 0 : 1;

/** Where a new ACE goes: before the first ACE of a later canonical group, else at the end. */
function canonicalIndex(aces: readonly Ace[], ace: Ace): number {
  const at = aces.findIndex((other) => canonicalGroup(other) > canonicalGroup(ace));
  return at < 0 ? aces.length : at;
}

/**
 * Old-format (EXECUTE-only) ACEs rewritten in the new format, in place: COM rejects an ACL that mixes both
 * (domain.md §4), and an edit writes new-format ACEs.
 */
function modernised(aces: readonly Ace[], kind: ComAclKind): Ace[] {
  return aces.map((ace) =>
    (ace.type === 'access-allowed' || ace.type === 'access-denied') && ace.mask === ComRight.execute
      ? { ...ace, mask: ComRight.execute | kindBits(kind) }
      : ace,
  );
}

/**
 * Sets one principal's COM rights in an existing descriptor and returns the new descriptor. Each ACE of the principal
 * that COM reads keeps its place and keeps only the wanted rights it holds; one left with none goes. A wanted right
 * no ACE holds is added to the principal's first explicit ACE of that effect, or else to a new ACE placed in
 * canonical order. Every other ACE stays as it is, except that old-format ACEs are rewritten in the new format.
 * Empty `allow` and `deny` remove the principal.
 */
export function withComRights(
  sd: SecurityDescriptor,
  kind: ComAclKind,
  rights: ComPrincipalRights,
): SecurityDescriptor {
  const wanted = { 'access-allowed': bitsOf(rights.allow, kind), 'access-denied': bitsOf(rights.deny, kind) };
  const held = { 'access-allowed': 0, 'access-denied': 0 };
  const aces: Ace[] = [];
  for (const ace of modernised(sd.dacl?.aces ?? [], kind)) {
    const holds = isComAce(ace) && ace.sid === rights.sid ? bitsOf(permissionsOf(ace.mask, kind), kind) : 0;
    // Not the principal's, or an ACE that grants none of this kind's rights: not the edit's business.
    if (holds === 0 || !isComAce(ace)) {
      aces.push(ace);
      continue;
    }
    const kept = holds & wanted[ace.type];
    held[ace.type] |= kept;
    if (kept === holds) aces.push(ace);
    else if (kept !== 0) aces.push({ ...ace, mask: (ace.mask & ~kindBits(kind)) | ComRight.execute | kept });
  }
  for (const type of ['access-denied', 'access-allowed'] as const) {
    const missing = wanted[type] & ~held[type];
    if (missing === 0) continue;
    const at = aces.findIndex(
      (ace) =>
        isComAce(ace) && ace.type === type && ace.sid === rights.sid && !(ace.flags & AceFlag.inherited),
    );
    if (at >= 0) {
      aces[at] = { ...aces[at]!, mask: aces[at]!.mask | ComRight.execute | missing };
    } else {
      const added: Ace = { type, flags: 0, mask: ComRight.execute | missing, sid: rights.sid };
      aces.splice(canonicalIndex(aces, added), 0, added);
    }
  }
  return {
    ...sd,
    control: sd.control | Control.daclPresent,
    dacl: {
      revision: sd.dacl?.revision ?? 2,
      aces,
      ...(sd.dacl?.trailingBytes && { trailingBytes: sd.dacl.trailingBytes }),
    },
  };
}

/** The descriptor with `permissions` taken from `sid`'s allow entries; its other rights and every other ACE stay. */
export function withoutComPermissions(
  sd: SecurityDescriptor,
  kind: ComAclKind,
  sid: Sid,
  permissions: readonly ComPermission[],
): SecurityDescriptor {
  const current = comRightsView(sd, kind).find((rights) => rights.sid === sid);
  const allow = (current?.allow ?? []).filter((permission) => !permissions.includes(permission));
  return withComRights(sd, kind, { sid, allow, deny: current?.deny ?? [] });
}

/**
 * A COM descriptor from dcomcnfg-style rights, built by the same rule as an edit: new-format ACEs only (EXECUTE
 * always set), denies before allows, owner and group Administrators unless given.
 */
export function comRightsToDescriptor(
  rights: readonly ComPrincipalRights[],
  kind: ComAclKind,
  { owner = 'S-1-5-32-544', group = 'S-1-5-32-544' }: { owner?: Sid; group?: Sid } = {},
): SecurityDescriptor {
  const empty: SecurityDescriptor = {
    control: Control.selfRelative | Control.daclPresent,
    owner,
    group,
    dacl: { revision: 2, aces: [] },
  };
  return rights.reduce((sd, principal) => withComRights(sd, kind, principal), empty);
}
