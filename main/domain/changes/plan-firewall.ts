/** The firewall side of a plan: steps per setting, one step per rule, profiles kept, and their diff lines. */
import type { Change, Finding } from '../audit/index';
import { findSetting } from '../catalog/index';
import type { CatalogSetting } from '../catalog/types';
import { FirewallChangeError } from '../firewall/commands';
import type { FirewallProfile } from '../firewall/rule-string';
import { FirewallStoreError } from '../firewall/store';
import type { KeySnapshot } from '../registry-port/types';
import { openProfilesAfter, planFirewallSteps } from './firewall';
import {
  PlanInputError,
  type FirewallChange,
  type FirewallRuleStep,
  type PlanWarning,
  type SettingDiff,
  type SkippedSetting,
} from './model';

export const profileList = (profiles: readonly string[]): string =>
  `the ${profiles.join(', ')} profile${profiles.length === 1 ? '' : 's'}`;

/**
 * A firewall edit opening a target on chosen profiles, as a change: it is needed whether or not the audit finds the
 * target short (a target closed everywhere meets any scope, yet the admin asked to open it).
 */
export function openingChange(
  setting: CatalogSetting & { kind: 'firewall-exposure' },
  finding: Finding,
  scope: readonly string[],
  profiles: readonly FirewallProfile[],
): Change {
  return {
    settingId: setting.id,
    from: finding.change?.from ?? finding.effective.display,
    to: `open only from ${scope.join(', ')} on ${profileList(profiles)}`,
    registryWrites: [],
    registryDeletes: [],
    firewall: {
      target: setting.target,
      allowFrom: [...scope],
      rules: finding.change?.firewall?.rules ?? [],
    },
  };
}

export interface OpenAfter {
  readonly target: FirewallChange['target'];
  readonly profiles: readonly FirewallProfile[];
}

/** One setting's planned firewall change: its steps, the profiles it leaves open, and what is left out and why. */
export interface PlannedFirewall {
  readonly changes: FirewallChange[];
  readonly openAfter: OpenAfter | null;
  readonly skipped: SkippedSetting[];
  readonly notes: PlanWarning[];
}

/** Plans one setting's firewall change; an unreadable store or an impossible change is reported, not thrown. */
export function planFirewallFor(
  setting: CatalogSetting,
  wanted: NonNullable<Change['firewall']>,
  profiles: readonly FirewallProfile[] | undefined,
  snapshots: readonly KeySnapshot[],
  disabledByClosing: ReadonlySet<string>,
): PlannedFirewall {
  const result: PlannedFirewall = { changes: [], openAfter: null, skipped: [], notes: [] };
  const common = { settingId: setting.id, title: setting.title };
  try {
    const planned = planFirewallSteps(
      { ...wanted, profiles: profiles ?? null },
      snapshots,
      disabledByClosing,
    );
    if (planned.steps.length > 0) {
      result.changes.push({
        settingId: setting.id,
        target: wanted.target,
        allowFrom: [...wanted.allowFrom],
        profiles: profiles ? [...profiles] : null,
        steps: planned.steps,
      });
    }
    if (planned.notLocal.length > 0) {
      result.skipped.push({
        ...common,
        reason: 'policy-managed',
        message: `Rules ${planned.notLocal.join(', ')} are not in the local rule store (Group Policy rules): change the GPO for them.`,
      });
    }
    for (const problem of planned.problems) result.skipped.push({ ...common, ...problem });
    for (const message of planned.notes)
      result.notes.push({ settingId: setting.id, breaksCallbacks: false, message });
    return planned.openAfter
      ? { ...result, openAfter: { target: wanted.target, profiles: planned.openAfter } }
      : result;
  } catch (error) {
    if (error instanceof FirewallStoreError) {
      result.skipped.push({
        ...common,
        reason: 'unreadable',
        message: `The firewall configuration could not be read: ${error.message}.`,
      });
    } else {
      if (!(error instanceof FirewallChangeError)) throw error;
      result.skipped.push({ ...common, reason: 'not-supported', message: error.message });
    }
    return result;
  }
}

