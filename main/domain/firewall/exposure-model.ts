import type { RpcDynamicPorts } from './rpc-ports';
import type { FirewallProfile, RuleAction } from './rule-string';
import type { ProfileSettings, RuleStore, StoreProblem } from './store';

/** What the exposure analysis reports: the targets it looks for and the shape of its findings. */

export type ExposureTargetId = 'rpc-endpoint-mapper' | 'rpc-dynamic' | 'wmi-async-callback';

export interface ExposureTarget {
  readonly id: ExposureTargetId;
  readonly title: string;
  /** The listening program, as Windows' built-in rules spell it. */
  readonly program: string;
  /** The service hosted in it, or null for a plain program. */
  readonly service: string | null;
  readonly ports: 'endpoint-mapper' | 'dynamic';
}

export const SVCHOST = '%SystemRoot%\\system32\\svchost.exe';
export const UNSECAPP = '%systemroot%\\system32\\wbem\\unsecapp.exe';

export const EXPOSURE_TARGETS: readonly ExposureTarget[] = [
  {
    id: 'rpc-endpoint-mapper',
    title: 'RPC endpoint mapper (TCP 135, RpcSs)',
    program: SVCHOST,
    service: 'RpcSs',
    ports: 'endpoint-mapper',
  },
  {
    id: 'rpc-dynamic',
    title: 'Dynamic RPC ports of the WMI service (Winmgmt)',
    program: SVCHOST,
    service: 'Winmgmt',
    ports: 'dynamic',
  },
  {
    id: 'wmi-async-callback',
    title: 'WMI asynchronous callback receiver (unsecapp.exe)',
    program: UNSECAPP,
    service: null,
    ports: 'dynamic',
  },
];

/** A rule as the report shows it. */
export interface RuleReference {
  readonly id: string;
  readonly store: RuleStore;
  /** The Name field as stored (`@FirewallAPI.dll,-34256` for built-in rules). */
  readonly name: string | null;
  /** What Windows shows in English: `Windows Management Instrumentation (ASync-In)`; null when unknown. */
  readonly displayName: string | null;
  /** The rule's group as Windows shows it (`Remote Assistance`); null when it has none or it is unknown. */
  readonly group: string | null;
  readonly action: RuleAction;
  /** Remote addresses, display-ready (`Any`, `LocalSubnet`, `10.0.0.0/8`…). */
  readonly remote: string;
  /** The target ports the rule covers, display-ready. */
  readonly ports: string;
  /** Conditions SinkGuard cannot evaluate offline; empty = applies to every connection of the target. */
  readonly conditions: readonly string[];
}

export interface ReachableFrom {
  /** Every IPv4 and IPv6 address. */
  readonly any: boolean;
  /** Display-ready entries: keywords and address blocks. Empty with `any: false` = nobody. */
  readonly entries: readonly string[];
  /** Parts that block rules take away but that cannot be subtracted offline (a keyword against addresses). */
  readonly except: readonly string[];
  /** Only IPsec-authenticated peers (authenticated-bypass rules), display-ready. */
  readonly authenticatedOnly: readonly string[];
}

export type ExposureReason =
  | 'firewall-off'
  | 'shielded'
  | 'default-inbound-allow'
  | 'allowed-by-rule'
  | 'blocked-by-rule'
  | 'no-allow-rule';

export interface ProfileExposure {
  readonly profile: FirewallProfile;
  readonly open: boolean;
  readonly reason: ExposureReason;
  readonly reachableFrom: ReachableFrom;
  readonly allowingRules: readonly RuleReference[];
  readonly blockingRules: readonly RuleReference[];
  /** Disabled rules that would open the target if enabled (the usual fix for a blocked callback). */
  readonly disabledAllowRules: readonly RuleReference[];
  readonly explanation: string;
}

export interface TargetExposure {
  readonly target: ExposureTarget;
  readonly ports: string;
  readonly profiles: readonly ProfileExposure[];
}

export type FindingSeverity = 'high' | 'medium' | 'low' | 'info';

export type ExposureFindingCode =
  | 'firewall-off'
  | 'default-inbound-allow'
  | 'open-to-any-on-public'
  | 'open-without-address-scope'
  | 'rpc-opened-by-port-number'
  | 'rpc-ports-invalid'
  | 'rpc-ports-narrow'
  | 'store-problem'
  | 'callbacks-blocked';

export interface ExposureFinding {
  readonly code: ExposureFindingCode;
  readonly severity: FindingSeverity;
  readonly target: ExposureTargetId | null;
  readonly profiles: readonly FirewallProfile[];
  readonly ruleIds: readonly string[];
  readonly message: string;
}

export interface ProfileSummary extends ProfileSettings {
  readonly explanation: string;
}

export interface ExposureReport {
  readonly profiles: readonly ProfileSummary[];
  readonly rpcDynamicPorts: RpcDynamicPorts;
  readonly targets: readonly TargetExposure[];
  readonly findings: readonly ExposureFinding[];
  readonly storeProblems: readonly StoreProblem[];
}

// --- matching ---------------------------------------------------------------------------------------------------
