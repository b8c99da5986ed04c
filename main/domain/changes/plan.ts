import { auditKeys } from '../audit/index';
import { CATALOG, findSetting } from '../catalog/index';
import type { DescriptorSetting, SettingTarget } from '../catalog/types';
import type { FirewallProfile } from '../firewall/rule-string';
import { ProfileError, validateProfile, type Profile } from '../profiles/index';
import { PlanInputError, type AppIdRequest, type Plan, type SettingEdit } from './model';
import { withApplications } from './plan-appid';
import { buildPlan, type PlanContext } from './plan-build';
import { descriptorEditChange, firewallEdit } from './plan-edits';
import { ancestorsOf, foldPath } from './values';

// The pieces live beside this file; their names stay importable from here.
export { type PlanContext } from './plan-build';
export { diffLines } from './plan-diff';
export { createdKeysFor } from './values';

/**
 * Every key a plan reads, in one batch: what the audit reads, plus the parents of every key a setting lives in, so
 * the plan knows which keys a write would create (a `.reg` export of a missing key is impossible; restore deletes
 * them instead). The keys of reported-only settings are left out: no plan writes them, and the AppID key would cost
 * an export of every application (and make a plan stale whenever an installer registers one).
 */
export function planKeys(): string[] {
  const keys = new Map<string, string>();
  const add = (key: string): void => {
    if (!keys.has(foldPath(key))) keys.set(foldPath(key), key);
  };
  const reportedOnly = new Set(
    CATALOG.flatMap((setting) =>
      setting.remedy === 'manual' && 'key' in setting ? [foldPath(setting.key)] : [],
    ),
  );
  for (const key of auditKeys()) if (!reportedOnly.has(foldPath(key))) add(key);
  for (const key of [...keys.values()]) for (const ancestor of ancestorsOf(key)) add(ancestor);
  return [...keys.values()];
}

/**
 * Plans reaching a profile (built-in or loaded from a file). `applications`: the applications the profile names,
 * each resolved to its AppID key by the inventory, whose keys context.snapshots holds (appIdPlanKeys).
 */
export function planForProfile(
  profile: Profile,
  context: PlanContext,
  applications: readonly AppIdRequest[] = [],
): Plan {
  const plan = buildPlan({ kind: 'profile', name: profile.name }, profile, [], new Map(), new Set(), context);
  return withApplications(plan, applications, context.snapshots);
}

/**
 * Plans the admin's edits. Scalar, flag, RPC-port and firewall edits become a profile of their own and go through the
 * audit like any profile; a descriptor edit (an SDDL string) is written as given once COM would accept it. An edit of
 * a value only Group Policy sets is left out with the GPO to use (the engine then refuses the plan); per-application
 * settings are reported only and cannot be edited.
 */
export function planForEdits(edits: readonly SettingEdit[], context: PlanContext): Plan {
  const settings: Record<string, SettingTarget> = {};
  const descriptors: { setting: DescriptorSetting; sddl: string }[] = [];
  let managementScope: readonly string[] | null = null;
  const firewallProfiles = new Map<string, readonly FirewallProfile[]>();
  const seen = new Set<string>();
  const groupPolicyOnly = new Set<string>();
  for (const edit of edits) {
    const setting = findSetting(edit.settingId);
    if (!setting) throw new PlanInputError(edit.settingId, 'no such setting in the catalog');
    if (seen.has(setting.id)) throw new PlanInputError(setting.id, 'edited twice in one plan');
    seen.add(setting.id);
    if (setting.remedy === 'manual') {
      throw new PlanInputError(
        setting.id,
        `reported only: SinkGuard does not change it. ${setting.manualFix ?? ''}`.trim(),
      );
    }
    if (setting.remedy === 'group-policy') groupPolicyOnly.add(setting.id);
    const value = edit.value;
    switch (setting.kind) {
      case 'dword':
        if (typeof value !== 'number' || !setting.allowed.some((named) => named.value === value)) {
          throw new PlanInputError(
            setting.id,
            `${JSON.stringify(value)} is not allowed; expected one of ${setting.allowed.map((named) => `${named.value} (${named.name})`).join(', ')}`,
          );
        }
        settings[setting.id] = { equals: value };
        break;
      case 'flags': {
        const known = setting.flags.reduce((bits: number, flag) => bits | flag.value, 0);
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value & ~known) {
          throw new PlanInputError(
            setting.id,
            `${JSON.stringify(value)} is not allowed; expected a combination of ${setting.flags.map((flag) => `0x${flag.value.toString(16)} (${flag.name})`).join(', ')}`,
          );
        }
        // The whole value as given: every documented bit set or cleared.
        settings[setting.id] = {
          set: setting.flags.filter((flag) => value & flag.value).map((flag) => flag.name),
          clear: setting.flags.filter((flag) => !(value & flag.value)).map((flag) => flag.name),
        };
        break;
      }
      case 'yes-no':
        if (value !== 'Y' && value !== 'N')
          throw new PlanInputError(setting.id, `expected "Y" or "N", got ${JSON.stringify(value)}`);
        settings[setting.id] = { equals: value };
        break;
      case 'descriptor':
        if (typeof value !== 'string') throw new PlanInputError(setting.id, 'expected an SDDL string');
        descriptors.push({ setting, sddl: value });
        break;
      case 'rpc-ports':
        settings[setting.id] = value as SettingTarget;
        break;
      case 'appid-permissions':
        break;
      case 'firewall-exposure': {
        const { allowFrom, profiles } = firewallEdit(setting.id, value);
        if (managementScope && allowFrom.length > 0 && managementScope.join(',') !== allowFrom.join(',')) {
          throw new PlanInputError(setting.id, 'every firewall edit in one plan must allow the same scope');
        }
        if (allowFrom.length > 0) managementScope = allowFrom;
        if (profiles) firewallProfiles.set(setting.id, profiles);
        settings[setting.id] = { reachableFrom: allowFrom.length === 0 ? 'nowhere' : 'management-scope' };
        break;
      }
    }
  }
  let profile: Profile;
  try {
    profile = validateProfile(
      { name: 'edits', managementScope: managementScope ?? ['LocalSubnet'], settings },
      'edits',
    );
  } catch (error) {
    if (error instanceof ProfileError) {
      const settingId = CATALOG.find((setting) => error.field.includes(setting.id))?.id ?? error.field;
      throw new PlanInputError(settingId, error.reason);
    }
    throw error;
  }
  const extra = descriptors.map(({ setting, sddl }) =>
    descriptorEditChange(setting, sddl, context.snapshots),
  );
  return buildPlan({ kind: 'edits', edits }, profile, extra, firewallProfiles, groupPolicyOnly, context);
}
