/**
 * The firewall's registry stores, read from the port's snapshots: the local ("PersistentStore") rules and profile
 * switches, the Group Policy ones, and which of them Windows applies on each profile.
 *
 * Merge rules modelled ([MS-GPFAS] 2.2.3, [MS-FASP] 2.2.38):
 * - a profile setting present in the policy store overrides the local one;
 * - policy `StandardProfile` applies to Private and Public only when neither `PrivateProfile` nor `PublicProfile`
 *   exists; local `StandardProfile` is the Private profile;
 * - local rules join the policy rules on a profile unless the policy sets `AllowLocalPolicyMerge=0` there.
 */
import type { KeySnapshot, RegistryValue } from '../registry-port/types';
import { FIREWALL_PROFILES, FirewallRuleSyntaxError, parseFirewallRule } from './rule-string';
import type { FirewallProfile, FirewallRule } from './rule-string';

const LOCAL_POLICY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy';
const GROUP_POLICY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall';

export const LOCAL_RULES_KEY = `${LOCAL_POLICY}\\FirewallRules`;
export const POLICY_RULES_KEY = `${GROUP_POLICY}\\FirewallRules`;
export const LOCAL_PROFILE_KEYS: Readonly<Record<FirewallProfile, string>> = {
  Domain: `${LOCAL_POLICY}\\DomainProfile`,
  Private: `${LOCAL_POLICY}\\StandardProfile`,
  Public: `${LOCAL_POLICY}\\PublicProfile`,
};
export const POLICY_PROFILE_KEYS = {
  Domain: `${GROUP_POLICY}\\DomainProfile`,
  Private: `${GROUP_POLICY}\\PrivateProfile`,
  Public: `${GROUP_POLICY}\\PublicProfile`,
  Standard: `${GROUP_POLICY}\\StandardProfile`,
} as const;
/** RPC dynamic port restriction ([R1]); read with the firewall keys because exposure needs it. */
export const RPC_INTERNET_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet';

/** Every key the firewall model reads; the audit includes them in its one batch read. */
export const FIREWALL_KEYS: readonly string[] = [
  LOCAL_RULES_KEY,
  ...Object.values(LOCAL_PROFILE_KEYS),
  POLICY_RULES_KEY,
  ...Object.values(POLICY_PROFILE_KEYS),
  RPC_INTERNET_KEY,
];

export type RuleStore = 'local' | 'policy';

export interface StoredRule {
  /** The registry value name: the rule id (`WMI-RPCSS-In-TCP`, or a GUID for rules netsh created). */
  readonly id: string;
  readonly store: RuleStore;
  readonly rule: FirewallRule;
}

/** A stored value Windows would ignore (unparseable rule, wrong value type), named so an admin can find it. */
export interface StoreProblem {
  readonly key: string;
  readonly valueName: string;
  readonly message: string;
}

type Source = 'policy' | 'local' | 'default';

export interface ProfileSettings {
  readonly profile: FirewallProfile;
  readonly firewallEnabled: boolean;
  readonly firewallEnabledSource: Source;
  readonly defaultInboundAction: 'Block' | 'Allow';
  readonly defaultInboundActionSource: Source;
  /** `DoNotAllowExceptions=1`: every unsolicited inbound connection is blocked, whatever the rules say. */
  readonly shielded: boolean;
  readonly shieldedSource: Source;
  /** False when the policy sets `AllowLocalPolicyMerge=0`: local rules are ignored on this profile. */
  readonly localRulesApply: boolean;
  /** The policy key that governs this profile, when a policy key exists for it. */
  readonly policyKey: string | null;
}

export interface FirewallStore {
  readonly rules: readonly StoredRule[];
  readonly profiles: Readonly<Record<FirewallProfile, ProfileSettings>>;
  readonly problems: readonly StoreProblem[];
  /** The Rpc\Internet snapshot, passed through for the dynamic port analysis. */
  readonly rpcInternet: KeySnapshot;
}

export class FirewallStoreError extends Error {
  override readonly name = 'FirewallStoreError';
}

function snapshotFor(snapshots: readonly KeySnapshot[], path: string): KeySnapshot {
  const found = snapshots.find((snapshot) => snapshot.path.toLowerCase() === path.toLowerCase());
  if (!found) throw new FirewallStoreError(`the snapshots do not include ${path} (read FIREWALL_KEYS)`);
  return found;
}

function readRules(snapshot: KeySnapshot, store: RuleStore, problems: StoreProblem[]): StoredRule[] {
  const rules: StoredRule[] = [];
  if (!snapshot.exists) return rules;
  // Value order means nothing (Windows enumerates in creation order, Wine sorted): rules are read in ID order, so an
  // audit reads the same on every backend.
  const entries = [...snapshot.values].sort(([a], [b]) => byOrdinalIgnoringCase(a, b));
  for (const [id, value] of entries) {
    if (id === '') continue;
    if (value.type !== 'REG_SZ' && value.type !== 'REG_EXPAND_SZ') {
      problems.push({
        key: snapshot.path,
        valueName: id,
        message: `rule is ${value.type}, not REG_SZ; Windows ignores it`,
      });
      continue;
    }
    try {
      rules.push({ id, store, rule: parseFirewallRule(value.data) });
    } catch (error) {
      if (!(error instanceof FirewallRuleSyntaxError)) throw error;
      problems.push({
        key: snapshot.path,
        valueName: id,
        message: `unparseable rule, Windows ignores it: ${error.message}`,
      });
    }
  }
  return rules;
}

