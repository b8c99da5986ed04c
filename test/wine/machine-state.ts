/**
 * What the Wine lane's change tests share: the keys a profile can touch, a prefix put in a simulated machine's state,
 * and that state read back independently of SinkGuard's adapter (the engine is the unit tests' engineFor).
 */
import { join } from 'node:path';
import type { RegistryPort } from '../../main/domain/registry-port/types';
import { writeRegFile } from '../../main/domain/regfile/index';
import { readMachineProfile, type MachineProfile } from '../../main/registry/machines';
import type { WinePrefix } from '../support/wine';

/** Every key a profile can touch, compared byte for byte through `wine reg export`. */
export const PROFILE_ROOTS: readonly string[] = [
  'HKLM\\SOFTWARE\\Microsoft\\Ole',
  'HKLM\\SOFTWARE\\Microsoft\\WBEM',
  'HKLM\\SOFTWARE\\Microsoft\\Rpc',
  'HKLM\\SOFTWARE\\Policies',
  'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess',
];

/**
 * `wine reg export` of every root, concatenated as hex (a missing root recorded as missing): the state compared
 * before and after, read by Wine's own reg.exe rather than the adapter under test.
 */
export async function exportedState(
  prefix: WinePrefix,
  scratch: string,
  roots: readonly string[] = PROFILE_ROOTS,
): Promise<string> {
  const parts: string[] = [];
  for (const [index, root] of roots.entries()) {
    const bytes = await prefix.exportKey(root, join(scratch, `state-${index}.reg`));
    parts.push(bytes ? Buffer.from(bytes).toString('hex') : `missing ${root}`);
  }
  return parts.join('\n');
}

/** Puts the prefix in a simulated machine's state: every profile root deleted, then the machine's .reg imported. */
export async function seedMachine(port: RegistryPort, machine: MachineProfile): Promise<void> {
  await port.importRegFile(
    writeRegFile({ blocks: PROFILE_ROOTS.map((path) => ({ kind: 'delete-key' as const, path })) }),
  );
  await port.importRegFile(await readMachineProfile(machine));
}