/**
 * A rule that opens two targets (a port-range rule opens dynamic RPC and callbacks) gets one step: disabling wins
 * over narrowing, since closing is what the stricter setting asked for and it also satisfies the narrower one;
 * narrowing (scope and profiles) wins over only limiting the profiles. Among equals the first one stays.
 */
export function oneStepPerRule(changes: readonly FirewallChange[]): FirewallChange[] {
  const rank = (step: FirewallChange['steps'][number]): number =>
    step.expected.kind !== 'rule-properties' ? 0 : !step.expected.active ? 2 : step.expected.scope ? 1 : 0;
  const chosen = new Map<string, FirewallChange['steps'][number]>();
  for (const step of changes.flatMap((change) => change.steps)) {
    const key = step.ruleId.toUpperCase();
    const existing = chosen.get(key);
    if (!existing || rank(step) > rank(existing)) chosen.set(key, step);
  }
  const used = new Set<FirewallChange['steps'][number]>();
  return changes
    .map((change) => ({
      ...change,
      steps: change.steps.filter((step) => {
        const keep = chosen.get(step.ruleId.toUpperCase()) === step && !used.has(step);
        if (keep) used.add(step);
        return keep;
      }),
    }))
    .filter((change) => change.steps.length > 0);
}

/**
 * A rule can open more than one target (a port-range rule opens dynamic RPC and callbacks): once each rule has one
 * step, every target an admin opened on chosen profiles must still be open on exactly the profiles its own steps
 * left it open on; another target's edit of a shared rule must not quietly change that.
 */
export function checkOpenProfiles(
  changes: readonly FirewallChange[],
  openAfter: ReadonlyMap<string, OpenAfter>,
  snapshots: readonly KeySnapshot[],
): FirewallChange[] {
  if (openAfter.size === 0) return [...changes];
  const all = changes.flatMap((change) => change.steps);
  for (const [settingId, { target, profiles: own }] of openAfter) {
    const actual = openProfilesAfter(target, all, snapshots);
    if (actual.join(',') === own.join(',')) continue;
    const others = [
      ...new Set(changes.filter((other) => other.settingId !== settingId).map((other) => other.settingId)),
    ];
    throw new PlanInputError(
      settingId,
      `the firewall changes for ${others.join(', ') || 'other settings'} in this plan edit rules that also open this target, ` +
        `leaving it open on ${actual.length > 0 ? profileList(actual) : 'no profile'} instead of ${own.length > 0 ? profileList(own) : 'no profile'}: ` +
        'choose the same profiles for both targets, or change them one at a time',
    );
  }
  return [...changes];
}

/** Each setting's diff with its firewall lines, once every rule has its one step (`final`). */
export function withFirewallLines(
  diff: readonly SettingDiff[],
  planned: readonly FirewallChange[],
  final: readonly FirewallChange[],
): SettingDiff[] {
  const ran = new Map(
    final.flatMap((change) =>
      change.steps.map((step) => [step.ruleId.toUpperCase(), { step, settingId: change.settingId }] as const),
    ),
  );
  const titleOf = (settingId: string): string => findSetting(settingId)?.title ?? settingId;
  const ruleLabel = (step: FirewallRuleStep): string =>
    step.displayName === null ? step.ruleId : `"${step.displayName}" (${step.ruleId})`;
  return diff.map((item) => {
    const mine = planned.filter((change) => change.settingId === item.settingId);
    if (mine.length === 0) return item;
    const lines = mine.flatMap((fw) => [
      ...(fw.profiles
        ? [`firewall: open only from ${fw.allowFrom.join(', ')} on ${profileList(fw.profiles)}`]
        : []),
      ...fw.steps.flatMap((step) => {
        const run = ran.get(step.ruleId.toUpperCase());
        if (run && run.step !== step) {
          // One command per rule: the rule also opens another target, whose step for it runs instead.
          return [
            `firewall rule ${ruleLabel(step)}: changed once, with ${titleOf(run.settingId)}:`,
            `  + ${run.step.expectedRule}`,
          ];
        }
        return [
          `firewall rule ${ruleLabel(step)}:`,
          `  - ${step.ruleBefore}`,
          `  + ${step.expectedRule}`,
          `  $ ${step.command.display}`,
        ];
      }),
    ]);
    return { ...item, lines: [...item.lines, ...lines] };
  });
}
