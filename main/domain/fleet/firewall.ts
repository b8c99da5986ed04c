/**
 * The firewall side of the scripted exports (ps1, ansible): what they leave to each machine, and the narrow rules the
 * PowerShell script can create, built by the change engine's own command builders (main/domain/firewall/commands).
 */
import ipaddr from 'ipaddr.js';
import {
  FirewallChangeError,
  parseNarrowScope,
  planFirewallChange,
  type NarrowScope,
} from '../firewall/commands';
import type { ExposureTargetId } from '../firewall/exposure';
import { FIREWALL_PROFILES, type FirewallProfile } from '../firewall/rule-string';
import { settingTitle, type NotCarried } from './artifact';
import type { DesiredFirewall, DesiredState, FirewallTargetName } from './desired-state';

const WHAT_ELSE_OPENS: Readonly<Record<FirewallTargetName, string>> = {
  'endpoint-mapper': 'other rules that open TCP 135 (port rules, the legacy Remote Administration group)',
  'dynamic-rpc':
    'other rules that open the dynamic RPC ports (LPort=RPC rules of other services, port ranges)',
  unsecapp: 'other rules that let unsecapp.exe in (or any program on any port)',
};

/**
 * ps1 and ansible address the built-in WMI rules by their stable ids only. Anything else that opens a target is
 * specific to each machine and is left as it is, which the export must say rather than imply it is handled.
 */
export function notCarriedOtherRules(state: DesiredState): NotCarried[] {
  return state.firewall.map((firewall) => ({
    settingId: firewall.settingId,
    title: settingTitle(firewall.settingId),
    reason:
      `only the built-in WMI rules (${firewall.ruleIds.join(', ')}) are ` +
      (firewall.action === 'disable' ? 'disabled' : 'limited to the management scope') +
      `; ${WHAT_ELSE_OPENS[firewall.target]}, Group Policy rules, and firewall profiles that are off or allow ` +
      'inbound connections by default differ per machine and are left as they are: audit each machine ' +
      '(sinkguard audit) and close them there',
  }));
}

const EXPOSURE_TARGET: Readonly<Record<FirewallTargetName, ExposureTargetId>> = {
  'endpoint-mapper': 'rpc-endpoint-mapper',
  'dynamic-rpc': 'rpc-dynamic',
  unsecapp: 'wmi-async-callback',
};

/** Short names after the built-in rules' own display names (Windows Management Instrumentation (DCOM-In), ...). */
const RULE_LABEL: Readonly<Record<FirewallTargetName, string>> = {
  'endpoint-mapper': 'WMI (DCOM-In)',
  'dynamic-rpc': 'WMI (WMI-In)',
  unsecapp: 'WMI (ASync-In)',
};

/** SinkGuard's own narrow rule for one target on one firewall profile: a stable id, the same on every machine. */
export interface NarrowRule {
  readonly settingId: string;
  readonly target: FirewallTargetName;
  readonly profile: FirewallProfile;
  readonly ruleId: string;
  /** The scope as the rule is given it, and as the cmdlets report it back (to tell whether it is in shape). */
  readonly remoteAddresses: readonly string[];
  readonly reportedRemoteAddresses: readonly string[];
  /** `New-NetFirewallRule …` (the change engine's `add` command): inbound, allow, the target's shape, enabled. */
  readonly create: string;
  /** `Set-NetFirewallRule …` (its `narrow` command): back to the scope and the profile, enabled. */
  readonly update: string;
  /** The rule string the change engine predicts New-NetFirewallRule leaves in the local store. */
  readonly expectedRule: string;
}

/** A management scope the firewall cannot take as remote addresses: the script cannot open anything from it. */
export interface NarrowRulesRefused {
  readonly reason: string;
}

/** `SinkGuard-WMI-RPCSS-In-TCP-Domain`: after the target's built-in rule, per profile. */
export function narrowRuleId(firewall: DesiredFirewall, profile: FirewallProfile): string {
  return `SinkGuard-${firewall.ruleIds[0]}-${profile}`;
}

/**
 * The scope as the firewall builders take it. A CIDR block with host bits set means its network (the firewall,
 * like the audit, reads 10.1.2.3/8 as 10.0.0.0/8), so it is written as the network; anything else the builders
 * refuse (an IPv6 zone index, say) makes the narrow rules unavailable, which the script reports.
 */
function firewallScope(
  scope: readonly string[],
): { entries: string[]; scope: NarrowScope } | NarrowRulesRefused {
  const entries = scope.map((entry) => (entry.includes('/') ? (networkOf(entry) ?? entry) : entry));
  try {
    return { entries, scope: parseNarrowScope(entries) };
  } catch (error) {
    if (error instanceof FirewallChangeError) return { reason: error.message };
    throw error;
  }
}

function networkOf(block: string): string | null {
  try {
    const [address, prefix] = ipaddr.parseCIDR(block);
    const network =
      address.kind() === 'ipv4'
        ? ipaddr.IPv4.networkAddressFromCIDR(block)
        : ipaddr.IPv6.networkAddressFromCIDR(block);
    return `${network.toString()}/${prefix}`;
  } catch {
    return null;
  }
}

/**
 * For each target the profile limits to the management scope, and each firewall profile: the commands that
 * create SinkGuard's narrow rule and put it back in shape. The PowerShell script runs them only when told which
 * profiles to open (-OpenFromScopeOn); the quoting is the change engine's, from validated addresses only.
 */
export function narrowRules(state: DesiredState): NarrowRule[] | NarrowRulesRefused {
  const restricted = state.firewall.filter((firewall) => firewall.action === 'restrict-remote');
  if (restricted.length === 0) return [];
  const parsed = firewallScope(state.profile.managementScope);
  if ('reason' in parsed) return parsed;
  const { entries, scope } = parsed;
  return restricted.flatMap((firewall) =>
    FIREWALL_PROFILES.map((profile): NarrowRule => {
      const ruleId = narrowRuleId(firewall, profile);
      const create = planFirewallChange(
        {
          kind: 'add',
          ruleId,
          displayName: `SinkGuard: ${RULE_LABEL[firewall.target]} from the management scope (${profile})`,
          target: EXPOSURE_TARGET[firewall.target],
          scope,
          profiles: [profile],
        },
        'powershell',
      );
      const update = planFirewallChange({ kind: 'narrow', ruleId, scope, profiles: [profile] }, 'powershell');
      return {
        settingId: firewall.settingId,
        target: firewall.target,
        profile,
        ruleId,
        remoteAddresses: entries,
        reportedRemoteAddresses: firewall.reportedRemoteAddresses,
        create: create.command.display,
        update: update.command.display,
        expectedRule: create.expected.kind === 'rule' ? create.expected.ruleString : '',
      };
    }),
  );
}
