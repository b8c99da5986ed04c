/** A simulated machine with a handful of DCOM applications, for the tests of `appid set` planning and applying. */
import { sddlToHex } from '../../../main/domain/descriptors/index';
import { hexToBytes } from '../../../main/domain/descriptors/hex';
import { parseRegFile, type RegFileBlock } from '../../../main/domain/regfile/index';
import type { RegistryValue } from '../../../main/domain/registry-port/types';
import { readMachineProfile } from '../../../main/registry/machines';
import { SimulatedRegistry, type SimulatedRegistryOptions } from '../../../main/registry/simulated';

export const ROOT = 'HKLM\\SOFTWARE\\Classes\\AppID';
export const ROOT32 = 'HKLM\\SOFTWARE\\WOW6432Node\\Classes\\AppID';

/** A local server running as the launching user, with its own access and launch permissions. */
export const REPORT = '{11111111-2222-3333-4444-000000000001}';
/** Hosted by the Spooler service. */
export const SERVICE_HOSTED = '{11111111-2222-3333-4444-000000000002}';
/** Registered in the 32-bit view only. */
export const ONLY_32 = '{11111111-2222-3333-4444-000000000003}';
/** Already runs as Network Service (spelled in lower case, as some installers write it). */
export const NETWORK = '{11111111-2222-3333-4444-000000000004}';

/** Everyone may call it remotely: the grant an admin leaves to make callbacks work. */
export const REPORT_ACCESS = 'O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;BA)';
export const REPORT_LAUNCH = 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;IU)';

export const sz = (data: string): RegistryValue => ({ type: 'REG_SZ', data });
export const sd = (sddl: string): RegistryValue => ({
  type: 'REG_BINARY',
  data: hexToBytes(sddlToHex(sddl)),
});

const key = (path: string, values: Record<string, RegistryValue>): RegFileBlock => ({
  kind: 'key',
  path,
  entries: Object.entries(values).map(([name, value]) => ({ kind: 'set' as const, name, value })),
});

export const APPLICATIONS: readonly RegFileBlock[] = [
  key(`${ROOT}\\${REPORT}`, {
    '': sz('Report Server'),
    AccessPermission: sd(REPORT_ACCESS),
    LaunchPermission: sd(REPORT_LAUNCH),
  }),
  key(`${ROOT}\\${SERVICE_HOSTED}`, { '': sz('Print Helper'), LocalService: sz('Spooler') }),
  key(`${ROOT32}\\${ONLY_32}`, { '': sz('Legacy 32-bit Server') }),
  key(`${ROOT}\\${NETWORK}`, { RunAs: sz('nt authority\\networkservice') }),
  key(`${ROOT}\\report.exe`, { AppID: sz(REPORT) }),
  key(`${ROOT}\\dup.exe`, { AppID: sz(REPORT) }),
  key(`${ROOT32}\\dup.exe`, { AppID: sz(ONLY_32) }),
];

/** The weakened (legacy) machine with the applications above. */
export async function appIdMachine(options: SimulatedRegistryOptions = {}): Promise<SimulatedRegistry> {
  const seed = parseRegFile(await readMachineProfile('legacy'));
  return new SimulatedRegistry([seed, { blocks: [...APPLICATIONS] }], {
    description: 'simulated: legacy + applications',
    ...options,
  });
}
