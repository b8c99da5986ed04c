/**
 * The built-in Windows rules (stable rule ids, domain.md §7) that open each WMI firewall target. Windows ships them
 * disabled: the plain id is Private+Public scoped to LocalSubnet, the `-NoScope` one is Domain. Shared by the fleet
 * exports (which restrict or disable them everywhere) and the change engine (which enables them, scoped, when an
 * admin opens a closed target).
 */

/** The catalog's firewall targets (FirewallExposureSetting['target']). */
export type WmiFirewallTarget = 'endpoint-mapper' | 'dynamic-rpc' | 'unsecapp';

export const BUILT_IN_WMI_RULES: Readonly<Record<WmiFirewallTarget, readonly string[]>> = {
  'endpoint-mapper': ['WMI-RPCSS-In-TCP', 'WMI-RPCSS-In-TCP-NoScope'],
  'dynamic-rpc': ['WMI-WINMGMT-In-TCP', 'WMI-WINMGMT-In-TCP-NoScope'],
  unsecapp: ['WMI-ASYNC-In-TCP', 'WMI-ASYNC-In-TCP-NoScope'],
};
