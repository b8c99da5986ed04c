/**
 * Every registry key the audit reads, in one list, so one batch read gets them all (one script-host process with regedit; one reg.exe per export root, as many at once as there are cores, with reg.exe).
 * Extend it here when the audit needs more; order does not matter to the adapters.
 */
export const FIREWALL_POLICY_KEY =
  'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy';
export const GPO_FIREWALL_KEY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall';

export const AUDIT_KEYS = {
  ole: 'HKLM\\SOFTWARE\\Microsoft\\Ole',
  oleAppCompat: 'HKLM\\SOFTWARE\\Microsoft\\Ole\\AppCompat',
  cimom: 'HKLM\\SOFTWARE\\Microsoft\\WBEM\\CIMOM',
  rpcInternet: 'HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet',
  policyDcom: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM',
  policyDcomAppCompat: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM\\AppCompat',
  policyRpc: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Rpc',
  /** Read with every AppID below it (AUDIT_SUBTREES): one export covers them all. */
  appId: 'HKLM\\SOFTWARE\\Classes\\AppID',
  firewallRules: `${FIREWALL_POLICY_KEY}\\FirewallRules`,
  firewallDomainProfile: `${FIREWALL_POLICY_KEY}\\DomainProfile`,
  /** The local store calls the Private profile "StandardProfile". */
  firewallPrivateProfile: `${FIREWALL_POLICY_KEY}\\StandardProfile`,
  firewallPublicProfile: `${FIREWALL_POLICY_KEY}\\PublicProfile`,
  gpoFirewall: GPO_FIREWALL_KEY,
  gpoFirewallRules: `${GPO_FIREWALL_KEY}\\FirewallRules`,
  gpoFirewallDomainProfile: `${GPO_FIREWALL_KEY}\\DomainProfile`,
  gpoFirewallPrivateProfile: `${GPO_FIREWALL_KEY}\\PrivateProfile`,
  gpoFirewallPublicProfile: `${GPO_FIREWALL_KEY}\\PublicProfile`,
  /** Applies to Private and Public when neither of their own keys exists ([MS-GPFAS] 2.2.3). */
  gpoFirewallStandardProfile: `${GPO_FIREWALL_KEY}\\StandardProfile`,
} as const;

export type AuditKeyName = keyof typeof AUDIT_KEYS;

/** The keys as one list, for `port.readKeys(AUDIT_KEY_LIST, { subtrees: AUDIT_SUBTREES })`. */
export const AUDIT_KEY_LIST: readonly string[] = Object.values(AUDIT_KEYS);

/** The audit keys read with everything below them. */
export const AUDIT_SUBTREES: readonly string[] = [AUDIT_KEYS.appId];
