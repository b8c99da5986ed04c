/**
 * Who can reach the RPC endpoint mapper (TCP 135), the WMI service's dynamic RPC ports and WMI's asynchronous
 * callback receiver (unsecapp.exe), per profile, from which addresses, through which rules.
 *
 * Windows Firewall's order ([MS-FASP] / WFAS documentation): authenticated-bypass rules, then block rules, then
 * allow rules, then the profile's default inbound action. A profile whose firewall is off lets everything in; a
 * shielded profile (`DoNotAllowExceptions`) lets nothing unsolicited in.
 *
 * A rule "matches" a target when it is inbound, TCP or any protocol, covers the target's ports and its program and
 * service. Rule conditions SinkGuard cannot evaluate offline (local addresses, interface types, IPsec, users) are
 * listed on the rule; a conditional allow still counts as opening (it may), a conditional block does not count as
 * closing (it may not).
 */
import { formatPortEntry } from './addresses';
import { countPorts, formatPortRanges, type PortRange } from '../catalog/rpc-ports';
import { readRpcDynamicPorts } from './rpc-ports';
import { ruleText } from './rule-names';
import { FIREWALL_PROFILES, type FirewallProfile } from './rule-string';
import { rulesInEffect, type FirewallStore, type ProfileSettings, type StoredRule } from './store';
import {
  type ExposureTarget,
  SVCHOST,
  EXPOSURE_TARGETS,
  type RuleReference,
  type ReachableFrom,
  type ProfileExposure,
  type TargetExposure,
  type FindingSeverity,
  type ExposureFindingCode,
  type ExposureFinding,
  type ExposureReport,
} from './exposure-model';
import { type RuleMatch, matchRule, normaliseProgramPath } from './exposure-match';
import {
  ANY_SCOPE,
  ruleScope,
  unionScopes,
  isEmptyScope,
  subtractScope,
  describeScope,
  describeRuleRemote,
} from './exposure-scope';
export * from './exposure-model';
export { normaliseProgramPath, opensDynamicTarget } from './exposure-match';

// --- evaluation -------------------------------------------------------------------------------------------------

function reference(stored: StoredRule, match: RuleMatch): RuleReference {
  return {
    id: stored.id,
    store: stored.store,
    name: stored.rule.name,
    ...ruleText(stored.id, stored.rule),
    action: stored.rule.action,
    remote: describeRuleRemote(stored.rule),
    ports: formatPortRanges(match.coveredPorts),
    conditions: match.conditions,
  };
}

/** A stored rule as the admin reads it: its name in quotes when known, else its id. */
function ruleLabel(stored: StoredRule): string {
  const { displayName } = ruleText(stored.id, stored.rule);
  return displayName !== null ? JSON.stringify(displayName) : stored.id;
}

/** `"Windows Management Instrumentation (ASync-In)" (local)`: what the Firewall console shows (else the id), the store. */
const listIds = (rules: readonly RuleReference[]): string =>
  rules
    .map(
      (rule) =>
        `${rule.displayName !== null ? JSON.stringify(rule.displayName) : rule.id}` +
        ` (${rule.store === 'policy' ? 'Group Policy' : 'local'})`,
    )
    .join(', ');

