import { readFile } from 'node:fs/promises';
import { parseRegFile } from '../domain/regfile/index';
import { SimulatedRegistry, type SimulatedRegistryOptions } from './simulated';

export const MACHINE_PROFILES = ['stock', 'legacy', 'gpo-managed'] as const;
export type MachineProfile = (typeof MACHINE_PROFILES)[number];

/**
 * Where the profile fixtures live: next to this module in the sources, and at out/main/machines/ next to the built
 * main bundle (the build copies them there).
 */
export const MACHINES_DIRECTORY = new URL('./machines/', import.meta.url);

export async function readMachineProfile(profile: MachineProfile): Promise<Uint8Array> {
  return new Uint8Array(await readFile(new URL(`${profile}.reg`, MACHINES_DIRECTORY)));
}

/** A simulated machine seeded from one profile fixture. */
export async function openSimulatedMachine(
  profile: MachineProfile,
  options: Omit<SimulatedRegistryOptions, 'description'> = {},
): Promise<SimulatedRegistry> {
  const seed = parseRegFile(await readMachineProfile(profile));
  return new SimulatedRegistry([seed], { ...options, description: `simulated: ${profile}` });
}
