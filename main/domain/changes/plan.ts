import type { KeySnapshot, RegistryValue } from '../registry-port/types';
import { auditKeys, runAudit, type Change, type Finding } from '../audit/index';
import { CATALOG, findSetting } from '../catalog/index';
import type { CatalogSetting, DescriptorSetting, SettingTarget } from '../catalog/types';
import { decodeSecurityDescriptor, encodeSecurityDescriptor } from '../descriptors/binary';
import { DEFAULT_COM_SDDL, describeComDiff } from '../descriptors/com';
import { DescriptorError } from '../descriptors/errors';
import { formatSddl, parseSddl } from '../descriptors/sddl';
import { FirewallChangeError } from '../firewall/commands';
import { FIREWALL_PROFILES, type FirewallProfile } from '../firewall/rule-string';
import { FirewallStoreError } from '../firewall/store';
import { ProfileError, scopeEntryProblem, validateProfile, type Profile } from '../profiles/index';
import { openProfilesAfter, planFirewallSteps } from './firewall';
import {
  PlanInputError,
  type FirewallChange,
  type Plan,
  type FirewallRuleStep,
  type PlanTarget,
  type PlanWarning,
  type SettingDiff,
  type SettingEdit,
  type SkippedSetting,
  type ValueChange,
} from './model';
import { comAclProblem } from './com-acl';
import { warningsFor } from './warnings';
import { fromJsonValue } from '../audit/snapshots';
import { ancestorsOf, foldPath, indexSnapshots, sameValue, showValue, valueIn } from './values';

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

export interface PlanContext {
  readonly id: string;
  readonly createdAt: string;
  readonly backend: string;
  /** The snapshots of ONE read of planKeys(). */
  readonly snapshots: readonly KeySnapshot[];
  /** stateFingerprint of those snapshots (hashing is the caller's: the domain has no crypto). */
  readonly fingerprint: string;
}

/** Plans reaching a profile (built-in or loaded from a file). */
export function planForProfile(profile: Profile, context: PlanContext): Plan {
  return buildPlan({ kind: 'profile', name: profile.name }, profile, [], new Map(), new Set(), context);
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

const FIREWALL_EDIT_SHAPE =
  'expected { "allowFrom": [addresses...], "profiles"?: ["Domain" | "Private" | "Public", ...] } (empty allowFrom = close)';

/** A firewall edit's value, checked: the scope (empty = close) and, for opening, the chosen profiles. */
function firewallEdit(
  settingId: string,
  value: unknown,
): { allowFrom: string[]; profiles: FirewallProfile[] | null } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new PlanInputError(settingId, FIREWALL_EDIT_SHAPE);
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => key !== 'allowFrom' && key !== 'profiles');
  if (unknown.length > 0)
    throw new PlanInputError(
      settingId,
      `unexpected ${unknown.map((key) => JSON.stringify(key)).join(', ')}: ${FIREWALL_EDIT_SHAPE}`,
    );
  const allowFrom = record.allowFrom;
  if (!Array.isArray(allowFrom) || !allowFrom.every((entry): entry is string => typeof entry === 'string'))
    throw new PlanInputError(settingId, FIREWALL_EDIT_SHAPE);
  allowFrom.forEach((entry, index) => {
    const problem = scopeEntryProblem(entry);
    if (problem !== null) throw new PlanInputError(settingId, `allowFrom entry ${index + 1}: ${problem}`);
  });
  if (record.profiles === undefined) return { allowFrom, profiles: null };
  const given = record.profiles;
  if (!Array.isArray(given) || given.length === 0)
    throw new PlanInputError(settingId, 'profiles must be a non-empty list of Domain, Private and/or Public');
  const profiles: FirewallProfile[] = [];
  for (const entry of given) {
    const profile = FIREWALL_PROFILES.find((candidate) => candidate === entry);
    if (!profile)
      throw new PlanInputError(
        settingId,
        `unknown firewall profile ${JSON.stringify(entry)}: expected Domain, Private or Public`,
      );
    if (profiles.includes(profile)) throw new PlanInputError(settingId, `profile ${profile} is listed twice`);
    profiles.push(profile);
  }
  if (allowFrom.length === 0) {
    throw new PlanInputError(
      settingId,
      'profiles choose where to open the target, but an empty allowFrom closes it on every profile: leave profiles out to close it, or name the addresses to open it to',
    );
  }
  return { allowFrom, profiles: FIREWALL_PROFILES.filter((profile) => profiles.includes(profile)) };
}

