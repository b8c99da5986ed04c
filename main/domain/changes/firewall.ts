import type { KeySnapshot } from '../registry-port/types';
import { BUILT_IN_WMI_RULES, type WmiFirewallTarget } from '../firewall/built-in-rules';
import { parseNarrowScope, planFirewallChange, type NarrowScope } from '../firewall/commands';
import { ruleStateOf, setRuleCommand } from '../firewall/live';
import { analyzeExposure, type ExposureTargetId, type TargetExposure } from '../firewall/exposure';
import { editRuleString } from '../firewall/rule-edit';
import { ruleText } from '../firewall/rule-names';
import { FIREWALL_PROFILES, parseFirewallRule } from '../firewall/rule-string';
import type { FirewallProfile, FirewallRule } from '../firewall/rule-string';
import type { FirewallCommand } from '../firewall/runner';
import { LOCAL_RULES_KEY, readFirewallStore, type FirewallStore } from '../firewall/store';
import type { FirewallChange, FirewallRuleStep, SkippedSetting } from './model';
import { indexSnapshots, valueIn } from './values';

/** What a firewall setting needs: the audit's Change.firewall, plus the profiles an admin's edit chose. */
export interface FirewallNeed {
  readonly target: FirewallChange['target'];
  /** The remote scope to leave open; empty = close on every profile. */
  readonly allowFrom: readonly string[];
  /** Ids of the enabled rules that open the target beyond what is allowed (the audit's offending rules). */
  readonly rules: readonly string[];
  /**
   * The profiles to leave the target open on (an admin's edit; only with a non-empty allowFrom). Rules opening it
   * elsewhere are limited or disabled, and a chosen profile still closed gets the target's built-in rule, scoped.
   * Absent or null: every rule keeps its profiles and nothing closed is opened.
   */
  readonly profiles?: readonly FirewallProfile[] | null;
}

export interface FirewallStepsPlan {
  readonly steps: FirewallRuleStep[];
  /** Rules that would have to change but live in the Group Policy store. */
  readonly notLocal: string[];
  /** Parts of the need that cannot be carried out locally, and why. */
  readonly problems: Pick<SkippedSetting, 'reason' | 'message'>[];
  /** What stays true after the steps that the admin should know (a profile that stays closed or open to more). */
  readonly notes: string[];
  /** With chosen profiles: the profiles these steps leave the target open on (null otherwise). */
  readonly openAfter: FirewallProfile[] | null;
}

const EXPOSURE_TARGET: Readonly<Record<WmiFirewallTarget, ExposureTargetId>> = {
  'endpoint-mapper': 'rpc-endpoint-mapper',
  'dynamic-rpc': 'rpc-dynamic',
  unsecapp: 'wmi-async-callback',
};

/** Set-NetFirewallRule back to the rule's enabled state, action, remote addresses and profiles (live.ts). */
export function undoCommand(ruleId: string, before: FirewallRule): FirewallCommand {
  return setRuleCommand(ruleId, ruleStateOf(before));
}

/** What one rule becomes. */
type RuleAction =
  | { readonly kind: 'disable' }
  /** Enabled, remote addresses = the scope, on these profiles. */
  | { readonly kind: 'narrow'; readonly profiles: readonly FirewallProfile[] }
  /** Enabled state and remote addresses kept, limited to these profiles. */
  | { readonly kind: 'limit'; readonly profiles: readonly FirewallProfile[] };

interface LocalRule {
  readonly ruleId: string;
  readonly stored: string;
  readonly before: FirewallRule;
}

const inOrder = (profiles: Iterable<FirewallProfile>): FirewallProfile[] => {
  const set = new Set(profiles);
  return FIREWALL_PROFILES.filter((profile) => set.has(profile));
};

function predictedRule(rule: LocalRule, action: RuleAction, allowFrom: readonly string[]): string {
  switch (action.kind) {
    case 'disable':
      return editRuleString(rule.before, { active: false });
    case 'narrow':
      return editRuleString(rule.before, { active: true, remote: allowFrom, profiles: action.profiles });
    case 'limit':
      return editRuleString(rule.before, { profiles: action.profiles });
  }
}

function stepFor(
  rule: LocalRule,
  action: RuleAction,
  allowFrom: readonly string[],
  scope: NarrowScope | null,
): FirewallRuleStep {
  const { ruleId, before } = rule;
  const planned =
    action.kind === 'disable'
      ? planFirewallChange({ kind: 'disable', ruleId }, 'powershell')
      : action.kind === 'limit'
        ? planFirewallChange({ kind: 'limit-profiles', ruleId, profiles: action.profiles }, 'powershell')
        : planFirewallChange(
            { kind: 'narrow', ruleId, scope: scope!, profiles: action.profiles },
            'powershell',
          );
  return {
    ruleId,
    ...ruleText(ruleId, before),
    command: planned.command,
    expected: planned.expected,
    expectedRule: predictedRule(rule, action, allowFrom),
    ruleBefore: rule.stored,
    undo: undoCommand(ruleId, before),
  };
}

