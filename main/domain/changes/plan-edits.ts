/** The checks of an admin's edit values that the profile schema does not make: firewall scopes, descriptors. */
import type { Change } from '../audit/index';
import type { DescriptorSetting } from '../catalog/types';
import { encodeSecurityDescriptor } from '../descriptors/binary';
import type { ComAclKind } from '../descriptors/com';
import { DescriptorError } from '../descriptors/errors';
import { formatSddl, parseSddl } from '../descriptors/sddl';
import { FIREWALL_PROFILES, type FirewallProfile } from '../firewall/rule-string';
import { scopeEntryProblem } from '../profiles/index';
import type { KeySnapshot, RegistryValue } from '../registry-port/types';
import { comAclProblem } from './com-acl';
import { PlanInputError } from './model';
import { describeDescriptor } from './plan-diff';
import { indexSnapshots, sameValue, valueIn } from './values';

const FIREWALL_EDIT_SHAPE =
  'expected { "allowFrom": [addresses...], "profiles"?: ["Domain" | "Private" | "Public", ...] } (empty allowFrom = close)';

/** A firewall edit's value, checked: the scope (empty = close) and, for opening, the chosen profiles. */
export function firewallEdit(
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

/**
 * An SDDL edit of a COM ACL (`valueName`: MachineAccessRestriction, an AppID's AccessPermission...) as the bytes to
 * write; refused, naming `subject`, when it does not parse or COM would not accept it (comAclProblem).
 */
export function comAclBytes(sddl: string, kind: ComAclKind, valueName: string, subject: string): Uint8Array {
  try {
    const descriptor = parseSddl(sddl);
    const problem = comAclProblem(descriptor, kind);
    if (problem !== null)
      throw new PlanInputError(subject, `not a descriptor COM accepts as ${valueName}: ${problem}`);
    return encodeSecurityDescriptor(descriptor);
  } catch (error) {
    if (error instanceof DescriptorError) throw new PlanInputError(subject, `invalid SDDL: ${error.message}`);
    throw error;
  }
}

/** A descriptor edit as the audit would spell the change; Group Policy is checked like the audit does. */
export function descriptorEditChange(
  setting: DescriptorSetting,
  sddl: string,
  snapshots: readonly KeySnapshot[],
): { change: Change | null; managed: boolean; setting: DescriptorSetting } {
  const bytes = comAclBytes(sddl, setting.rights, setting.location.value, setting.id);
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
