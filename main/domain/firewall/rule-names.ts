/**
 * What the Firewall console shows for Windows' built-in rules that open TCP 135 (the endpoint mapper) or the dynamic
 * RPC ports, by their stable rule id (the `Name` Get-NetFirewallRule prints; the same in every language). A rule's
 * own `@FirewallAPI.dll,-id` text, when SinkGuard knows its English (resource-strings.ts), comes first; this table
 * names the rest, so that an offline audit of a real machine's policy says "Remote Assistance (DCOM-In)" rather than
 * `RemoteAssistance-DCOM-In-TCP-NoScope-Active`.
 */

import type { FirewallRule } from './rule-string';

export interface BuiltInRuleText {
  readonly displayName: string;
  readonly group: string;
}

/** Base id → [display name, group]. Variants add `-NoScope` (the Domain copy) and `-Active` (a policy-set copy). */
const NAMES: Readonly<Record<string, readonly [string, string]>> = {
  'ADDS-RPCEPMAP-TCP-In': [
    'Active Directory Domain Controller (RPC-EPMAP)',
    'Active Directory Domain Services',
  ],
  'ADDS-RPC-TCP-In': ['Active Directory Domain Controller (RPC)', 'Active Directory Domain Services'],
  'ComPlusNetworkAccess-DCOM-In': ['COM+ Network Access (DCOM-In)', 'COM+ Network Access'],
  'ComPlusRemoteAdministration-DCOM-In': [
    'COM+ Remote Administration (DCOM-In)',
    'COM+ Remote Administration',
  ],
  'DfSMgmt-DCOM-In-TCP': ['DFS Management (DCOM-In)', 'DFS Management'],
  'DFSR-DFSRSvc-In-TCP': ['DFS Replication (RPC-In)', 'DFS Replication'],
  'DFSR-DFSRSvc-RPCSS-In-TCP': ['DFS Replication (RPC-EPMAP)', 'DFS Replication'],
  'DNSSrv-RPCEPMAP-TCP-In': ['RPC Endpoint Mapper (TCP, Incoming)', 'DNS Service'],
  'DNSSrv-RPC-TCP-In': ['RPC (TCP, Incoming)', 'DNS Service'],
  'EventForwarder-In-TCP': ['Remote Event Monitor (RPC)', 'Remote Event Monitor'],
  'EventForwarder-RPCSS-In-TCP': ['Remote Event Monitor (RPC-EPMAP)', 'Remote Event Monitor'],
  'FileServer-ServerManager-DCOM-TCP-In': [
    'File Server Remote Management (DCOM-In)',
    'File Server Remote Management',
  ],
  'FPS-RPCSS-In-TCP': ['File and Printer Sharing (Spooler Service - RPC-EPMAP)', 'File and Printer Sharing'],
  'FPS-SpoolSvc-In-TCP': ['File and Printer Sharing (Spooler Service - RPC)', 'File and Printer Sharing'],
  'KDSSVC-RPC-In-TCP': ['Microsoft Key Distribution Service (RPC)', 'Microsoft Key Distribution Service'],
  'KDSSVC-RPCSS-In-TCP': [
    'Microsoft Key Distribution Service (RPC EPMAP)',
    'Microsoft Key Distribution Service',
  ],
  'MSDTC-In-TCP': ['Distributed Transaction Coordinator (TCP-In)', 'Distributed Transaction Coordinator'],
  'MSDTC-KTMRM-In-TCP': ['Distributed Transaction Coordinator (RPC)', 'Distributed Transaction Coordinator'],
  'MSDTC-RPCSS-In-TCP': [
    'Distributed Transaction Coordinator (RPC-EPMAP)',
    'Distributed Transaction Coordinator',
  ],
  'Netlogon-TCP-RPC-In': ['Netlogon Service Authz (RPC)', 'Netlogon Service'],
  'NTFRS-NTFRSSvc-In-TCP': ['File Replication (RPC)', 'File Replication'],
  'NTFRS-NTFRSSvc-RPCSS-In-TCP': ['File Replication (RPC-EPMAP)', 'File Replication'],
  'PerfLogsAlerts-DCOM-In-TCP': ['Performance Logs and Alerts (DCOM-In)', 'Performance Logs and Alerts'],
  'PerfLogsAlerts-PLASrv-In-TCP': ['Performance Logs and Alerts (TCP-In)', 'Performance Logs and Alerts'],
  'RemoteAssistance-DCOM-In-TCP': ['Remote Assistance (DCOM-In)', 'Remote Assistance'],
  'RemoteEventLogSvc-In-TCP': ['Remote Event Log Management (RPC)', 'Remote Event Log Management'],
  'RemoteEventLogSvc-RPCSS-In-TCP': [
    'Remote Event Log Management (RPC-EPMAP)',
    'Remote Event Log Management',
  ],
  'RemoteFwAdmin-In-TCP': [
    'Windows Defender Firewall Remote Management (RPC)',
    'Windows Defender Firewall Remote Management',
  ],
  'RemoteFwAdmin-RPCSS-In-TCP': [
    'Windows Defender Firewall Remote Management (RPC-EPMAP)',
    'Windows Defender Firewall Remote Management',
  ],
  'RemoteSvcAdmin-In-TCP': ['Remote Service Management (RPC)', 'Remote Service Management'],
  'RemoteSvcAdmin-RPCSS-In-TCP': ['Remote Service Management (RPC-EPMAP)', 'Remote Service Management'],
  'RemoteTask-In-TCP': ['Remote Scheduled Tasks Management (RPC)', 'Remote Scheduled Tasks Management'],
  'RemoteTask-RPCSS-In-TCP': [
    'Remote Scheduled Tasks Management (RPC-EPMAP)',
    'Remote Scheduled Tasks Management',
  ],
  'RVM-RPCSS-In-TCP': ['Remote Volume Management (RPC-EPMAP)', 'Remote Volume Management'],
  'RVM-VDS-In-TCP': ['Remote Volume Management - Virtual Disk Service (RPC)', 'Remote Volume Management'],
  'RVM-VDSLDR-In-TCP': [
    'Remote Volume Management - Virtual Disk Service Loader (RPC)',
    'Remote Volume Management',
  ],
  'TPMVSCMGR-RPCSS-In-TCP': [
    'TPM Virtual Smart Card Management (DCOM-In)',
    'TPM Virtual Smart Card Management',
  ],
  'vm-monitoring-dcom': ['Virtual Machine Monitoring (DCOM-In)', 'Virtual Machine Monitoring'],
  'vm-monitoring-rpc': ['Virtual Machine Monitoring (RPC)', 'Virtual Machine Monitoring'],
  'Wininit-Shutdown-In-Rule-TCP-RPC': ['Inbound Rule for Remote Shutdown (TCP-In)', 'Remote Shutdown'],
  'Wininit-Shutdown-In-Rule-TCP-RPC-EPMapper': [
    'Inbound Rule for Remote Shutdown (RPC-EP-In)',
    'Remote Shutdown',
  ],
};

