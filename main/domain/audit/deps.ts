/**
 * What the audit uses from the firewall model, in one place.
 * TEMPORARY: the firewall index.ts has not landed yet; this re-exports from its modules until it does.
 */
export {
  analyzeExposure,
  type ExposureReport,
  type ExposureTargetId,
  type ProfileExposure,
} from '../firewall/exposure';
export { countPorts, formatPortRanges } from '../catalog/rpc-ports';
export { readRpcDynamicPorts } from '../firewall/rpc-ports';
export { FIREWALL_KEYS, FirewallStoreError, readFirewallStore } from '../firewall/store';
export type { FirewallProfile } from '../firewall/rule-string';
export { RPC_PORT_OPENINGS, rulesOpeningDynamicRpc, type DynamicRpcRule } from '../firewall/rpc-range-rules';