function evaluateProfile(
  target: ExposureTarget,
  settings: ProfileSettings,
  inEffect: readonly StoredRule[],
  dynamic: readonly PortRange[],
): ProfileExposure & { readonly matches: readonly { stored: StoredRule; match: RuleMatch }[] } {
  const profile = settings.profile;
  const nobody: ReachableFrom = { any: false, entries: [], except: [], authenticatedOnly: [] };
  const matches = inEffect
    .map((stored) => ({ stored, match: matchRule(stored.rule, target, dynamic) }))
    .filter((item): item is { stored: StoredRule; match: RuleMatch } => item.match !== null);
  const enabled = matches.filter((item) => item.stored.rule.active);
  const allows = enabled.filter((item) => item.stored.rule.action === 'Allow');
  const bypasses = enabled.filter((item) => item.stored.rule.action === 'ByPass');
  const blocks = enabled.filter((item) => item.stored.rule.action === 'Block');
  const disabledAllowRules = matches
    .filter((item) => !item.stored.rule.active && item.stored.rule.action === 'Allow')
    .map((item) => reference(item.stored, item.match));
  const allowingRules = allows.map((item) => reference(item.stored, item.match));
  const base = { profile, allowingRules, blockingRules: [] as RuleReference[], disabledAllowRules, matches };

  if (!settings.firewallEnabled) {
    return {
      ...base,
      open: true,
      reason: 'firewall-off',
      reachableFrom: { ...nobody, any: true, entries: ['Any'] },
      explanation: `${profile}: the firewall is off (${settings.firewallEnabledSource} setting), so ${target.title} is reachable from Any.`,
    };
  }
  if (settings.shielded) {
    return {
      ...base,
      open: false,
      reason: 'shielded',
      reachableFrom: nobody,
      explanation: `${profile}: the profile blocks all incoming connections (DoNotAllowExceptions), whatever the rules allow.`,
    };
  }

  // Only a block that applies to every connection of the target is certain to close it.
  const certainBlocks = blocks.filter((item) => item.match.conditions.length === 0);
  const blockingRules = blocks.map((item) => reference(item.stored, item.match));
  const defaultAllow = settings.defaultInboundAction === 'Allow';
  const allowScope = unionScopes([
    ...(defaultAllow ? [ANY_SCOPE] : []),
    ...allows.map((item) => ruleScope(item.stored.rule)),
  ]);
  const blockScope = unionScopes(certainBlocks.map((item) => ruleScope(item.stored.rule)));
  const { scope, except } = subtractScope(allowScope, blockScope);
  const bypassScope = unionScopes(bypasses.map((item) => ruleScope(item.stored.rule)));
  const described = describeScope(scope);
  const bypassEntries = isEmptyScope(bypassScope) ? [] : describeScope(bypassScope).entries;
  const reachableFrom: ReachableFrom = {
    any: described.any,
    entries: described.entries,
    except,
    authenticatedOnly: bypassEntries,
  };
  const open = !isEmptyScope(scope) || bypassEntries.length > 0;
  const withBlocks = { ...base, blockingRules, reachableFrom, open };
  const from = `${described.entries.join(', ')}${except.length > 0 ? ` except ${except.join(', ')}` : ''}`;
  const bypassText =
    bypassEntries.length > 0
      ? ` IPsec-authenticated peers from ${bypassEntries.join(', ')} get through regardless (authenticated bypass: ${listIds(bypasses.map((item) => reference(item.stored, item.match)))}).`
      : '';
  const conditional = allowingRules.filter((rule) => rule.conditions.length > 0);
  const conditionText =
    conditional.length > 0
      ? ` Conditions apply: ${conditional.map((rule) => `${rule.displayName ?? rule.id}: ${rule.conditions.join('; ')}`).join(' | ')}.`
      : '';
  const partialBlocks = blocks.filter((item) => item.match.conditions.length > 0);
  const partialText =
    partialBlocks.length > 0
      ? ` Block rules that may apply: ${partialBlocks.map((item) => `${ruleLabel(item.stored)} (${item.match.conditions.join('; ')})`).join(', ')}.`
      : '';

  if (!isEmptyScope(scope)) {
    const by = defaultAllow
      ? `the default inbound action is Allow${allows.length > 0 ? `; rules ${listIds(allowingRules)} also allow it` : ''}`
      : `allowed by ${listIds(allowingRules)}`;
    return {
      ...withBlocks,
      reason: defaultAllow ? 'default-inbound-allow' : 'allowed-by-rule',
      explanation: `${profile}: ${target.title} is reachable from ${from}; ${by}.${conditionText}${partialText}${bypassText}`,
    };
  }
  if (!isEmptyScope(allowScope)) {
    return {
      ...withBlocks,
      reason: 'blocked-by-rule',
      explanation: `${profile}: ${target.title} is allowed by ${listIds(allowingRules) || 'the default inbound action'} but block rule(s) ${listIds(certainBlocks.map((item) => reference(item.stored, item.match)))} cover it (block wins over allow).${bypassText}`,
    };
  }
  const disabledText =
    disabledAllowRules.length > 0
      ? ` Disabled rule(s) that would allow it: ${disabledAllowRules.map((rule) => `${rule.id} (from ${rule.remote})`).join(', ')}.`
      : '';
  return {
    ...withBlocks,
    reason: 'no-allow-rule',
    explanation: `${profile}: no enabled rule allows ${target.title}; the default inbound action blocks it.${disabledText}${bypassText}`,
  };
}

