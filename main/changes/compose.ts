import { hostname, userInfo } from 'node:os';
import type { FirewallCommandRunner } from '../domain/firewall/runner';
import { dataFolderGuardFor } from '../platform/data-folder';
import { detectElevation } from '../platform/elevation';
import { createFirewallCommandRunner } from '../platform/firewall-runner';
import type { RegistryPort } from '../domain/registry-port/types';
import { ChangeEngine, type ChangeEngineOptions } from './engine';
import { SimulatedFirewallRunner } from './simulated-firewall';

export interface ComposeEngineOptions {
  readonly port: RegistryPort;
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly dataDirectory: string;
  readonly onProgress?: ChangeEngineOptions['onProgress'];
}

/** The one composition of the change engine, for the CLI, the Electron app and the browser preview. */
export function composeChangeEngine(options: ComposeEngineOptions): ChangeEngine {
  const { port, platform, env } = options;
  return new ChangeEngine({
    port,
    firewall: firewallRunnerFor(port, { platform, env }),
    dataDirectory: options.dataDirectory,
    detectElevation: () => detectElevation(port, { platform, env }),
    identity: currentIdentity(env),
    dataFolder: dataFolderGuardFor(platform, env),
    onProgress: options.onProgress,
  });
}

export function firewallRunnerFor(
  port: RegistryPort,
  io: { readonly env: Readonly<Record<string, string | undefined>>; readonly platform: NodeJS.Platform },
): FirewallCommandRunner {
  // A simulated machine's firewall lives in its simulated registry; anything else is the real firewall.
  return port.kind === 'simulated'
    ? new SimulatedFirewallRunner(port)
    : createFirewallCommandRunner({ platform: io.platform, env: io.env });
}

export function currentIdentity(env: Readonly<Record<string, string | undefined>>): {
  machine: string;
  user: string;
} {
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