/**
 * The per-rule steps for one firewall need. Rules are addressed by id through PowerShell (netsh can only name rules
 * by display name, which built-in rules share); rules outside the local store are reported back.
 *
 * Without chosen profiles (a profile plan, or an edit that leaves profiles alone): each offending rule is disabled
 * (close) or enabled and limited to the scope on its own profiles (narrow).
 *
 * With chosen profiles (an admin opening a target narrowly): every rule opening the target keeps only the chosen
 * profiles (none left: disabled), offending ones are narrowed to the scope; a chosen profile that would still be
 * closed gets the target's built-in rule (BUILT_IN_WMI_RULES, by stable id) enabled, scoped, on that profile.
 * `alsoDisabled` names rules another setting of the same plan disables (disabling wins), so they open nothing here.
 */
export function planFirewallSteps(
  need: FirewallNeed,
  snapshots: readonly KeySnapshot[],
  alsoDisabled: ReadonlySet<string> = new Set(),
): FirewallStepsPlan {
  const localRules = indexSnapshots(snapshots)(LOCAL_RULES_KEY);
  const readLocal = (ruleId: string): LocalRule | null => {
    const stored = valueIn(localRules, ruleId);
    if (stored === null || (stored.type !== 'REG_SZ' && stored.type !== 'REG_EXPAND_SZ')) return null;
    return { ruleId, stored: stored.data, before: parseFirewallRule(stored.data) };
  };
  const scope = need.allowFrom.length === 0 ? null : parseNarrowScope(need.allowFrom);
  if (need.profiles && need.profiles.length > 0 && scope !== null) {
    return planOpening(need, need.profiles, scope, snapshots, readLocal, alsoDisabled);
  }
  const steps: FirewallRuleStep[] = [];
  const notLocal: string[] = [];
  for (const ruleId of need.rules) {
    const rule = readLocal(ruleId);
    if (!rule) {
      notLocal.push(ruleId);
      continue;
    }
    const action: RuleAction =
      scope === null ? { kind: 'disable' } : { kind: 'narrow', profiles: rule.before.profiles };
    steps.push(stepFor(rule, action, need.allowFrom, scope));
  }
  return { steps, notLocal, problems: [], notes: [], openAfter: null };
}