function describeProfile(settings: ProfileSettings): string {
  const parts = [
    `firewall ${settings.firewallEnabled ? 'on' : 'OFF'} (${settings.firewallEnabledSource})`,
    `default inbound ${settings.defaultInboundAction} (${settings.defaultInboundActionSource})`,
  ];
  if (settings.shielded) parts.push(`all inbound blocked (${settings.shieldedSource})`);
  if (!settings.localRulesApply) parts.push('local rules ignored: Group Policy sets AllowLocalPolicyMerge=0');
  return `${settings.profile}: ${parts.join(', ')}.`;
}

// --- the report -------------------------------------------------------------------------------------------------

export function analyzeExposure(store: FirewallStore): ExposureReport {
  const rpcDynamicPorts = readRpcDynamicPorts(store.rpcInternet);
  const dynamic = rpcDynamicPorts.ranges;
  const findings: ExposureFinding[] = [];
  const profileSettings = FIREWALL_PROFILES.map((profile) => store.profiles[profile]);

  for (const settings of profileSettings) {
    if (!settings.firewallEnabled) {
      findings.push({
        code: 'firewall-off',
        severity: settings.profile === 'Public' ? 'high' : 'medium',
        target: null,
        profiles: [settings.profile],
        ruleIds: [],
        message: `The ${settings.profile} firewall profile is off: TCP 135, the dynamic RPC ports and every other port are reachable from anywhere on that profile.`,
      });
    } else if (settings.defaultInboundAction === 'Allow' && !settings.shielded) {
      findings.push({
        code: 'default-inbound-allow',
        severity: settings.profile === 'Public' ? 'high' : 'medium',
        target: null,
        profiles: [settings.profile],
        ruleIds: [],
        message: `The ${settings.profile} profile's default inbound action is Allow: every port without a block rule is reachable.`,
      });
    }
  }

  const ruleFlags = new Map<string, ExposureFinding>();
  const targets: TargetExposure[] = EXPOSURE_TARGETS.map((target) => {
    const profiles = profileSettings.map((settings) => {
      const evaluated = evaluateProfile(target, settings, rulesInEffect(store, settings.profile), dynamic);
      for (const { stored, match } of evaluated.matches) {
        if (!stored.rule.active || stored.rule.action !== 'Allow') continue;
        flagRule(ruleFlags, target, stored, match, settings.profile);
      }
      const { matches: _matches, ...exposure } = evaluated;
      return exposure;
    });
    const publicExposure = profiles.find((exposure) => exposure.profile === 'Public');
    if (publicExposure?.open && publicExposure.reachableFrom.any && store.profiles.Public.firewallEnabled) {
      findings.push({
        code: 'open-to-any-on-public',
        severity: 'high',
        target: target.id,
        profiles: ['Public'],
        ruleIds: publicExposure.allowingRules.map((rule) => rule.id),
        message: `${target.title} is open to Any on the Public profile (${publicExposure.allowingRules.map((rule) => rule.id).join(', ') || 'default inbound action Allow'}): anyone on a coffee-shop network can reach it.`,
      });
    }
    if (target.id === 'wmi-async-callback' && profiles.every((exposure) => !exposure.open)) {
      const disabled = [
        ...new Set(profiles.flatMap((exposure) => exposure.disabledAllowRules.map((rule) => rule.id))),
      ];
      findings.push({
        code: 'callbacks-blocked',
        severity: 'info',
        target: target.id,
        profiles: [...FIREWALL_PROFILES],
        ruleIds: disabled,
        message:
          'No profile lets WMI callbacks reach unsecapp.exe: asynchronous WMI calls from this machine fail to receive results' +
          (disabled.length > 0
            ? `; enabling ${disabled.join(', ')} with a narrow scope would allow them.`
            : '.'),
      });
    }
    const ports =
      target.ports === 'endpoint-mapper' ? 'TCP 135' : `TCP ${formatPortRanges(dynamic)} (dynamic RPC)`;
    return { target, ports, profiles };
  });
  findings.push(...ruleFlags.values());

  if (rpcDynamicPorts.kind === 'invalid') {
    findings.push({
      code: 'rpc-ports-invalid',
      severity: 'medium',
      target: 'rpc-dynamic',
      profiles: [],
      ruleIds: [],
      message: rpcDynamicPorts.explanation,
    });
  } else if (rpcDynamicPorts.kind === 'restricted') {
    const first = Math.min(...dynamic.map((range) => range.first));
    if (countPorts(dynamic) < 100 || first < 5000) {
      findings.push({
        code: 'rpc-ports-narrow',
        severity: 'low',
        target: 'rpc-dynamic',
        profiles: [],
        ruleIds: [],
        message: `The RPC port restriction (${formatPortRanges(dynamic)}) is below the recommended minimum of 100 ports above 5000; RPC servers may run out of endpoints.`,
      });
    }
  }
  for (const problem of store.problems) {
    findings.push({
      code: 'store-problem',
      severity: 'low',
      target: null,
      profiles: [],
      ruleIds: [problem.valueName],
      message: `${problem.key}\\${problem.valueName}: ${problem.message}`,
    });
  }

  return {
    profiles: profileSettings.map((settings) => ({ ...settings, explanation: describeProfile(settings) })),
    rpcDynamicPorts,
    targets,
    findings,
    storeProblems: store.problems,
  };
}

