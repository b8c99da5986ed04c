import { execFile } from 'node:child_process';
import { appendFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import type { CliIO } from '../cli/io';
import { createFirewallCommandRunner } from '../platform/firewall-runner';
import type { FirewallCommandRunner } from '../domain/firewall/runner';
import { MACHINE_PROFILES, openSimulatedMachine, type MachineProfile } from '../registry/machines';
import { RegExeRegistry } from '../registry/reg-exe';
import { windowsHost, wineHost } from '../registry/host';
import { SimulatedRegistry } from '../registry/simulated';
import type { RegistryPort } from '../registry/types';
import { ChangeEngine, type ProgressEvent } from './engine';
import { SimulatedFirewallRunner } from './simulated-firewall';
import { resolveDataDirectory } from './storage';

/** Thrown for a `--registry` choice that names no backend. */
export class RegistryChoiceError extends Error {
  override readonly name = 'RegistryChoiceError';
}

/**
 * A `--registry` choice: `simulated[:stock|legacy|gpo-managed]`, `reg-exe` (Windows' reg.exe, or Wine's off
 * Windows), or `auto` (reg-exe on Windows, simulated:stock elsewhere).
 */
export async function openRegistryChoice(
  choice: string,
  io: Pick<CliIO, 'env' | 'platform'>,
): Promise<RegistryPort> {
  const [kind, machine] = choice.split(':', 2);
  if (kind === 'auto') return openRegistryChoice(io.platform === 'win32' ? 'reg-exe' : 'simulated:stock', io);
  if (kind === 'simulated') {
    const profile = (machine ?? 'stock') as MachineProfile;
    if (!MACHINE_PROFILES.includes(profile)) {
      throw new RegistryChoiceError(
        `--registry simulated:${machine}: no such machine (${MACHINE_PROFILES.join(', ')})`,
      );
    }
    return openSimulatedMachine(profile);
  }
  if (kind === 'reg-exe' && machine === undefined) {
    return new RegExeRegistry(io.platform === 'win32' ? windowsHost(io.env) : wineHost(io.env));
  }
  throw new RegistryChoiceError(
    `--registry ${choice}: expected simulated[:${MACHINE_PROFILES.join('|')}], reg-exe or auto`,
  );
}

/**
 * Whether this process may write HKLM: the simulated machine says so itself; on Windows `fltmc` (which only an
 * elevated process may run) answers; Wine's registry is always writable by its user.
 */
export async function detectElevationFor(
  port: RegistryPort,
  platform: NodeJS.Platform,
  env: CliIO['env'],
): Promise<boolean | null> {
  if (port instanceof SimulatedRegistry) return port.elevated;
  if (port.kind === 'reg-exe' && platform !== 'win32') return true;
  if (platform !== 'win32') return null;
  const fltmc = `${env.SystemRoot ?? 'C:\\Windows'}\\System32\\fltmc.exe`;
  return new Promise((resolve) => {
    execFile(fltmc, [], { windowsHide: true, timeout: 15_000 }, (error) => resolve(error === null));
  });
}

export function firewallRunnerFor(
  port: RegistryPort,
  io: Pick<CliIO, 'env' | 'platform'>,
): FirewallCommandRunner {
  // A simulated machine's firewall lives in its simulated registry; anything else is the real firewall.
  return port.kind === 'simulated'
    ? new SimulatedFirewallRunner(port)
    : createFirewallCommandRunner({ platform: io.platform, env: io.env });
}

export function currentIdentity(env: CliIO['env']): { machine: string; user: string } {
  let user = env.USERNAME ?? env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (containers): keep the environment's name.
  }
  return {
    machine: env.COMPUTERNAME ?? hostname(),
    user: env.USERDOMAIN ? `${env.USERDOMAIN}\\${user}` : user,
  };
}

export interface EngineSetup {
  readonly port: RegistryPort;
  readonly engine: ChangeEngine;
  readonly dataDirectory: string;
}

/** The engine as the CLI uses it; `--log FILE` appends one plain-text line per step. */
export async function openEngineForCli(
  options: { readonly registry?: string; readonly log?: string; readonly dataDir?: string },
  io: CliIO,
): Promise<EngineSetup> {
  const port = await openRegistryChoice(options.registry ?? 'auto', io);
  const dataDirectory = resolveDataDirectory({
    override: options.dataDir,
    env: io.env,
    platform: io.platform,
  });
  const log = options.log;
  const engine = new ChangeEngine({
    port,
    firewall: firewallRunnerFor(port, io),
    dataDirectory,
    detectElevation: () => detectElevationFor(port, io.platform, io.env),
    identity: currentIdentity(io.env),
    onProgress: log === undefined ? undefined : (event) => appendFile(log, formatLogLine(event)),
  });
  return { port, engine, dataDirectory };
}

export function formatLogLine(event: ProgressEvent): string {
  const id = event.transactionId ?? event.planId ?? '-';
  return `${event.at} ${id} ${event.step} ${event.status}: ${event.message}\n`;
}
