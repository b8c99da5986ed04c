import { InvalidArgumentError, type Command } from 'commander';
import { RegistryError } from './errors';
import { windowsHost, wineHost } from './host';
import {
  MACHINE_PROFILES,
  openSimulatedMachine,
  type MachineProfile,
  type SimulatedMachineOptions,
} from './machines';
import { RegExeRegistry } from './reg-exe';
import { RegeditRegistry } from './regedit';
import type { RegistryPort } from './types';
import type { RegistryChoiceSource } from '../contract/ipc';

export type RegistryChoice =
  | { readonly kind: 'auto' }
  | { readonly kind: 'simulated'; readonly profile: MachineProfile }
  | { readonly kind: 'reg-exe' }
  | { readonly kind: 'regedit' };

/** Every spelling `--registry` accepts. */
export const REGISTRY_CHOICES: readonly string[] = [
  'auto',
  'simulated',
  ...MACHINE_PROFILES.map((profile) => `simulated:${profile}`),
  'reg-exe',
  'regedit',
];

/** A `--registry` value that names no backend; the message lists the valid ones. */
export class RegistryChoiceError extends Error {
  override readonly name = 'RegistryChoiceError';
  constructor(readonly choice: string) {
    super(`unknown registry backend '${choice}'; valid choices: ${REGISTRY_CHOICES.join(', ')}`);
  }
}

/** `simulated` alone means `simulated:stock`. Case and surrounding spaces are ignored. */
export function parseRegistryChoice(text: string): RegistryChoice {
  const normalized = text.trim().toLowerCase();
  if (normalized === 'auto' || normalized === 'reg-exe' || normalized === 'regedit')
    return { kind: normalized };
  const [kind, profile = 'stock'] = normalized.split(':', 2);
  if (
    kind === 'simulated' &&
    (MACHINE_PROFILES as readonly string[]).includes(profile) &&
    normalized.split(':').length <= 2
  ) {
    return { kind: 'simulated', profile: profile as MachineProfile };
  }
  throw new RegistryChoiceError(text);
}

export function formatRegistryChoice(choice: RegistryChoice): string {
  return choice.kind === 'simulated' ? `simulated:${choice.profile}` : choice.kind;
}

/**
 * Adds the shared `--registry <backend>` option to a command; the value arrives validated and normalised
 * (e.g. `simulated:stock`), and an unknown one stops the command with the list of valid choices. A null default
 * leaves the option unset when not given (for commands where another source, like `--reg-file`, may stand in).
 */
export function addRegistryOption(command: Command, defaultChoice: string | null = 'auto'): Command {
  return command.option(
    '--registry <backend>',
    `registry backend: ${REGISTRY_CHOICES.join(', ')} (auto: reg.exe from System32 on Windows, never regedit; ` +
      'the simulated stock machine elsewhere)',
    (value: string) => {
      try {
        return formatRegistryChoice(parseRegistryChoice(value));
      } catch (error) {
        throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
      }
    },
    defaultChoice ?? undefined,
  );
}

export interface OpenRegistryOptions {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Options for a simulated machine (elevation, fault injection). */
  readonly simulated?: SimulatedMachineOptions;
  /** Where `reg import`'s file is written: SinkGuard's locked-down data folder's (see importFolderIn). */
  readonly importFolder?: () => Promise<string>;
  /** Where `reg export` writes the files a read reads (see readFolderIn). */
  readonly readFolder?: () => Promise<string>;
  /** Replaces the regedit probe (tests). Resolves to the adapter, or rejects with why Windows Script Host failed. */
  readonly openRegedit?: (regExe: RegExeRegistry) => Promise<RegistryPort>;
}

export interface OpenedRegistry {
  readonly port: RegistryPort;
  readonly choice: RegistryChoice;
  /** Which backend is in use and why, in a sentence for the info page. */
  readonly reason: string;
  /** What chose it (the option, the environment variable, the settings, or the default). */
  readonly chosenBy: RegistryChoiceSource;
}

/** The `--registry` option: what chose the backend when a caller gives a choice and says nothing more. */
export const REGISTRY_OPTION: RegistryChoiceSource = { kind: 'option', name: '--registry' };

/** What chose the backend, in the words of the About page's reason. */
export function describeChoiceSource(source: RegistryChoiceSource): string {
  switch (source.kind) {
    case 'option':
      return `chosen with the ${source.name} option`;
    case 'environment':
      return `chosen with the ${source.name} environment variable`;
    case 'settings':
      return "chosen in SinkGuard's settings";
    case 'default':
      return "SinkGuard's default";
  }
}

/**
 * Opens the registry backend a `--registry` choice names. `auto`: on Windows reg.exe from System32 (never regedit,
 * which only runs when chosen); elsewhere the simulated stock machine. `source` says what made the choice (default:
 * the `--registry` option), carried to the About page as it is and in the reason's words.
 */
export async function openRegistry(
  choice: string | RegistryChoice,
  options: OpenRegistryOptions,
  source: RegistryChoiceSource = REGISTRY_OPTION,
): Promise<OpenedRegistry> {
  const parsed = typeof choice === 'string' ? parseRegistryChoice(choice) : choice;
  const chosenBy = describeChoiceSource(source);
  const onWindows = options.platform === 'win32';
  const regExe = (): RegExeRegistry =>
    new RegExeRegistry(onWindows ? windowsHost(options.env) : wineHost(options.env), {
      importFolder: options.importFolder,
      readFolder: options.readFolder,
    });
  switch (parsed.kind) {
    case 'simulated': {
      const port = await openSimulatedMachine(parsed.profile, options.simulated);
      return {
        port,
        choice: parsed,
        reason: `simulated machine '${parsed.profile}' (${chosenBy})`,
        chosenBy: source,
      };
    }
    case 'reg-exe': {
      const port = regExe();
      return { port, choice: parsed, reason: `${port.description} (${chosenBy})`, chosenBy: source };
    }
    case 'regedit': {
      if (!onWindows) {
        throw new RegistryError(
          'backend-unavailable',
          'the regedit backend needs Windows Script Host, which only Windows has',
        );
      }
      const port = await probeRegedit(regExe(), options);
      return { port, choice: parsed, reason: `${port.description} (${chosenBy})`, chosenBy: source };
    }
    case 'auto': {
      if (!onWindows) {
        const port = await openSimulatedMachine('stock', options.simulated);
        return {
          port,
          choice: { kind: 'simulated', profile: 'stock' },
          reason: `not Windows (${options.platform}): the simulated 'stock' machine; --registry reg-exe reaches Wine's registry`,
          chosenBy: source,
        };
      }
      const port = regExe();
      return {
        port,
        choice: { kind: 'reg-exe' },
        reason: `${port.description}: the default on Windows (regedit runs only when chosen)`,
        chosenBy: source,
      };
    }
  }
}

/** The probe's outcome is remembered: Windows Script Host does not come and go while the app runs. */
let regeditProbe: Promise<void> | undefined;

async function probeRegedit(regExe: RegExeRegistry, options: OpenRegistryOptions): Promise<RegistryPort> {
  if (options.openRegedit) return options.openRegedit(regExe);
  const port = await RegeditRegistry.open(regExe, undefined, options.env);
  regeditProbe ??= port.readKeys(['HKLM\\SOFTWARE\\Microsoft\\Ole']).then(() => undefined);
  await regeditProbe;
  return port;
}
