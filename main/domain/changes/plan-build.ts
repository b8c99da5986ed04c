/** Builds a plan from a profile's audit and the admin's extra changes: value writes, firewall steps, diff. */
import { runAudit, type Change, type Finding } from '../audit/index';
import { findSetting } from '../catalog/index';
import type { CatalogSetting } from '../catalog/types';
import type { FirewallProfile } from '../firewall/rule-string';
import type { Profile } from '../profiles/index';
import type { KeySnapshot } from '../registry-port/types';
import { fromJsonValue } from '../audit/snapshots';
import type {
  FirewallChange,
  Plan,
  PlanTarget,
  PlanWarning,
  SettingDiff,
  SkippedSetting,
  ValueChange,
} from './model';
import { defaultSddlOf, diffLines } from './plan-diff';
import {
  checkOpenProfiles,
  oneStepPerRule,
  openingChange,
  planFirewallFor,
  withFirewallLines,
  type OpenAfter,
} from './plan-firewall';
import { warningsFor } from './warnings';
import { createdKeysFor, indexSnapshots, sameValue, valueIn } from './values';

export interface PlanContext {
  readonly id: string;
  readonly createdAt: string;
  readonly backend: string;
  /** The snapshots of ONE read of planKeys(). */
  readonly snapshots: readonly KeySnapshot[];
  /** stateFingerprint of those snapshots (hashing is the caller's: the domain has no crypto). */
  readonly fingerprint: string;
}

export interface ExtraChange {
  readonly change: Change | null;
  /** Why the setting is left out of the plan, if it is (Group Policy's, reported only). */
  readonly skip?: SkippedSetting;
  readonly managed: boolean;
  readonly setting: CatalogSetting;
  /** For a firewall edit that opens the target: the profiles chosen. */
  readonly profiles?: readonly FirewallProfile[];
}

/**
 * Why a finding's setting is left out, or null: a value Group Policy holds, or one only Group Policy sets, goes to
 * the GPO (reason 'policy-managed', which makes the engine refuse an edit of it); a reported-only setting is
 * 'not-supported'. `edited`: the admin asked for this setting, so it is left out even when it meets the edit.
 */
function skipFor(setting: CatalogSetting, finding: Finding, edited: boolean): SkippedSetting | null {
  if (finding.meetsProfile === true && !edited) return null;
  const common = { settingId: setting.id, title: setting.title };
  if (finding.remedy === 'group-policy') {
    if (setting.remedy !== 'group-policy') {
      return {
        ...common,
        reason: 'policy-managed',
        message: `${setting.title} is set by Group Policy, which takes precedence over the local value: it is left out; change the GPO instead${setting.groupPolicy ? ` (${setting.groupPolicy})` : ''}.`,
      };
    }
    return {
      ...common,
      reason: 'policy-managed',
      message:
        `${setting.title} exists only as a Group Policy value and is left out. ${finding.remedyHint ?? ''}`.trim(),
    };
  }
  // A reported-only setting is listed only when it is known to fall short (plans do not read its keys).
  if (finding.remedy === 'manual') {
    if (finding.meetsProfile !== false) return null;
    return {
      ...common,
      reason: 'not-supported',
      message: `${setting.title} is reported only and left out. ${finding.remedyHint ?? ''}`.trim(),
    };
  }
  return null;
}

/** The registry writes and deletes of one change that would alter a value. */
function valueChangesFor(
  setting: CatalogSetting,
  change: Change,
  find: ReturnType<typeof indexSnapshots>,
): ValueChange[] {
  const mine: ValueChange[] = [];
  for (const write of change.registryWrites) {
    const before = valueIn(find(write.key), write.name);
    const after = fromJsonValue(write.value, `${write.key}\\${write.name}`);
    if (sameValue(before, after)) continue;
    mine.push({
      settingId: setting.id,
      key: write.key,
      name: write.name,
      action: 'write',
      type: after.type,
      before,
      after,
    });
  }
  for (const deletion of change.registryDeletes) {
    const before = valueIn(find(deletion.key), deletion.name);
    if (before === null) continue;
    mine.push({
      settingId: setting.id,
      key: deletion.key,
      name: deletion.name,
      action: 'delete',
      type: before.type,
      before,
      after: null,
    });
  }
  return mine;
}