/** Per-rule flags, merged across profiles so each rule/target/problem is reported once. */
function flagRule(
  flags: Map<string, ExposureFinding>,
  target: ExposureTarget,
  stored: StoredRule,
  match: RuleMatch,
  profile: FirewallProfile,
): void {
  const add = (code: ExposureFindingCode, severity: FindingSeverity, message: string): void => {
    const key = `${code}|${target.id}|${stored.store}|${stored.id}`;
    const existing = flags.get(key);
    if (existing) {
      if (!existing.profiles.includes(profile))
        flags.set(key, { ...existing, profiles: [...existing.profiles, profile] });
      return;
    }
    flags.set(key, { code, severity, target: target.id, profiles: [profile], ruleIds: [stored.id], message });
  };
  const rule = stored.rule;
  const named = ruleLabel(stored);
  if (rule.remoteAddresses === 'any') {
    add(
      'open-without-address-scope',
      'medium',
      `Rule ${named} opens ${target.title} with no remote address scope (any address); limit it to LocalSubnet or management addresses.`,
    );
  }
  const everyProgram = rule.app === null && rule.service === null;
  const everySvchostService =
    rule.app !== null &&
    normaliseProgramPath(rule.app) === normaliseProgramPath(SVCHOST) &&
    (rule.service === null || rule.service === '*');
  if (
    target.service !== null &&
    (match.byPortNumber || rule.localPorts === 'any') &&
    (everyProgram || everySvchostService)
  ) {
    const who = everyProgram ? 'every program' : 'every service in svchost.exe';
    const ports =
      rule.localPorts === 'any' ? 'every port' : `port(s) ${rule.localPorts.map(formatPortEntry).join(',')}`;
    const better =
      target.ports === 'endpoint-mapper'
        ? 'LPort=RPC-EPMap with App=svchost.exe and Svc=RpcSs'
        : `LPort=RPC with App=svchost.exe and Svc=${target.service}`;
    add(
      'rpc-opened-by-port-number',
      everyProgram ? 'high' : 'medium',
      `Rule ${named} opens ${ports} to ${who} instead of to the RPC service; use ${better}.`,
    );
  }
}