/** A descriptor edit as the audit would spell the change; Group Policy is checked like the audit does. */
function descriptorEditChange(
  setting: DescriptorSetting,
  sddl: string,
  snapshots: readonly KeySnapshot[],
): { change: Change | null; managed: boolean; setting: DescriptorSetting } {
  let bytes: Uint8Array;
  try {
    const descriptor = parseSddl(sddl);
    const problem = comAclProblem(descriptor, setting.rights);
    if (problem !== null)
      throw new PlanInputError(
        setting.id,
        `not a descriptor COM accepts as ${setting.location.value}: ${problem}`,
      );
    bytes = encodeSecurityDescriptor(descriptor);
  } catch (error) {
    if (error instanceof DescriptorError)
      throw new PlanInputError(setting.id, `invalid SDDL: ${error.message}`);
    throw error;
  }
  const find = indexSnapshots(snapshots);
  const managed =
    setting.policy !== undefined && valueIn(find(setting.policy.key), setting.policy.value) !== null;
  const before = valueIn(find(setting.location.key), setting.location.value);
  const after: RegistryValue = { type: 'REG_BINARY', data: bytes };
  if (sameValue(before, after)) return { change: null, managed, setting };
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return {
    managed,
    setting,
    change: {
      settingId: setting.id,
      from: before === null ? 'not set (Windows default)' : describeDescriptor(before),
      to: formatSddl(parseSddl(sddl)),
      registryWrites: [
        { key: setting.location.key, name: setting.location.value, value: { type: 'REG_BINARY', data: hex } },
      ],
      registryDeletes: [],
      firewall: null,
    },
  };
}

function describeDescriptor(value: RegistryValue): string {
  if (value.type !== 'REG_BINARY') return showValue(value);
  try {
    return formatSddl(decodeSecurityDescriptor(value.data));
  } catch (error) {
    if (error instanceof DescriptorError) return `unreadable descriptor (${error.message})`;
    throw error;
  }
}

function defaultSddlOf(setting: CatalogSetting): string | null {
  return setting.kind === 'descriptor' ? DEFAULT_COM_SDDL[setting.windowsDefault] : null;
}

/** `- before` / `+ after` per value; principal by principal for descriptors. */
export function diffLines(setting: CatalogSetting, change: ValueChange): string[] {
  const where = `${change.key}\\${change.name}`;
  if (setting.kind === 'descriptor') {
    const fallback = defaultSddlOf(setting);
    const read = (value: RegistryValue | null) => {
      try {
        if (value?.type === 'REG_BINARY') return decodeSecurityDescriptor(value.data);
        return value === null && fallback !== null ? parseSddl(fallback) : null;
      } catch (error) {
        if (error instanceof DescriptorError) return null;
        throw error;
      }
    };
    const before = read(change.before);
    const after = read(change.after);
    const header = [
      `${where}:`,
      `  - ${change.before === null ? 'not set (Windows default)' : describeDescriptor(change.before)}`,
      `  + ${change.after === null ? 'not set (Windows default)' : describeDescriptor(change.after)}`,
    ];
    if (!before || !after) return header;
    return [...header, ...describeComDiff(before, after, setting.rights).map((line) => `    ${line}`)];
  }
  return [
    `${where}:`,
    `  - ${showValue(change.before)}`,
    `  + ${change.action === 'delete' ? '(deleted)' : showValue(change.after)}`,
  ];
}

interface ExtraChange {
  readonly change: Change | null;
  /** Why the setting is left out of the plan, if it is (Group Policy's, reported only). */
  readonly skip?: SkippedSetting;
  readonly managed: boolean;
  readonly setting: CatalogSetting;
  /** For a firewall edit that opens the target: the profiles chosen. */
  readonly profiles?: readonly FirewallProfile[];
}

const profileList = (profiles: readonly string[]): string =>
  `the ${profiles.join(', ')} profile${profiles.length === 1 ? '' : 's'}`;

/**
 * A firewall edit opening a target on chosen profiles, as a change: it is needed whether or not the audit finds the
 * target short (a target closed everywhere meets any scope, yet the admin asked to open it).
 */
