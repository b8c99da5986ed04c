import { arch, platform } from 'node:process';
import { ChangeEngine } from '../changes/engine';
import {
  currentIdentity,
  detectElevationFor,
  firewallRunnerFor,
  openRegistryChoice,
} from '../changes/cli-support';
import { resolveDataDirectory } from '../changes/storage';
import { forwardProgress } from '../ipc/changes';
import { createEventHub, type EventHub } from '../ipc/events';
import { createHandlers, type HandlerContext } from '../ipc/handlers';
import { createRouter, type Router } from '../ipc/router';

export interface ComposeOptions {
  readonly runtime: HandlerContext['runtime'];
  readonly electronVersion: string | null;
  /** A `--registry` choice: `auto`, `simulated[:profile]`, `reg-exe` or `regedit`. */
  readonly registryChoice: string;
  readonly env: NodeJS.ProcessEnv;
  /** Where backups and the journal live; defaults to the platform's data folder (%ProgramData%\SinkGuard). */
  readonly dataDirectory?: string;
  /** The Electron app's "relaunch as administrator"; absent in the preview. */
  readonly relaunchElevated?: () => Promise<void>;
}

export interface Composed {
  readonly router: Router;
  readonly events: EventHub;
  readonly engine: ChangeEngine;
}

/** The composition root shared by the Electron app and the browser preview: one router over real services. */
export async function composeApp(options: ComposeOptions): Promise<Composed> {
  const port = await openRegistryChoice(options.registryChoice, { platform, env: options.env });
  const events = createEventHub();
  const elevation = () => detectElevationFor(port, platform, options.env);
  const engine = new ChangeEngine({
    port,
    firewall: firewallRunnerFor(port, { platform, env: options.env }),
    dataDirectory: resolveDataDirectory({ override: options.dataDirectory, env: options.env, platform }),
    detectElevation: elevation,
    identity: currentIdentity(options.env),
    onProgress: forwardProgress(events.publish),
  });
  const router = createRouter(
    createHandlers({
      runtime: options.runtime,
      electronVersion: options.electronVersion,
      platform,
      arch,
      registry: port,
      registryReason: registryReason(options.registryChoice, port.kind),
      detectElevation: elevation,
      relaunchElevated: options.relaunchElevated,
      engine,
      publish: events.publish,
    }),
  );
  return { router, events, engine };
}

function registryReason(choice: string, kind: string): string {
  if (choice !== 'auto') return `Chosen with --registry ${choice}.`;
  return kind === 'simulated'
    ? 'Not Windows: a simulated machine stands in for the registry.'
    : 'Windows: reg.exe reaches the 64-bit registry without the Windows Script Host.';
}
