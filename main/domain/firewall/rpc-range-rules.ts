/**
 * The enabled inbound firewall rules that open the dynamic RPC ports today, and whether each still opens them once
 * the dynamic range (Rpc\Internet) changes. `LPort=RPC` means "whatever dynamic port the RPC server got", so such a
 * rule follows any range by itself; a rule opening every port for an RPC server covers any range too; a rule that
 * lists port numbers opens only those, so it has to be edited to match the new range ([R1]: the firewall must allow
 * both TCP 135 and the dynamic port).
 */
import { countPorts, formatPortRanges, parsePortSpec, type PortRange } from '../catalog/rpc-ports';
import { opensDynamicTarget } from './exposure';
import { complementWithin, intersectRanges } from './rpc-ports';
import { ruleText } from './rule-names';
import {
  FIREWALL_PROFILES,
  formatFirewallRule,
  type FirewallProfile,
  type FirewallRule,
} from './rule-string';
import { rulesInEffect, type FirewallStore, type RuleStore, type StoredRule } from './store';

/** How a rule opens the dynamic ports: the RPC keyword, every port, or port numbers. */
export const RPC_PORT_OPENINGS = ['rpc-keyword', 'every-port', 'port-numbers'] as const;
export type RpcPortOpening = (typeof RPC_PORT_OPENINGS)[number];

export interface DynamicRpcRule {
  readonly id: string;
  readonly store: RuleStore;
  /** What the Firewall console shows; null when unknown (show the id). */
  readonly displayName: string | null;
  readonly group: string | null;
  /** The profiles on which the rule is in effect. */
  readonly profiles: FirewallProfile[];
  /** Which programs it admits, in plain words: `svchost.exe (service Winmgmt)`, `every program`. */
  readonly admits: string;
  readonly opening: RpcPortOpening;
  /** The TCP port numbers it lists (`port-numbers` only). */
  readonly ports: PortRange[];
  /** The rule as stored: for "Technical details" only. */
  readonly ruleString: string;
}

const ALL_PORTS: PortRange = { first: 0, last: 65535 };

function admits(rule: FirewallRule): string {
  const program = rule.app === null ? null : (rule.app.split('\\').pop() ?? rule.app);
  const service =
    rule.service === null ? null : rule.service === '*' ? 'every service' : `service ${rule.service}`;
  if (program === null && service === null) return 'every program';
  if (program === null) return service!;
  return service === null ? program : `${program} (${service})`;
}

function opening(rule: FirewallRule, dynamic: readonly PortRange[]): RpcPortOpening | null {
  if (rule.direction !== 'In' || !rule.active || rule.action === 'Block') return null;
  if (rule.protocol !== null && rule.protocol !== 6) return null;
  if (rule.packageSid !== null) return null;
  if (rule.localPorts === 'any') return opensDynamicTarget(rule, dynamic) ? 'every-port' : null;
  if (rule.localPorts.some((entry) => entry.kind === 'keyword' && entry.keyword === 'RPC'))
    return 'rpc-keyword';
  return intersectRanges(numbered(rule), dynamic).length > 0 ? 'port-numbers' : null;
}

function numbered(rule: FirewallRule): PortRange[] {
  if (rule.localPorts === 'any') return [];
  return rule.localPorts.flatMap((entry) =>
    entry.kind === 'range' ? [{ first: entry.first, last: entry.last }] : [],
  );
}

/**
 * The enabled inbound allow (or authenticated-bypass) rules, in effect on at least one profile, that open the
 * dynamic RPC ports `dynamic` (the range in use today): by the RPC keyword, by port numbers inside the range, or by
 * opening every port to an RPC server the exposure analysis knows (the WMI service, the callback receiver, every
 * program).
 */
export function rulesOpeningDynamicRpc(
  store: FirewallStore,
  dynamic: readonly PortRange[],
): DynamicRpcRule[] {
  const profilesOf = new Map<StoredRule, FirewallProfile[]>();
  for (const profile of FIREWALL_PROFILES) {
    for (const stored of rulesInEffect(store, profile)) {
      profilesOf.set(stored, [...(profilesOf.get(stored) ?? []), profile]);
    }
  }
  return [...profilesOf].flatMap(([stored, profiles]) => {
    const how = opening(stored.rule, dynamic);
    if (how === null) return [];
    return [
      {
        id: stored.id,
        store: stored.store,
        ...ruleText(stored.id, stored.rule),
        profiles,
        admits: admits(stored.rule),
        opening: how,
        ports: how === 'port-numbers' ? numbered(stored.rule) : [],
        ruleString: formatFirewallRule(stored.rule),
      },
    ];
  });
}

export type RangeCoverage = 'follows' | 'every-port' | 'covers' | 'partly' | 'misses';

export interface RuleRangeCoverage {
  readonly rule: DynamicRpcRule;
  readonly coverage: RangeCoverage;
  /** The rule must be edited for RPC clients it admits today to reach the servers after the change. */
  readonly mustChange: boolean;
  /** Ports of the new range the rule leaves closed. */
  readonly missing: readonly PortRange[];
  /** Ports the rule opens that no RPC server uses after the change (worth narrowing, not required). */
  readonly surplus: readonly PortRange[];
  /** In plain words. */
  readonly says: string;
}

/** The ranges an include-list `Ports` value makes available (entries Windows would reject are left out). */
export function rangesOfPorts(ports: readonly string[]): PortRange[] {
  return ports.flatMap((text) => {
    const { range } = parsePortSpec(text.trim());
    return range ? [range] : [];
  });
}

/** Whether each rule still opens the dynamic RPC ports once they are restricted to `ports` (include list). */
export function coverageOfRange(
  rules: readonly DynamicRpcRule[],
  ports: readonly string[],
): RuleRangeCoverage[] {
  const wanted = rangesOfPorts(ports);
  const range = formatPortRanges(intersectRanges(wanted, [ALL_PORTS]));
  return rules.map((rule) => {
    if (rule.opening === 'rpc-keyword') {
      return {
        rule,
        coverage: 'follows',
        mustChange: false,
        missing: [],
        surplus: [],
        says: 'Follows the new range by itself: it opens whatever dynamic port an RPC server gets.',
      };
    }
    if (rule.opening === 'every-port') {
      return {
        rule,
        coverage: 'every-port',
        mustChange: false,
        missing: [],
        surplus: [],
        says: `Covers the new range: it opens every port to ${rule.admits}.`,
      };
    }
    const covered = intersectRanges(rule.ports, wanted);
    const missing = intersectRanges(wanted, complementWithin(rule.ports, ALL_PORTS));
    const surplus = intersectRanges(rule.ports, complementWithin(wanted, ALL_PORTS));
    const surplusText =
      surplus.length > 0
        ? ` It also opens ${formatPortRanges(surplus)}, which no RPC server uses after the change: narrow it to ${range}.`
        : '';
    if (missing.length === 0) {
      return {
        rule,
        coverage: 'covers',
        mustChange: false,
        missing,
        surplus,
        says: `Covers the new range: it opens ports ${formatPortRanges(rule.ports)}.${surplusText}`,
      };
    }
    const coverage = covered.length === 0 ? 'misses' : 'partly';
    const opens =
      coverage === 'misses'
        ? `it opens ports ${formatPortRanges(rule.ports)}, none of ${range}`
        : `it opens only ${formatPortRanges(covered)} of ${range} (${countPorts(missing)} ports stay closed)`;
    return {
      rule,
      coverage,
      mustChange: true,
      missing,
      surplus,
      says: `Must be changed to open ${range}: ${opens}, so after the restart the RPC calls it lets in today are blocked.`,
    };
  });
}