export function buildPlan(
  target: PlanTarget,
  profile: Profile,
  extra: readonly ExtraChange[],
  firewallProfiles: ReadonlyMap<string, readonly FirewallProfile[]>,
  groupPolicyOnly: ReadonlySet<string>,
  context: PlanContext,
): Plan {
  const find = indexSnapshots(context.snapshots);
  const report = runAudit(context.snapshots, profile);
  const work: ExtraChange[] = [...extra];
  for (const finding of report.findings) {
    const setting = findSetting(finding.settingId);
    if (!setting) continue;
    const profiles = firewallProfiles.get(setting.id);
    const opening =
      profiles !== undefined && setting.kind === 'firewall-exposure' && finding.verdict !== 'unreadable';
    const skip = skipFor(setting, finding, groupPolicyOnly.has(setting.id));
    work.push({
      change: opening ? openingChange(setting, finding, profile.managementScope, profiles) : finding.change,
      ...(skip ? { skip } : {}),
      managed: skip !== null,
      setting,
      ...(opening ? { profiles } : {}),
    });
  }
  // Rules a closing firewall change disables: disabling wins, so they open nothing for another target's edit.
  const disabledByClosing = new Set(
    work.flatMap(({ change, managed }) =>
      !managed && change?.firewall && change.firewall.allowFrom.length === 0
        ? change.firewall.rules.map((id) => id.toUpperCase())
        : [],
    ),
  );
  /** Per firewall edit with chosen profiles: its target and the profiles its own steps leave it open on. */
  const openAfter = new Map<string, OpenAfter>();

  const valueChanges: ValueChange[] = [];
  const firewallChanges: FirewallChange[] = [];
  const skipped: SkippedSetting[] = [];
  const warnings: PlanWarning[] = [];
  const diff: SettingDiff[] = [];
  const unreadable = new Map(
    report.findings.filter((f) => f.verdict === 'unreadable').map((f) => [f.settingId, f]),
  );

  for (const { change, skip, managed, setting, profiles } of work) {
    if (managed) {
      skipped.push(
        skip ?? {
          settingId: setting.id,
          title: setting.title,
          reason: 'policy-managed',
          message: `${setting.title} is set by Group Policy, which takes precedence over the local value: it is left out; change the GPO instead.`,
        },
      );
      continue;
    }
    if (!change) {
      const finding: Finding | undefined = unreadable.get(setting.id);
      if (finding && setting.kind === 'firewall-exposure') {
        skipped.push({
          settingId: setting.id,
          title: setting.title,
          reason: 'unreadable',
          message: finding.explanation,
        });
      }
      continue;
    }
    const mine = valueChangesFor(setting, change, find);
    const planned = change.firewall
      ? planFirewallFor(setting, change.firewall, profiles, context.snapshots, disabledByClosing)
      : null;
    const firewall = planned?.changes ?? [];
    if (planned?.openAfter) openAfter.set(setting.id, planned.openAfter);
    skipped.push(...(planned?.skipped ?? []));
    if (mine.length === 0 && firewall.length === 0) continue;
    valueChanges.push(...mine);
    firewallChanges.push(...firewall);
    warnings.push(...warningsFor(setting, mine, firewall, defaultSddlOf(setting)), ...(planned?.notes ?? []));
    diff.push({
      settingId: setting.id,
      title: setting.title,
      from: change.from,
      to: change.to,
      // Firewall lines are added once every rule has its one step (below).
      lines: mine.flatMap((value) => diffLines(setting, value)),
      restartRequired: setting.restartRequired,
    });
  }

  const finalFirewall = checkOpenProfiles(oneStepPerRule(firewallChanges), openAfter, context.snapshots);

  return {
    id: context.id,
    createdAt: context.createdAt,
    target,
    backend: context.backend,
    keysRead: context.snapshots.map((snapshot) => snapshot.path),
    fingerprint: context.fingerprint,
    valueChanges,
    firewallChanges: finalFirewall,
    createdKeys: createdKeysFor(valueChanges, context.snapshots),
    skipped,
    warnings,
    diff: withFirewallLines(diff, firewallChanges, finalFirewall),
  };
}
