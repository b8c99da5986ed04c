/**
 * The security descriptor model: plain, JSON-serialisable, immutable-friendly data. Every field of a self-relative
 * descriptor that Windows writes is kept, so decode → encode gives back the same bytes.
 *
 * SIDs are canonical strings (`S-1-5-32-544`); GUIDs are lowercase `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`; raw bytes
 * (conditional expressions, resource attributes, ACL slack) are lowercase hex.
 */

/** A SID in canonical string form, e.g. `S-1-5-32-562`. */
export type Sid = string;

export interface SecurityDescriptor {
  /** The SECURITY_DESCRIPTOR_CONTROL word as stored (see {@link Control}); SE_SELF_RELATIVE is always written. */
  readonly control: number;
  readonly owner?: Sid;
  readonly group?: Sid;
  /** Absent with {@link Control.daclPresent} set is a NULL DACL (`D:NO_ACCESS_CONTROL`: everyone has full access). */
  readonly dacl?: Acl;
  readonly sacl?: Acl;
  /** The Sbz1 byte, meaningful only with {@link Control.rmControlValid}; present only when non-zero. */
  readonly resourceManagerControl?: number;
}

export interface Acl {
  /** 2, or 4 when the ACL holds object ACEs (encoding raises it to 4 when needed). */
  readonly revision: number;
  readonly aces: readonly Ace[];
  /** Bytes after the last ACE inside AclSize (Windows leaves zeros there after removing duplicates); hex. */
  readonly trailingBytes?: string;
}

export type AceType = (typeof ACE_TYPES)[number]['name'];

export interface Ace {
  readonly type: AceType;
  /** AceFlags byte: inheritance and audit flags, see {@link AceFlag}. */
  readonly flags: number;
  /** ACCESS_MASK, unsigned 32-bit. */
  readonly mask: number;
  readonly sid: Sid;
  /** Object ACEs only: the object type GUID, when present. */
  readonly objectType?: string;
  /** Object ACEs only: the inherited object type GUID, when present. */
  readonly inheritedObjectType?: string;
  /**
   * Bytes after the SID, hex: the conditional expression of callback ACEs (`artx…`), the attribute of resource
   * attribute ACEs, or whatever else the writer left there. Absent when there are none.
   */
  readonly applicationData?: string;
}

/** Every ACE type SinkGuard reads, with its binary code and SDDL letters (`undefined`: no SDDL form). */
export const ACE_TYPES = [
  { code: 0x00, name: 'access-allowed', sddl: 'A' },
  { code: 0x01, name: 'access-denied', sddl: 'D' },
  { code: 0x02, name: 'system-audit', sddl: 'AU' },
  { code: 0x03, name: 'system-alarm', sddl: 'AL' },
  { code: 0x05, name: 'access-allowed-object', sddl: 'OA' },
  { code: 0x06, name: 'access-denied-object', sddl: 'OD' },
  { code: 0x07, name: 'system-audit-object', sddl: 'OU' },
  { code: 0x08, name: 'system-alarm-object', sddl: 'OL' },
  { code: 0x09, name: 'access-allowed-callback', sddl: 'XA' },
  { code: 0x0a, name: 'access-denied-callback', sddl: 'XD' },
  { code: 0x0b, name: 'access-allowed-callback-object', sddl: 'ZA' },
  { code: 0x0c, name: 'access-denied-callback-object', sddl: undefined },
  { code: 0x0d, name: 'system-audit-callback', sddl: 'XU' },
  { code: 0x0e, name: 'system-alarm-callback', sddl: undefined },
  { code: 0x0f, name: 'system-audit-callback-object', sddl: undefined },
  { code: 0x10, name: 'system-alarm-callback-object', sddl: undefined },
  { code: 0x11, name: 'mandatory-label', sddl: 'ML' },
  { code: 0x12, name: 'resource-attribute', sddl: 'RA' },
  { code: 0x13, name: 'scoped-policy-id', sddl: 'SP' },
  { code: 0x14, name: 'process-trust-label', sddl: 'TL' },
  { code: 0x15, name: 'access-filter', sddl: 'FL' },
] as const;

export type AceTypeInfo = (typeof ACE_TYPES)[number];

const BY_NAME = new Map<string, AceTypeInfo>(ACE_TYPES.map((info) => [info.name, info]));
const BY_CODE: readonly (AceTypeInfo | undefined)[] = Array.from({ length: 256 }, (_, code) =>
  ACE_TYPES.find((info) => info.code === code),
);
const OBJECT_CODES = new Set([0x05, 0x06, 0x07, 0x08, 0x0b, 0x0c, 0x0f, 0x10]);
const OBJECT_TYPES = new Set<string>(
  ACE_TYPES.filter((info) => OBJECT_CODES.has(info.code)).map((info) => info.name),
);
const CALLBACK_TYPES = new Set<string>(
  ACE_TYPES.filter((info) => (info.code >= 0x09 && info.code <= 0x10) || info.name === 'access-filter').map(
    (info) => info.name,
  ),
);

export function aceTypeInfo(type: AceType): AceTypeInfo {
  return BY_NAME.get(type)!;
}

/** The ACE type with this binary code, if SinkGuard reads it. */
export function aceTypeByCode(code: number): AceTypeInfo | undefined {
  return BY_CODE[code];
}

/** Object ACEs carry the GUID fields and need ACL revision 4. */
export function isObjectAceType(type: AceType): boolean {
  return OBJECT_TYPES.has(type);
}

/** Callback ACEs carry a conditional expression in their application data. */
export function isCallbackAceType(type: AceType): boolean {
  return CALLBACK_TYPES.has(type);
}

/** SECURITY_DESCRIPTOR_CONTROL bits. */
export const Control = {
  ownerDefaulted: 0x0001,
  groupDefaulted: 0x0002,
  daclPresent: 0x0004,
  daclDefaulted: 0x0008,
  saclPresent: 0x0010,
  saclDefaulted: 0x0020,
  daclTrusted: 0x0040,
  serverSecurity: 0x0080,
  daclAutoInheritRequired: 0x0100,
  saclAutoInheritRequired: 0x0200,
  daclAutoInherited: 0x0400,
  saclAutoInherited: 0x0800,
  daclProtected: 0x1000,
  saclProtected: 0x2000,
  rmControlValid: 0x4000,
  selfRelative: 0x8000,
} as const;

/** AceFlags bits. */
export const AceFlag = {
  objectInherit: 0x01,
  containerInherit: 0x02,
  noPropagateInherit: 0x04,
  inheritOnly: 0x08,
  inherited: 0x10,
  critical: 0x20,
  successfulAccess: 0x40,
  failedAccess: 0x80,
} as const;
