import { appendFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import type { CliIO } from '../cli/io';
import { createFirewallCommandRunner } from '../platform/firewall-runner';
import type { FirewallCommandRunner } from '../domain/firewall/runner';
import { dataFolderGuardFor, importFolderIn } from '../platform/data-folder';
import { detectElevation } from '../platform/elevation';
import { openRegistry } from '../registry/select';
import type { RegistryPort } from '../registry/types';
import { ChangeEngine, type ProgressEvent } from './engine';
import { SimulatedFirewallRunner } from './simulated-firewall';
import { resolveDataDirectory } from './storage';

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
  const dataDirectory = resolveDataDirectory({
    override: options.dataDir,
    env: io.env,
    platform: io.platform,
  });
  const dataFolder = dataFolderGuardFor(io.platform, io.env);
  const { port } = await openRegistry(options.registry ?? 'auto', {
    platform: io.platform,
    env: io.env,
    importFolder: importFolderIn(dataDirectory, dataFolder),
  });
  const log = options.log;
  const engine = new ChangeEngine({
    port,
    firewall: firewallRunnerFor(port, io),
    dataDirectory,
    detectElevation: () => detectElevation(port, { platform: io.platform, env: io.env }),
    identity: currentIdentity(io.env),
    dataFolder,
    onProgress: log === undefined ? undefined : (event) => appendFile(log, formatLogLine(event)),
  });
  return { port, engine, dataDirectory };
}

export function formatLogLine(event: ProgressEvent): string {
  const id = event.transactionId ?? event.planId ?? '-';
  return `${event.at} ${id} ${event.step} ${event.status}: ${event.message}\n`;
}