function planOpening(
  need: FirewallNeed,
  chosenProfiles: readonly FirewallProfile[],
  scope: NarrowScope,
  snapshots: readonly KeySnapshot[],
  readLocal: (ruleId: string) => LocalRule | null,
  alsoDisabled: ReadonlySet<string>,
): FirewallStepsPlan {
  const chosen = new Set(chosenProfiles);
  const store = readFirewallStore(snapshots);
  const targetId = EXPOSURE_TARGET[need.target];
  const exposureOf = (rules: FirewallStore['rules']): TargetExposure =>
    analyzeExposure({ ...store, rules }).targets.find((target) => target.target.id === targetId)!;
  const today = exposureOf(store.rules);
  const offending = new Set(need.rules.map((id) => id.toUpperCase()));
  const notLocal: string[] = [];
  const problems: FirewallStepsPlan['problems'] = [];
  const notes: string[] = [];
  const actions = new Map<string, { rule: LocalRule; action: RuleAction }>();

  // 1. Every rule that opens the target today keeps only the chosen profiles; offending ones take the scope.
  const opening = new Map<string, { id: string; store: 'local' | 'policy' }>();
  for (const exposure of today.profiles)
    for (const rule of exposure.allowingRules)
      opening.set(`${rule.store}|${rule.id.toUpperCase()}`, { id: rule.id, store: rule.store });
  for (const { id, store: where } of opening.values()) {
    if (where === 'policy') {
      const policy = store.rules.find((rule) => rule.store === 'policy' && rule.id === id);
      const outside = policy?.rule.profiles.some((profile) => !chosen.has(profile)) ?? true;
      if (offending.has(id.toUpperCase()) || outside) notLocal.push(id);
      continue;
    }
    const rule = readLocal(id);
    if (!rule) {
      notLocal.push(id);
      continue;
    }
    const kept = rule.before.profiles.filter((profile) => chosen.has(profile));
    if (kept.length === 0 || alsoDisabled.has(id.toUpperCase())) {
      actions.set(id.toUpperCase(), { rule, action: { kind: 'disable' } });
    } else if (offending.has(id.toUpperCase())) {
      actions.set(id.toUpperCase(), { rule, action: { kind: 'narrow', profiles: kept } });
    } else if (kept.length < rule.before.profiles.length) {
      actions.set(id.toUpperCase(), { rule, action: { kind: 'limit', profiles: kept } });
    }
  }

  const predicted = (): TargetExposure =>
    exposureOf(
      withPredictedRules(
        store,
        new Map(
          [...actions].map(([key, { rule, action }]) => [key, predictedRule(rule, action, need.allowFrom)]),
        ),
      ),
    );

  // 2. A chosen profile still closed: the target's built-in rule, enabled by id, scoped, on that profile.
  const closed = predicted().profiles.filter((exposure) => chosen.has(exposure.profile) && !exposure.open);
  const toOpen: FirewallProfile[] = [];
  for (const exposure of closed) {
    const settings = store.profiles[exposure.profile];
    if (!settings.localRulesApply) {
      problems.push({
        reason: 'policy-managed',
        message: `Group Policy ignores local firewall rules on the ${exposure.profile} profile (AllowLocalPolicyMerge=0): open it there in the GPO.`,
      });
    } else if (settings.shielded) {
      notes.push(
        `The ${exposure.profile} profile blocks all incoming connections (DoNotAllowExceptions, ${settings.shieldedSource} setting): the target stays closed there whatever the rules allow.`,
      );
    } else {
      toOpen.push(exposure.profile);
    }
  }
  if (toOpen.length > 0) {
    const builtIns = BUILT_IN_WMI_RULES[need.target];
    const candidates = builtIns
      .map((ruleId) => readLocal(ruleId))
      .filter((rule): rule is LocalRule => rule !== null);
    if (candidates.length === 0) {
      const inPolicy = builtIns.filter((ruleId) =>
        store.rules.some((rule) => rule.store === 'policy' && rule.id.toUpperCase() === ruleId.toUpperCase()),
      );
      if (inPolicy.length > 0) notLocal.push(...inPolicy);
      else
        problems.push({
          reason: 'not-supported',
          message: `None of the built-in rules ${builtIns.join(', ')} is in the local rule store, so the ${toOpen.join(', ')} profile${toOpen.length > 1 ? 's' : ''} cannot be opened by enabling one.`,
        });
    } else {
      for (const profile of toOpen) {
        // The built-in made for that profile (Domain: -NoScope; Private/Public: the scoped one), else the first.
        const rule =
          candidates.find((candidate) => candidate.before.profiles.includes(profile)) ?? candidates[0]!;
        const key = rule.ruleId.toUpperCase();
        const current = actions.get(key)?.action;
        const profiles =
          current && current.kind !== 'disable' ? inOrder([...current.profiles, profile]) : [profile];
        actions.set(key, { rule: actions.get(key)?.rule ?? rule, action: { kind: 'narrow', profiles } });
      }
    }
  }

  // 3. What the steps leave, said plainly where it is not what was asked.
  const after = predicted();
  for (const exposure of after.profiles) {
    if (chosen.has(exposure.profile) && !exposure.open && toOpen.includes(exposure.profile)) {
      notes.push(`The target stays closed on the ${exposure.profile} profile: ${exposure.explanation}`);
    } else if (
      exposure.open &&
      (exposure.reason === 'firewall-off' || exposure.reason === 'default-inbound-allow')
    ) {
      notes.push(`No rule change closes this on the ${exposure.profile} profile: ${exposure.explanation}`);
    }
  }

  const steps = [...actions.values()].map(({ rule, action }) => stepFor(rule, action, need.allowFrom, scope));
  return {
    steps,
    notLocal: [...new Set(notLocal)],
    problems,
    notes,
    openAfter: after.profiles.filter((exposure) => exposure.open).map((exposure) => exposure.profile),
  };
}

/** The store with local rules replaced by predicted rule strings (keyed by upper-cased rule id). */
function withPredictedRules(
  store: FirewallStore,
  predicted: ReadonlyMap<string, string>,
): FirewallStore['rules'] {
  return store.rules.map((stored) => {
    const rule = stored.store === 'local' ? predicted.get(stored.id.toUpperCase()) : undefined;
    return rule === undefined ? stored : { ...stored, rule: parseFirewallRule(rule) };
  });
}

/** The profiles a target is open on once these steps have run (their predicted rule strings), in profile order. */
export function openProfilesAfter(
  target: FirewallChange['target'],
  steps: readonly FirewallRuleStep[],
  snapshots: readonly KeySnapshot[],
): FirewallProfile[] {
  const store = readFirewallStore(snapshots);
  const rules = withPredictedRules(
    store,
    new Map(steps.map((step) => [step.ruleId.toUpperCase(), step.expectedRule])),
  );
  const exposure = analyzeExposure({ ...store, rules }).targets.find(
    (candidate) => candidate.target.id === EXPOSURE_TARGET[target],
  )!;
  return exposure.profiles.filter((profile) => profile.open).map((profile) => profile.profile);
}
