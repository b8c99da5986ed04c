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
import {
  entryInterval,
  formatAddressEntry,
  formatInterval,
  formatPortEntry,
  fullInterval,
  isFullInterval,
  subtractIntervals,
  unionIntervals,
  type AddressInterval,
  type IpFamily,
} from './addresses';
import {
  readRpcDynamicPorts,
  formatPortRanges,
  countPorts,
  intersectRanges,
  type PortRange,
  type RpcDynamicPorts,
} from './rpc-ports';
import { ruleText } from './rule-names';
import { FIREWALL_PROFILES, type FirewallProfile, type FirewallRule, type RuleAction } from './rule-string';
import {
  rulesInEffect,
  type FirewallStore,
  type ProfileSettings,
  type RuleStore,
  type StoreProblem,
  type StoredRule,
} from './store';

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

/** Comparable program path: case-folded, `%SystemRoot%`/`%windir%` expanded to C:\Windows, `\\` runs collapsed. */
export function normaliseProgramPath(path: string): string {
  return path
    .trim()
    .toLowerCase()
    .replace(/^%(systemroot|windir)%/, 'c:\\windows')
    .replace(/\\+/g, '\\');
}

interface RuleMatch {
  readonly coveredPorts: readonly PortRange[];
  readonly coversAllPorts: boolean;
  readonly byPortNumber: boolean;
  readonly conditions: readonly string[];
}

function targetPorts(target: ExposureTarget, dynamic: readonly PortRange[]): PortRange[] {
  return target.ports === 'endpoint-mapper' ? [{ first: 135, last: 135 }] : [...dynamic];
}

function matchRule(
  rule: FirewallRule,
  target: ExposureTarget,
  dynamic: readonly PortRange[],
): RuleMatch | null {
  if (rule.direction !== 'In') return null;
  if (rule.protocol !== null && rule.protocol !== 6) return null;
  // A packaged (app container) rule is for that package only; the targets are not packaged.
  if (rule.packageSid !== null) return null;
  if (rule.app !== null && normaliseProgramPath(rule.app) !== normaliseProgramPath(target.program))
    return null;
  if (rule.service !== null) {
    if (rule.service === '*') {
      if (target.service === null) return null;
    } else if (target.service === null || rule.service.toLowerCase() !== target.service.toLowerCase()) {
      return null;
    }
  }
  const wanted = targetPorts(target, dynamic);
  let covered: PortRange[] = [];
  let byPortNumber = false;
  if (rule.localPorts === 'any') {
    covered = wanted;
  } else {
    for (const entry of rule.localPorts) {
      if (entry.kind === 'keyword') {
        const keyword = entry.keyword;
        if (
          (keyword === 'RPC-EPMap' && target.ports === 'endpoint-mapper') ||
          (keyword === 'RPC' && target.ports === 'dynamic')
        ) {
          covered.push(...wanted);
        }
      } else {
        const overlap = intersectRanges([entry], wanted);
        if (overlap.length > 0) byPortNumber = true;
        covered.push(...overlap);
      }
    }
    covered = intersectRanges(covered, wanted);
  }
  if (covered.length === 0) return null;
  const coversAllPorts = countPorts(covered) === countPorts(wanted);
  const conditions: string[] = [];
  if (!coversAllPorts) conditions.push(`only ports ${formatPortRanges(covered)}`);
  if (rule.localAddresses !== 'any') {
    conditions.push(`only to local addresses ${rule.localAddresses.map(formatAddressEntry).join(', ')}`);
  }
  if (rule.remotePorts !== 'any')
    conditions.push(`only from remote ports ${rule.remotePorts.map(formatPortEntry).join(',')}`);
  if (rule.interfaceTypes.length > 0) conditions.push(`only on ${rule.interfaceTypes.join(', ')} interfaces`);
  if (rule.interfaces.length > 0) conditions.push(`only on interfaces ${rule.interfaces.join(', ')}`);
  if (rule.security.length > 0)
    conditions.push(`only for IPsec-secured connections (${rule.security.join(', ')})`);
  if (rule.localUserOwner !== null) conditions.push(`only for processes owned by ${rule.localUserOwner}`);
  if (rule.localUserAuthorization !== null)
    conditions.push(`only for local users in ${rule.localUserAuthorization}`);
  if (rule.remoteMachineAuthorization !== null) {
    conditions.push(`only for remote machines in ${rule.remoteMachineAuthorization}`);
  }
  if (rule.remoteUserAuthorization !== null)
    conditions.push(`only for remote users in ${rule.remoteUserAuthorization}`);
  if (rule.conditionalLocalUserAuthorization !== null)
    conditions.push('only for local users a conditional authorization list admits (LUAuth2_24)');
  if (rule.trustTupleKeywords.length > 0) {
    conditions.push(
      `only for trust tuple ${rule.trustTupleKeywords.map((keyword) => keyword.keyword).join(', ')} traffic`,
    );
  }
  if (rule.networkNames !== null) conditions.push(`only on the networks named in NNm=${rule.networkNames}`);
  if (rule.securityRealmId !== null) conditions.push(`only for security realm ${rule.securityRealmId}`);
  const platform = platformCondition(rule);
  if (platform) conditions.push(platform);
  return { coveredPorts: covered, coversAllPorts, byPortNumber, conditions };
}

/** Whether an inbound rule reaches a dynamic-port target (the WMI service, the callback receiver) on `dynamic`. */
export function opensDynamicTarget(rule: FirewallRule, dynamic: readonly PortRange[]): boolean {
  return EXPOSURE_TARGETS.some(
    (target) => target.ports === 'dynamic' && matchRule(rule, target, dynamic) !== null,
  );
}