function byOrdinalIgnoringCase(a: string, b: string): number {
  const [x, y] = [a.toUpperCase(), b.toUpperCase()];
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** A 0/1 DWORD, or undefined when absent; anything else is a problem and counts as absent. */
function readSwitch(snapshot: KeySnapshot, name: string, problems: StoreProblem[]): boolean | undefined {
  if (!snapshot.exists) return undefined;
  const value: RegistryValue | undefined = snapshot.values.get(name);
  if (value === undefined) return undefined;
  if (value.type === 'REG_DWORD' && (value.data === 0 || value.data === 1)) return value.data === 1;
  const shown = value.type === 'REG_DWORD' ? `${value.data}` : value.type;
  problems.push({
    key: snapshot.path,
    valueName: name,
    message: `expected REG_DWORD 0 or 1, found ${shown}; ignored`,
  });
  return undefined;
}

function pick(policy: boolean | undefined, local: boolean | undefined, fallback: boolean): [boolean, Source] {
  if (policy !== undefined) return [policy, 'policy'];
  if (local !== undefined) return [local, 'local'];
  return [fallback, 'default'];
}

export function readFirewallStore(snapshots: readonly KeySnapshot[]): FirewallStore {
  const problems: StoreProblem[] = [];
  const rules = [
    ...readRules(snapshotFor(snapshots, POLICY_RULES_KEY), 'policy', problems),
    ...readRules(snapshotFor(snapshots, LOCAL_RULES_KEY), 'local', problems),
  ];
  const policyPrivate = snapshotFor(snapshots, POLICY_PROFILE_KEYS.Private);
  const policyPublic = snapshotFor(snapshots, POLICY_PROFILE_KEYS.Public);
  const policyStandard = snapshotFor(snapshots, POLICY_PROFILE_KEYS.Standard);
  const standardApplies = !policyPrivate.exists && !policyPublic.exists;

  const policyKeyFor = (profile: FirewallProfile): KeySnapshot | null => {
    if (profile === 'Domain') return snapshotFor(snapshots, POLICY_PROFILE_KEYS.Domain);
    if (standardApplies) return policyStandard.exists ? policyStandard : null;
    return profile === 'Private' ? policyPrivate : policyPublic;
  };

  const settings = {} as Record<FirewallProfile, ProfileSettings>;
  for (const profile of FIREWALL_PROFILES) {
    const local = snapshotFor(snapshots, LOCAL_PROFILE_KEYS[profile]);
    const policy = policyKeyFor(profile);
    const policyValue = (name: string): boolean | undefined =>
      policy && policy.exists ? readSwitch(policy, name, problems) : undefined;
    const [firewallEnabled, firewallEnabledSource] = pick(
      policyValue('EnableFirewall'),
      readSwitch(local, 'EnableFirewall', problems),
      true,
    );
    // DefaultInboundAction: 1 = block (the default), 0 = allow.
    const [inboundBlocks, defaultInboundActionSource] = pick(
      policyValue('DefaultInboundAction'),
      readSwitch(local, 'DefaultInboundAction', problems),
      true,
    );
    const [shielded, shieldedSource] = pick(
      policyValue('DoNotAllowExceptions'),
      readSwitch(local, 'DoNotAllowExceptions', problems),
      false,
    );
    // AllowLocalPolicyMerge must not be set on StandardProfile ([MS-GPFAS] 2.2.3.13), so only real profile keys count.
    const mergeKey = profile === 'Domain' ? policy : standardApplies ? null : policy;
    const merge =
      mergeKey && mergeKey.exists ? readSwitch(mergeKey, 'AllowLocalPolicyMerge', problems) : undefined;
    settings[profile] = {
      profile,
      firewallEnabled,
      firewallEnabledSource,
      defaultInboundAction: inboundBlocks ? 'Block' : 'Allow',
      defaultInboundActionSource,
      shielded,
      shieldedSource,
      localRulesApply: merge !== false,
      policyKey: policy && policy.exists ? policy.path : null,
    };
  }
  return { rules, profiles: settings, problems, rpcInternet: snapshotFor(snapshots, RPC_INTERNET_KEY) };
}

/** The rules Windows applies on a profile: policy rules, plus local ones unless the policy stops the merge. */
export function rulesInEffect(store: FirewallStore, profile: FirewallProfile): StoredRule[] {
  const localApply = store.profiles[profile].localRulesApply;
  return store.rules.filter(
    (stored) => stored.rule.profiles.includes(profile) && (stored.store === 'policy' || localApply),
  );
}
