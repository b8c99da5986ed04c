import { parseRegFile } from '../domain/regfile/index';
import { extraAppIdTree } from './appid-tree';
import { SimulatedRegistry, type SimulatedRegistryOptions } from './simulated';

export const MACHINE_PROFILES = ['stock', 'legacy', 'gpo-managed'] as const;
export type MachineProfile = (typeof MACHINE_PROFILES)[number];

/** The fixtures' folder in the source tree, for tests and tools that need the files themselves (`reg import`). */
export const MACHINES_DIRECTORY = new URL('./machines/', import.meta.url);

/**
 * The profile fixtures (main/registry/machines/*.reg, UTF-16LE exactly as `reg export` writes them) are embedded in
 * the bundle (base64, see vite.plugins.ts), so the CLI, the preview and the packaged app need no files beside them.
 */
const FIXTURES = import.meta.glob<string>('./machines/*.reg', {
  query: '?base64',
  import: 'default',
  eager: true,
});

export async function readMachineProfile(profile: MachineProfile): Promise<Uint8Array> {
  const base64 = FIXTURES[`./machines/${profile}.reg`];
  if (base64 === undefined) throw new Error(`No simulated machine fixture for "${profile}".`);
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

export interface SimulatedMachineOptions extends Omit<SimulatedRegistryOptions, 'description'> {
  /** Generated DCOM applications added to the fixture's (a 2,000-AppID machine for the e2e and benchmarks). */
  readonly extraAppIds?: number;
}

/** A simulated machine seeded from one profile fixture (and, if asked, that many more AppIDs). */
export async function openSimulatedMachine(
  profile: MachineProfile,
  { extraAppIds = 0, ...options }: SimulatedMachineOptions = {},
): Promise<SimulatedRegistry> {
  const seed = parseRegFile(await readMachineProfile(profile));
  const extra = extraAppIds > 0 ? [{ blocks: extraAppIdTree(extraAppIds) }] : [];
  const description = `simulated: ${profile}${extraAppIds > 0 ? ` (+${extraAppIds} generated AppIDs)` : ''}`;
  return new SimulatedRegistry([seed, ...extra], { ...options, description });
}
