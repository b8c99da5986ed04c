import { SimulatedRegistry } from '../registry/simulated';
import type { RegistryPort } from '../registry/types';
import { runProgram, systemProgramPath } from './programs';

export interface ElevationOptions {
  readonly platform?: NodeJS.Platform;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Runs a program and resolves to its exit code, or rejects when it cannot run (tests replace it). */
  readonly runExitCode?: (file: string, args: readonly string[]) => Promise<number>;
}

/**
 * Whether this process may write HKLM: true, false, or null when it cannot tell.
 * - The simulated machine answers from its `elevated` option.
 * - On Windows, `fltmc` (System32) exits 0 only in an elevated process; it needs no Windows Script Host.
 * - Wine's registry (reg.exe off Windows) is writable by the prefix's owner.
 */
export async function detectElevation(
  port: RegistryPort,
  options: ElevationOptions = {},
): Promise<boolean | null> {
  if (port instanceof SimulatedRegistry) return port.elevated;
  const platform = options.platform ?? process.platform;
  if (platform !== 'win32') return port.kind === 'reg-exe' ? true : null;
  const env = options.env ?? process.env;
  try {
    return (await (options.runExitCode ?? runExitCode)(systemProgramPath(env, 'fltmc.exe'), [])) === 0;
  } catch {
    return null;
  }
}

async function runExitCode(file: string, args: readonly string[]): Promise<number> {
  return (await runProgram(file, args, { timeoutMs: 15_000 })).exitCode;
}
