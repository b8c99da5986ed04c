import type { RegistryChoiceSource } from '../contract/ipc';
import { MACHINE_PROFILES } from '../registry/machines';
import { formatRegistryChoice, parseRegistryChoice } from '../registry/select';

/**
 * The machine the preview runs on, from SINKGUARD_PREVIEW_MACHINE (default `simulated:stock`). Only a simulated
 * machine is accepted: the preview serves a loopback page, and must never reach a real registry.
 */
export function previewMachine(env: Readonly<Record<string, string | undefined>>): string {
  const given = env.SINKGUARD_PREVIEW_MACHINE ?? 'simulated:stock';
  const valid = ['simulated', ...MACHINE_PROFILES.map((profile) => `simulated:${profile}`)].join(', ');
  let choice;
  try {
    choice = parseRegistryChoice(given);
  } catch {
    throw new Error(`SINKGUARD_PREVIEW_MACHINE="${given}" names no machine; the preview runs on: ${valid}.`);
  }
  if (choice.kind !== 'simulated') {
    throw new Error(
      `The preview runs only on a simulated machine, never a real registry (SINKGUARD_PREVIEW_MACHINE="${given}"); choose one of: ${valid}.`,
    );
  }
  return formatRegistryChoice(choice);
}

/** What chose the preview's machine: SINKGUARD_PREVIEW_MACHINE, or nothing (the default, `simulated:stock`). */
export function previewMachineChosenBy(
  env: Readonly<Record<string, string | undefined>>,
): RegistryChoiceSource {
  return env.SINKGUARD_PREVIEW_MACHINE === undefined
    ? { kind: 'default' }
    : { kind: 'environment', name: 'SINKGUARD_PREVIEW_MACHINE' };
}
