/**
 * Security descriptors as Windows stores them (self-relative REG_BINARY) and writes them (SDDL), plus COM's view.
 *
 * - {@link parseSddl} / {@link formatSddl}: SDDL ⇄ model, character for character as Windows does it.
 * - {@link decodeSecurityDescriptor} / {@link encodeSecurityDescriptor}: bytes ⇄ model, byte for byte.
 * - {@link comRightsView}: dcomcnfg's permissions; {@link withComRights}, {@link withoutComPermissions},
 *   {@link comRightsToDescriptor}: edits of them, in place and in canonical order.
 * - {@link grantsRemote}, {@link isWindowsDefault}, {@link remoteRightsBeyondDefault}, {@link describeComDiff}: audit.
 *
 * Every malformed input throws {@link DescriptorError}; nothing returns a partial descriptor.
 */
export { DescriptorError, type DescriptorErrorKind } from './errors';
export { bytesToHex, hexToBytes } from './hex';
export {
  ACE_TYPES,
  AceFlag,
  Control,
  isCallbackAceType,
  isObjectAceType,
  type Ace,
  type AceType,
  type Acl,
  type SecurityDescriptor,
  type Sid,
} from './model';
export {
  isSid,
  lookupPrincipal,
  normalizeSid,
  principalBySid,
  sidAlias,
  sidDisplayName,
  WELL_KNOWN_PRINCIPALS,
  type SidContext,
  type WellKnownPrincipal,
} from './sid';
export { decodeSecurityDescriptor, encodeSecurityDescriptor } from './binary';
export { formatRights, formatSddl, formatSid, parseSddl, type SddlOptions } from './sddl';
export {
  COM_DESCRIPTOR_KIND,
  COM_PERMISSIONS,
  ComRight,
  comPermissionLabel,
  comRightsView,
  DEFAULT_COM_DESCRIPTORS,
  DEFAULT_COM_SDDL,
  describeComDiff,
  diffComRights,
  grantsRemote,
  isWindowsDefault,
  remoteRightsBeyondDefault,
  type ComAclKind,
  type ComDescriptorName,
  type ComPermission,
  type ComPrincipalRights,
  type ComRightsChange,
} from './com';
export { comRightsToDescriptor, withComRights, withoutComPermissions } from './com-edit';

import { decodeSecurityDescriptor, encodeSecurityDescriptor } from './binary';
import { bytesToHex, hexToBytes } from './hex';
import { formatSddl, parseSddl, type SddlOptions } from './sddl';

/** SDDL → self-relative bytes as lowercase hex. */
export function sddlToHex(sddl: string, options: SddlOptions = {}): string {
  return bytesToHex(encodeSecurityDescriptor(parseSddl(sddl, options)));
}

/** Self-relative bytes (hex, `.reg` `hex:` form accepted) → canonical SDDL. */
export function hexToSddl(hex: string, options: SddlOptions = {}): string {
  return formatSddl(decodeSecurityDescriptor(hexToBytes(hex)), options);
}
