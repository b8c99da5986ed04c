import { arch, platform } from 'node:process';
import { ChangeEngine } from '../changes/engine';
import type { HistoryEntry } from '../domain/changes/index';
import { currentIdentity, firewallRunnerFor } from '../changes/cli-support';
import { resolveDataDirectory } from '../changes/storage';
import { forwardProgress } from '../ipc/changes';
import { createEventHub, type EventHub } from '../ipc/events';
import { createHandlers, type HandlerContext } from '../ipc/handlers';
import { createRouter, type Router } from '../ipc/router';
import { dataFolderGuardFor } from '../platform/data-folder';
import { detectElevation } from '../platform/elevation';
import { openRegistry } from '../registry/select';
import type { SimulatedRegistryOptions } from '../registry/simulated';

export interface ComposeOptions {
  readonly runtime: HandlerContext['runtime'];
  readonly electronVersion: string | null;
  /** A `--registry` choice: `auto`, `simulated[:profile]`, `reg-exe` or `regedit`. */
  readonly registryChoice: string;
  readonly env: NodeJS.ProcessEnv;
  /** Where backups and the journal live; defaults to the platform's data folder (%ProgramData%\SinkGuard). */
  readonly dataDirectory?: string;
  /** A simulated machine that is not elevated (the preview's read-only mode). */
  readonly simulateNotElevated?: boolean;
  /** A simulated machine's fault hook (the preview's development-only fault switch). */
  readonly simulatedFault?: SimulatedRegistryOptions['fault'];
  /** The Electron app's "relaunch as administrator"; absent in the preview. */
  readonly relaunchElevated?: () => Promise<void>;
}

export interface Composed {
  readonly router: Router;
  readonly events: EventHub;
  readonly engine: ChangeEngine;
  /**
   * Changes found at start-up that began and never finished (process killed, power lost): the renderer's banner
   * offers their restore (recovery:status) and plan:apply refuses until then. null: the journal could not be read
   * (not elevated, an unsafe data folder); recovery:status says why.
   */
  readonly interruptedAtStartup: readonly HistoryEntry[] | null;
}

/** The composition root shared by the Electron app and the browser preview: one router over real services. */
export async function composeApp(options: ComposeOptions): Promise<Composed> {
  const opened = await openRegistry(options.registryChoice, {
    platform,
    env: options.env,
    simulated: { elevated: !options.simulateNotElevated, fault: options.simulatedFault },
  });
  const port = opened.port;
  const events = createEventHub();
  const elevation = () => detectElevation(port, { platform, env: options.env });
  const engine = new ChangeEngine({
    port,
    firewall: firewallRunnerFor(port, { platform, env: options.env }),
    dataDirectory: resolveDataDirectory({ override: options.dataDirectory, env: options.env, platform }),
    detectElevation: elevation,
    identity: currentIdentity(options.env),
    dataFolder: dataFolderGuardFor(platform, options.env),
    onProgress: forwardProgress(events.publish),
  });
  const router = createRouter(
    createHandlers({
      runtime: options.runtime,
      electronVersion: options.electronVersion,
      platform,
      arch,
      registry: port,
      registryReason: opened.reason,
      detectElevation: elevation,
      relaunchElevated: options.relaunchElevated,
      engine,
      publish: events.publish,
    }),
  );
  // Start-up must not fail on an unreadable journal: recovery:status reports the reason to the renderer.
  const interruptedAtStartup = await engine.interrupted().catch(() => null);
  return { router, events, engine, interruptedAtStartup };
}