function openingChange(
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

function buildPlan(
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
    const firewall: FirewallChange[] = [];
    const notes: PlanWarning[] = [];
    if (change.firewall) {
      try {
        const planned = planFirewallSteps(
          { ...change.firewall, profiles: profiles ?? null },
          context.snapshots,
          disabledByClosing,
        );
        if (planned.steps.length > 0) {
          firewall.push({
            settingId: setting.id,
            target: change.firewall.target,
            allowFrom: [...change.firewall.allowFrom],
            profiles: profiles ? [...profiles] : null,
            steps: planned.steps,
          });
        }
        if (planned.openAfter)
          openAfter.set(setting.id, { target: change.firewall.target, profiles: planned.openAfter });
        if (planned.notLocal.length > 0) {
          skipped.push({
            settingId: setting.id,
            title: setting.title,
            reason: 'policy-managed',
            message: `Rules ${planned.notLocal.join(', ')} are not in the local rule store (Group Policy rules): change the GPO for them.`,
          });
        }
        for (const problem of planned.problems)
          skipped.push({ settingId: setting.id, title: setting.title, ...problem });
        for (const message of planned.notes)
          notes.push({ settingId: setting.id, breaksCallbacks: false, message });
      } catch (error) {
        if (error instanceof FirewallStoreError) {
          skipped.push({
            settingId: setting.id,
            title: setting.title,
            reason: 'unreadable',
            message: `The firewall configuration could not be read: ${error.message}.`,
          });
        } else {
          if (!(error instanceof FirewallChangeError)) throw error;
          skipped.push({
            settingId: setting.id,
            title: setting.title,
            reason: 'not-supported',
            message: error.message,
          });
        }
      }
    }
    if (mine.length === 0 && firewall.length === 0) continue;
    valueChanges.push(...mine);
    firewallChanges.push(...firewall);
    warnings.push(...warningsFor(setting, mine, firewall, defaultSddlOf(setting)), ...notes);
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
  const ran = new Map(
    finalFirewall.flatMap((change) =>
      change.steps.map((step) => [step.ruleId.toUpperCase(), { step, settingId: change.settingId }] as const),
    ),
  );
  const titleOf = (settingId: string): string => findSetting(settingId)?.title ?? settingId;
  const ruleLabel = (step: FirewallRuleStep): string =>
    step.displayName === null ? step.ruleId : `"${step.displayName}" (${step.ruleId})`;
  const withFirewall = diff.map((item) => {
    const planned = firewallChanges.filter((change) => change.settingId === item.settingId);
    if (planned.length === 0) return item;
    const lines = planned.flatMap((fw) => [
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
    diff: withFirewall,
  };
}

/** For every written key that does not exist, its topmost missing ancestor (deleting it undoes the creation). */
export function createdKeysFor(changes: readonly ValueChange[], snapshots: readonly KeySnapshot[]): string[] {
  const find = indexSnapshots(snapshots);
  const created = new Map<string, string>();
  for (const change of changes) {
    if (change.action !== 'write' || find(change.key)?.exists) continue;
    let topmost = change.key;
    for (const ancestor of ancestorsOf(change.key)) {
      const snapshot = find(ancestor);
      if (!snapshot)
        throw new Error(`planning bug: the parent key ${ancestor} of ${change.key} was not read`);
      if (snapshot.exists) break;
      topmost = ancestor;
    }
    created.set(foldPath(topmost), topmost);
  }
  return [...created.values()];
}

/**
 * A rule that opens two targets (a port-range rule opens dynamic RPC and callbacks) gets one step: disabling wins
 * over narrowing, since closing is what the stricter setting asked for and it also satisfies the narrower one;
 * narrowing (scope and profiles) wins over only limiting the profiles. Among equals the first one stays.
 */
function oneStepPerRule(changes: readonly FirewallChange[]): FirewallChange[] {
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

interface OpenAfter {
  readonly target: FirewallChange['target'];
  readonly profiles: readonly FirewallProfile[];
}

/**
 * A rule can open more than one target (a port-range rule opens dynamic RPC and callbacks): once each rule has one
 * step, every target an admin opened on chosen profiles must still be open on exactly the profiles its own steps
 * left it open on; another target's edit of a shared rule must not quietly change that.
 */
function checkOpenProfiles(
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
