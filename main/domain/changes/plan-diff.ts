/** How a plan shows a value change: `- before` / `+ after`, principal by principal for a descriptor. */
import type { CatalogSetting } from '../catalog/types';
import { decodeSecurityDescriptor } from '../descriptors/binary';
import { DEFAULT_COM_SDDL, describeComDiff } from '../descriptors/com';
import { DescriptorError } from '../descriptors/errors';
import { formatSddl, parseSddl } from '../descriptors/sddl';
import type { RegistryValue } from '../registry-port/types';
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
