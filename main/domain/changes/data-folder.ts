import { Control, DescriptorError, parseSddl, sidDisplayName } from '../descriptors/index';

/**
 * Whether SinkGuard may trust its data folder (%ProgramData%\SinkGuard): an elevated SinkGuard imports the .reg
 * backups it finds there, so anyone else able to write there could make it import anything into HKLM. The folder
 * must be owned by Administrators or SYSTEM, and no one else may be granted a right that writes, deletes or
 * changes permissions on it or on what it holds.
 */

export const SYSTEM_SID = 'S-1-5-18';
export const ADMINISTRATORS_SID = 'S-1-5-32-544';
const TRUSTED = new Set([SYSTEM_SID, ADMINISTRATORS_SID]);

/**
 * File and folder rights that change content or permissions: write data / add file (0x2), append / add
 * subfolder (0x4), write extended attributes (0x10), delete child (0x40), write attributes (0x100), DELETE,
 * WRITE_DAC, WRITE_OWNER, GENERIC_ALL, GENERIC_WRITE, MAXIMUM_ALLOWED.
 */
const WRITE_RIGHTS =
  0x2 | 0x4 | 0x10 | 0x40 | 0x100 | 0x10000 | 0x40000 | 0x80000 | 0x10000000 | 0x40000000 | 0x2000000;

const ALLOW_TYPES = new Set([
  'access-allowed',
  'access-allowed-object',
  'access-allowed-callback',
  'access-allowed-callback-object',
]);

/** Why the folder whose security descriptor is `sddl` (as `Get-Acl` prints it) is not safe; empty when it is. */
export function dataFolderProblems(sddl: string): string[] {
  let descriptor;
  try {
    descriptor = parseSddl(sddl.trim());
  } catch (error) {
    if (error instanceof DescriptorError) return [`its permissions could not be read (${error.message})`];
    throw error;
  }
  const problems: string[] = [];
  if (descriptor.owner === undefined || !TRUSTED.has(descriptor.owner)) {
    const owner = descriptor.owner === undefined ? 'no one' : principal(descriptor.owner);
    problems.push(`it is owned by ${owner}, not by Administrators or SYSTEM`);
  }
  if ((descriptor.control & Control.daclPresent) === 0 || descriptor.dacl === undefined) {
    problems.push('it has no access control list: everyone may write to it');
    return problems;
  }
  const granted = new Map<string, number>();
  for (const ace of descriptor.dacl.aces) {
    if (!ALLOW_TYPES.has(ace.type) || TRUSTED.has(ace.sid) || (ace.mask & WRITE_RIGHTS) === 0) continue;
    granted.set(ace.sid, (granted.get(ace.sid) ?? 0) | (ace.mask & WRITE_RIGHTS));
  }
  for (const [sid, mask] of granted)
    problems.push(`${principal(sid)} may write to it (rights 0x${mask.toString(16).padStart(8, '0')})`);
  return problems;
}

const principal = (sid: string): string => {
  const name = sidDisplayName(sid);
  return name === sid ? sid : `${name} (${sid})`;
};