/**
 * A rule limited to platforms (Platform=2:6:2|Platform2=GTEQ: Windows NT 6.2 or later) applies only there. The
 * Windows versions SinkGuard audits (10, 11, Server 2016 and later) are all NT 10.0, so a validity list that admits
 * NT 10.0 is no condition; any other list is one SinkGuard cannot settle offline.
 */
function platformCondition(rule: FirewallRule): string | null {
  if (rule.platforms.length === 0) return null;
  const admitsNt10 = rule.platforms.some((entry, index) => {
    const atLeast = rule.platformOperator === 'GTEQ' && index === rule.platforms.length - 1;
    const version = entry.majorVersion * 256 + entry.minorVersion;
    return entry.platform === 2 && (atLeast ? version <= 10 * 256 : version === 10 * 256);
  });
  if (admitsNt10) return null;
  const listed = rule.platforms
    .map((entry, index) => {
      const atLeast = rule.platformOperator === 'GTEQ' && index === rule.platforms.length - 1;
      return `${entry.platform}:${entry.majorVersion}.${entry.minorVersion}${atLeast ? ' or later' : ''}`;
    })
    .join(', ');
  return `only on platform ${listed}`;
}

// --- scopes -----------------------------------------------------------------------------------------------------

interface KeywordScope {
  readonly keyword: string;
  readonly family: IpFamily | null;
}

interface Scope {
  readonly intervals: readonly AddressInterval[];
  readonly keywords: readonly KeywordScope[];
}

const ANY_SCOPE: Scope = { intervals: [fullInterval(4), fullInterval(6)], keywords: [] };

function ruleScope(rule: FirewallRule): Scope {
  if (rule.remoteAddresses === 'any') return ANY_SCOPE;
  const intervals: AddressInterval[] = [];
  const keywords: KeywordScope[] = [];
  for (const entry of rule.remoteAddresses) {
    const concrete = entryInterval(entry);
    if (concrete) intervals.push(...concrete);
    else if (entry.kind === 'keyword') keywords.push({ keyword: entry.keyword, family: entry.family });
  }
  return { intervals: unionIntervals(intervals), keywords };
}

const sameKeyword = (a: KeywordScope, b: KeywordScope): boolean =>
  a.keyword.toLowerCase() === b.keyword.toLowerCase() && (a.family === b.family || b.family === null);

function unionScopes(scopes: readonly Scope[]): Scope {
  const keywords: KeywordScope[] = [];
  for (const scope of scopes) {
    for (const keyword of scope.keywords)
      if (!keywords.some((known) => sameKeyword(known, keyword))) keywords.push(keyword);
  }
  return { intervals: unionIntervals(scopes.flatMap((scope) => scope.intervals)), keywords };
}

function isEmptyScope(scope: Scope): boolean {
  return scope.intervals.length === 0 && scope.keywords.length === 0;
}

/** `allow` minus `block`, exactly where both are concrete; keywords only cancel the same keyword or a full block. */
function subtractScope(allow: Scope, block: Scope): { scope: Scope; except: string[] } {
  const fullFamilies = new Set(block.intervals.filter(isFullInterval).map((interval) => interval.family));
  const intervals = subtractIntervals(allow.intervals, block.intervals);
  const keywords = allow.keywords.filter(
    (keyword) =>
      !block.keywords.some((blocked) => sameKeyword(keyword, blocked)) &&
      !(keyword.family !== null
        ? fullFamilies.has(keyword.family)
        : fullFamilies.has(4) && fullFamilies.has(6)),
  );
  const except: string[] = [];
  if (intervals.length > 0 || keywords.length > 0) {
    for (const blocked of block.keywords) {
      if (!allow.keywords.some((keyword) => sameKeyword(keyword, blocked)))
        except.push(describeKeyword(blocked));
    }
    if (keywords.length > 0) {
      for (const interval of block.intervals)
        if (!isFullInterval(interval)) except.push(formatInterval(interval));
    }
  }
  return { scope: { intervals, keywords }, except };
}

function describeKeyword(keyword: KeywordScope): string {
  return keyword.family === null ? keyword.keyword : `${keyword.keyword} (IPv${keyword.family})`;
}

function describeScope(scope: Scope): { any: boolean; entries: string[] } {
  const fullFamilies = scope.intervals.filter(isFullInterval).map((interval) => interval.family);
  if (fullFamilies.includes(4) && fullFamilies.includes(6)) return { any: true, entries: ['Any'] };
  const entries: string[] = [];
  for (const interval of scope.intervals) {
    entries.push(isFullInterval(interval) ? `any IPv${interval.family} address` : formatInterval(interval));
  }
  // A keyword given for both families (RA4=LocalSubnet|RA6=LocalSubnet) reads as one entry.
  const seen = new Set<string>();
  for (const keyword of scope.keywords) {
    const lower = keyword.keyword.toLowerCase();
    if (seen.has(lower)) continue;
    const families = new Set(
      scope.keywords.filter((k) => k.keyword.toLowerCase() === lower).map((k) => k.family),
    );
    seen.add(lower);
    entries.push(
      families.has(null) || (families.has(4) && families.has(6)) ? keyword.keyword : describeKeyword(keyword),
    );
  }
  return { any: false, entries };
}

function describeRuleRemote(rule: FirewallRule): string {
  return describeScope(ruleScope(rule)).entries.join(', ') || 'nobody';
}

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
