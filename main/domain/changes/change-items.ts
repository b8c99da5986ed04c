import { namedValue } from '../catalog/constants';
import type { CatalogSetting } from '../catalog/types';
import { decodeSecurityDescriptor } from '../descriptors/binary';
import { COM_PERMISSIONS, comRightsView, type ComAclKind, type ComPermission } from '../descriptors/com';
import { DescriptorError } from '../descriptors/errors';
import type { SecurityDescriptor } from '../descriptors/model';
import { parseSddl } from '../descriptors/sddl';
import { sidDisplayName } from '../descriptors/sid';
import { formatAddressEntry } from '../firewall/addresses';
import { FIREWALL_PROFILES, parseFirewallRule, type FirewallRule } from '../firewall/rule-string';
import type { RegistryValue } from '../registry-port/types';
import { appIdValueSide } from './appid-words';
import type { DescriptorItem, PrincipalRow, RightState, RuleItem, ValueItem } from './change-view';
import { comValueOf } from './plan-diff';

/** The items of a change view, built from what a plan or a restore changes (values and rule strings). */

type Sides = { readonly before: RegistryValue | null; readonly after: RegistryValue | null };

function readDescriptor(
  value: RegistryValue | null,
  fallback: string | null,
  absent: 'windows-default' | 'machine-default',
): { side: DescriptorItem['before']; sd: SecurityDescriptor | null } {
  try {
    if (value === null) {
      // The machine's default is another value, not read with this one: its principals are not listed.
      if (absent === 'machine-default') return { side: 'machine-default', sd: null };
      return fallback === null
        ? { side: 'unreadable', sd: null }
        : { side: 'windows-default', sd: parseSddl(fallback) };
    }
    if (value.type === 'REG_BINARY') return { side: 'set', sd: decodeSecurityDescriptor(value.data) };
    if (value.type === 'REG_SZ') return { side: 'set', sd: parseSddl(value.data) };
  } catch (error) {
    if (!(error instanceof DescriptorError)) throw error;
  }
  return { side: 'unreadable', sd: null };
}

/**
 * A COM descriptor's change as a principal × rights table: every principal either side, each right before → after.
 * An absent value is Windows' default (`fallbackSddl`) or, for an AppID's permission, the machine's default.
 */
export function descriptorItem(
  valueName: string,
  kind: ComAclKind,
  change: Sides,
  fallbackSddl: string | null,
  absent: 'windows-default' | 'machine-default' = 'windows-default',
): DescriptorItem {
  const before = readDescriptor(change.before, fallbackSddl, absent);
  const after = readDescriptor(change.after, fallbackSddl, absent);
  const columns = COM_PERMISSIONS[kind];
  const view = (sd: SecurityDescriptor | null) =>
    new Map(sd ? comRightsView(sd, kind).map((r) => [r.sid, r]) : []);
  const [was, now] = [view(before.sd), view(after.sd)];
  const state = (
    rights: ReturnType<typeof comRightsView>[number] | undefined,
    permission: ComPermission,
  ): RightState =>
    rights?.deny.includes(permission) ? 'deny' : rights?.allow.includes(permission) ? 'allow' : 'none';
  const rows: PrincipalRow[] = [...new Set([...was.keys(), ...now.keys()])].map((sid) => {
    const cells = columns.map(({ permission }) => ({
      before: state(was.get(sid), permission),
      after: state(now.get(sid), permission),
    }));
    const status: PrincipalRow['status'] = !was.has(sid)
      ? 'added'
      : !now.has(sid)
        ? 'removed'
        : cells.some((cell) => cell.before !== cell.after)
          ? 'changed'
          : 'unchanged';
    return { sid, name: sidDisplayName(sid), status, cells };
  });
  const notes: string[] = [];
  const name = (sid: string | undefined) => (sid === undefined ? '(none)' : sidDisplayName(sid));
  if (before.sd && after.sd && before.sd.owner !== after.sd.owner)
    notes.push(`Owner: ${name(before.sd.owner)} → ${name(after.sd.owner)}`);
  if (before.sd && after.sd && before.sd.group !== after.sd.group)
    notes.push(`Group: ${name(before.sd.group)} → ${name(after.sd.group)}`);
  return {
    kind: 'descriptor',
    value: valueName,
    columns: columns.map((column) => column.label),
    before: before.side,
    after: after.side,
    rows,
    notes,
  };
}

