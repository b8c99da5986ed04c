/** How a plan shows a value change: `- before` / `+ after`, principal by principal for a descriptor. */
import type { CatalogSetting } from '../catalog/types';
import { decodeSecurityDescriptor } from '../descriptors/binary';
import { DEFAULT_COM_SDDL, describeComDiff, type ComAclKind } from '../descriptors/com';
import { DescriptorError } from '../descriptors/errors';
import { formatSddl, parseSddl } from '../descriptors/sddl';
import type { RegistryValue } from '../registry-port/types';
import { DESCRIPTOR_SIDE_WORDS } from './change-view';
import type { ValueChange } from './model';
import { showValue } from './values';

export function describeDescriptor(value: RegistryValue): string {
  if (value.type !== 'REG_BINARY') return showValue(value);
  try {
    return formatSddl(decodeSecurityDescriptor(value.data));
  } catch (error) {
    if (error instanceof DescriptorError) return `unreadable descriptor (${error.message})`;
    throw error;
  }
}

export function defaultSddlOf(setting: CatalogSetting): string | null {
  return setting.kind === 'descriptor' ? DEFAULT_COM_SDDL[setting.windowsDefault] : null;
}

/**
 * The COM ACL a setting's value holds, or null when it holds none: a catalog descriptor (absent: Windows' default),
 * or an AppID's AccessPermission / LaunchPermission (absent: the machine's DefaultAccessPermission / ...Launch...).
 */
export function comValueOf(
  setting: CatalogSetting,
  valueName: string,
): { kind: ComAclKind; fallbackSddl: string | null; absent: 'windows-default' | 'machine-default' } | null {
  if (setting.kind === 'descriptor')
    return { kind: setting.rights, fallbackSddl: defaultSddlOf(setting), absent: 'windows-default' };
  if (setting.kind !== 'appid-permissions') return null;
  const name = valueName.toUpperCase();
  if (name === setting.values.accessPermission.toUpperCase())
    return { kind: 'access', fallbackSddl: null, absent: 'machine-default' };
  if (name === setting.values.launchPermission.toUpperCase())
    return { kind: 'launch', fallbackSddl: null, absent: 'machine-default' };
  return null;
}

/** `- before` / `+ after` per value; principal by principal for descriptors. */
export function diffLines(setting: CatalogSetting, change: ValueChange): string[] {
  const where = `${change.key}\\${change.name}`;
  const acl = comValueOf(setting, change.name);
  if (acl) {
    const fallback = acl.fallbackSddl;
    const absent = DESCRIPTOR_SIDE_WORDS[acl.absent];
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
      `  - ${change.before === null ? absent : describeDescriptor(change.before)}`,
      `  + ${change.after === null ? absent : describeDescriptor(change.after)}`,
    ];
    if (!before || !after) return header;
    return [...header, ...describeComDiff(before, after, acl.kind).map((line) => `    ${line}`)];
  }
  return [
    `${where}:`,
    `  - ${showValue(change.before)}`,
    `  + ${change.action === 'delete' ? '(deleted)' : showValue(change.after)}`,
  ];
}
