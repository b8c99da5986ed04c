import {
  COM_DESCRIPTOR_KIND,
  COM_PERMISSIONS,
  comRightsView,
  DEFAULT_COM_SDDL,
  formatSddl,
  lookupPrincipal,
  parseSddl,
  sidDisplayName,
  withComRights,
  type ComAclKind,
  type ComDescriptorName,
  type ComPermission,
  type SecurityDescriptor,
  type Sid,
} from '../../../main/domain/descriptors';

/**
 * The DCOM limits editor's model: a descriptor seen as dcomcnfg's matrix of principals × permissions (allow/deny),
 * and back to SDDL. Pure: no DOM, no React, so it is unit-tested in Node.
 */

export type Effect = 'allow' | 'deny';

export interface MatrixRow {
  readonly sid: Sid;
  readonly allow: readonly ComPermission[];
  readonly deny: readonly ComPermission[];
}

export interface PermissionMatrix {
  readonly name: ComDescriptorName;
  readonly kind: ComAclKind;
  /** The descriptor the matrix was read from: owner, group and ACEs COM ignores are kept from it. */
  readonly base: SecurityDescriptor;
  readonly rows: readonly MatrixRow[];
}

/** The matrix's columns for an ACL kind, in dcomcnfg's order. */
export const matrixColumns = (kind: ComAclKind) => COM_PERMISSIONS[kind];

export const REMOTE_PERMISSIONS: ReadonlySet<ComPermission> = new Set([
  'remoteAccess',
  'remoteLaunch',
  'remoteActivation',
]);

const ANONYMOUS = 'S-1-5-7';
const EVERYONE = 'S-1-1-0';

/** Reads SDDL into a matrix; a malformed string throws the descriptor codec's DescriptorError (with position). */
export function matrixFromSddl(sddl: string, name: ComDescriptorName): PermissionMatrix {
  const kind = COM_DESCRIPTOR_KIND[name];
  const base = parseSddl(sddl);
  return { name, kind, base, rows: comRightsView(base, kind) };
}

/** The Windows default for this limit, as a matrix ("Reset to Windows default"). */
export const defaultMatrix = (name: ComDescriptorName): PermissionMatrix =>
  matrixFromSddl(DEFAULT_COM_SDDL[name], name);

const sameSet = (a: readonly ComPermission[], b: readonly ComPermission[]) =>
  a.length === b.length && a.every((permission) => b.includes(permission));

/**
 * The matrix as SDDL. Only principals whose rights changed are rewritten (so an untouched matrix gives back the
 * descriptor it was read from); a principal left with no permission at all is removed.
 */
export function matrixToSddl(matrix: PermissionMatrix): string {
  const before = new Map(comRightsView(matrix.base, matrix.kind).map((row) => [row.sid, row]));
  let descriptor = matrix.base;
  const listed = new Set(matrix.rows.map((row) => row.sid));
  for (const [sid] of before) {
    if (!listed.has(sid)) descriptor = withComRights(descriptor, matrix.kind, { sid, allow: [], deny: [] });
  }
  for (const row of matrix.rows) {
    const old = before.get(row.sid);
    const unchanged = old
      ? sameSet(old.allow, row.allow) && sameSet(old.deny, row.deny)
      : row.allow.length === 0 && row.deny.length === 0;
    if (!unchanged) descriptor = withComRights(descriptor, matrix.kind, row);
  }
  return formatSddl(descriptor);
}

/**
 * Ticks or clears one checkbox. As in dcomcnfg, allowing a permission clears its deny and denying clears its allow.
 */
export function setPermission(
  matrix: PermissionMatrix,
  sid: Sid,
  permission: ComPermission,
  effect: Effect,
  checked: boolean,
): PermissionMatrix {
  const order = matrixColumns(matrix.kind).map((column) => column.permission);
  const normalise = (set: Set<ComPermission>) => order.filter((p) => set.has(p));
  return {
    ...matrix,
    rows: matrix.rows.map((row) => {
      if (row.sid !== sid) return row;
      const allow = new Set(row.allow);
      const deny = new Set(row.deny);
      const [same, other] = effect === 'allow' ? [allow, deny] : [deny, allow];
      if (checked) {
        same.add(permission);
        other.delete(permission);
      } else same.delete(permission);
      return { sid, allow: normalise(allow), deny: normalise(deny) };
    }),
  };
}

export type AddPrincipalResult =
  | { readonly ok: true; readonly matrix: PermissionMatrix; readonly sid: Sid }
  | { readonly ok: false; readonly problem: string };

/** Adds a principal typed by the admin: a well-known name (`Distributed COM Users`), an SDDL alias or a SID. */
export function addPrincipal(matrix: PermissionMatrix, text: string): AddPrincipalResult {
  const typed = text.trim();
  if (typed === '')
    return { ok: false, problem: 'Type a well-known name (e.g. Distributed COM Users) or a SID.' };
  const sid = lookupPrincipal(typed);
  if (sid === undefined) {
    return /^s-/i.test(typed)
      ? {
          ok: false,
          problem: `"${typed}" is not a valid SID: it must look like S-1-5-21-…, with numbers in range.`,
        }
      : {
          ok: false,
          problem: `"${typed}" is not a well-known principal. Use its SID (S-1-5-21-…) for a domain or local account.`,
        };
  }
  if (matrix.rows.some((row) => row.sid === sid))
    return { ok: false, problem: `${sidDisplayName(sid)} is already listed.` };
  return { ok: true, sid, matrix: { ...matrix, rows: [...matrix.rows, { sid, allow: [], deny: [] }] } };
}

export function removePrincipal(matrix: PermissionMatrix, sid: Sid): PermissionMatrix {
  return { ...matrix, rows: matrix.rows.filter((row) => row.sid !== sid) };
}

export interface RemoteGrantWarning {
  readonly sid: Sid;
  readonly permission: ComPermission;
  /** False when Windows itself ships this grant (Everyone's Remote Access in MachineAccessRestriction). */
  readonly beyondDefault: boolean;
  readonly message: string;
}

/** Remote rights held by ANONYMOUS LOGON or Everyone: the grants that let unauthenticated or any caller in. */
export function remoteGrantWarnings(matrix: PermissionMatrix): RemoteGrantWarning[] {
  const defaults = new Map(defaultMatrix(matrix.name).rows.map((row) => [row.sid, row.allow]));
  const label = (permission: ComPermission) =>
    matrixColumns(matrix.kind).find((column) => column.permission === permission)!.label;
  return matrix.rows
    .filter((row) => row.sid === ANONYMOUS || row.sid === EVERYONE)
    .flatMap((row) =>
      row.allow
        .filter((permission) => REMOTE_PERMISSIONS.has(permission) && !row.deny.includes(permission))
        .map((permission): RemoteGrantWarning => {
          const beyondDefault = !(defaults.get(row.sid) ?? []).includes(permission);
          const who = sidDisplayName(row.sid);
          const message =
            row.sid === ANONYMOUS
              ? `${who} gets ${label(permission)}: unauthenticated callers from the network get through to every DCOM server, WMI included.`
              : beyondDefault
                ? `${who} gets ${label(permission)}, which Windows does not grant: any account, including Guest-like ones, can do this remotely.`
                : `${who} has ${label(permission)} as Windows ships it; this limit is a ceiling, each server still checks its own permissions.`;
          return { sid: row.sid, permission, beyondDefault, message };
        }),
    );
}