/** A value as the admin reads it, without the registry type: `5`, `"Y"`, `5000-5100, 6000`, `64 bytes`. */
function plainValue(value: RegistryValue): string {
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return value.data;
    case 'REG_MULTI_SZ':
      return value.data.join(', ');
    case 'REG_DWORD':
      return String(value.data);
    case 'REG_QWORD':
      return value.data.toString();
    case 'REG_BINARY':
    case 'REG_OTHER':
      return `${value.data.length} bytes`;
  }
}

/** One side of a scalar value in the catalog's words: the constant's name and what it means. */
function valueSide(
  setting: CatalogSetting | undefined,
  valueName: string,
  value: RegistryValue | null,
): ValueItem['before'] {
  if (setting?.kind === 'appid-permissions') {
    const words = appIdValueSide(setting, valueName, value);
    if (words) return words;
  }
  if (value === null) return { shown: 'not set', meaning: setting?.whenAbsent.meaning ?? null };
  if (setting?.kind === 'dword' && value.type === 'REG_DWORD') {
    const named = namedValue(setting.allowed, value.data);
    return named
      ? { shown: `${value.data} (${named.name})`, meaning: named.meaning }
      : { shown: String(value.data), meaning: null };
  }
  if (setting?.kind === 'yes-no' && (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ')) {
    const named = namedValue(setting.allowed, value.data.toUpperCase() as 'Y' | 'N');
    return { shown: value.data, meaning: named?.meaning ?? null };
  }
  if (setting?.kind === 'flags' && value.type === 'REG_DWORD') {
    const set = setting.flags.filter((flag) => value.data & flag.value).map((flag) => flag.name);
    return { shown: `${value.data} (${set.length > 0 ? set.join(', ') : 'no flags set'})`, meaning: null };
  }
  return { shown: plainValue(value), meaning: null };
}

/** A scalar value's change by the setting's name for it and the meaning of each side. */
export function valueItem(setting: CatalogSetting | undefined, valueName: string, change: Sides): ValueItem {
  return {
    kind: 'value',
    value: valueName === '' ? '(Default)' : valueName,
    before: valueSide(setting, valueName, change.before),
    after: valueSide(setting, valueName, change.after),
  };
}

/** The descriptor item for a COM ACL value (a catalog descriptor, an AppID's permission), else a value item. */
export function settingValueItem(
  setting: CatalogSetting | undefined,
  valueName: string,
  change: Sides,
): DescriptorItem | ValueItem {
  const acl = setting ? comValueOf(setting, valueName) : null;
  if (acl) return descriptorItem(valueName, acl.kind, change, acl.fallbackSddl, acl.absent);
  return valueItem(setting, valueName, change);
}

function parsed(rule: string | null): FirewallRule | null {
  if (rule === null) return null;
  try {
    return parseFirewallRule(rule);
  } catch {
    return null;
  }
}

const profilesOf = (rule: FirewallRule): string =>
  rule.profiles.length === FIREWALL_PROFILES.length ? 'All' : rule.profiles.join(', ');

const RULE_FIELDS: readonly { field: string; read: (rule: FirewallRule) => string }[] = [
  { field: 'Enabled', read: (rule) => (rule.active ? 'Yes' : 'No') },
  { field: 'Action', read: (rule) => rule.action },
  {
    field: 'Remote addresses',
    read: (rule) =>
      rule.remoteAddresses === 'any'
        ? 'Any'
        : [...new Set(rule.remoteAddresses.map((entry) => formatAddressEntry(entry)))].join(', '),
  },
  { field: 'Profiles', read: profilesOf },
];

/** A firewall rule's change by display name and group, with the fields that change. */
export function ruleItem(ruleId: string, before: string | null, after: string | null): RuleItem {
  const [was, now] = [parsed(before), parsed(after)];
  const shown = now ?? was;
  const fields = RULE_FIELDS.flatMap(({ field, read }) => {
    const [from, to] = [was ? read(was) : '—', now ? read(now) : '—'];
    return from === to ? [] : [{ field, before: from, after: to }];
  });
  return {
    kind: 'rule',
    ruleId,
    name: shown?.displayName ?? ruleId,
    group: shown?.displayGroup ?? null,
    profiles: shown ? profilesOf(shown) : null,
    change: before === null ? 'created' : after === null ? 'removed' : 'changed',
    fields,
  };
}