/** Rule ids compare case-insensitively, as Windows compares them. */
const BY_LOWER_ID: ReadonlyMap<string, BuiltInRuleText> = new Map(
  Object.entries(NAMES).map(([id, [displayName, group]]) => [id.toLowerCase(), { displayName, group }]),
);

const VARIANT = /(?:-NoScope)?(?:-Active)?$/i;

/** The Firewall console's name and group of a built-in rule, by its id (any variant suffix); null when unknown. */
export function builtInRuleText(ruleId: string): BuiltInRuleText | null {
  const lower = ruleId.toLowerCase();
  return BY_LOWER_ID.get(lower) ?? BY_LOWER_ID.get(lower.replace(VARIANT, '')) ?? null;
}

/**
 * What the admin reads for a rule: the text of its own `Name` (a literal, or a reference whose English SinkGuard
 * knows), else the built-in name for its id; the group the same way. Null where neither is known.
 */
export function ruleText(
  ruleId: string,
  rule: Pick<FirewallRule, 'displayName' | 'displayGroup'> | null,
): { readonly displayName: string | null; readonly group: string | null } {
  const builtIn = builtInRuleText(ruleId);
  return {
    displayName: rule?.displayName ?? builtIn?.displayName ?? null,
    group: rule?.displayGroup ?? builtIn?.group ?? null,
  };
}

/** The ids this table names (for tests that every entry resolves). */
export const NAMED_RULE_IDS: readonly string[] = Object.keys(NAMES);
