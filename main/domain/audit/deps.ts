/**
 * What the audit uses from the descriptor codec and the firewall model, in one place.
 * TEMPORARY: their index.ts files have not landed yet; this re-exports from their modules until they do.
 */
export { decodeSecurityDescriptor, encodeSecurityDescriptor } from '../descriptors/binary';
export { DescriptorError } from '../descriptors/errors';
export { bytesToHex } from '../descriptors/hex';
export { AceFlag, Control, type Ace, type SecurityDescriptor, type Sid } from '../descriptors/model';
export { formatSddl, parseSddl } from '../descriptors/sddl';
export {
  analyzeExposure,
  type ExposureReport,
  type ExposureTargetId,
  type ProfileExposure,
} from '../firewall/exposure';
export { countPorts, formatPortRanges, readRpcDynamicPorts } from '../firewall/rpc-ports';
export { FIREWALL_KEYS, FirewallStoreError, readFirewallStore } from '../firewall/store';
