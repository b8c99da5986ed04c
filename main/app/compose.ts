import { arch, platform } from 'node:process';
import { createHandlers, type HandlerContext } from '../ipc/handlers';
import { createEventHub, type EventHub } from '../ipc/events';
import { createRouter, type Router } from '../ipc/router';
import { openRegistry } from '../registry/select';
import { detectElevation } from '../platform/elevation';

export interface ComposeOptions {
  readonly runtime: HandlerContext['runtime'];
  readonly electronVersion: string | null;
  /** A `--registry` choice: `auto`, `simulated[:profile]`, `reg-exe` or `regedit`. */
  readonly registryChoice: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface Composed {
  readonly router: Router;
  readonly events: EventHub;
}

/** The composition root shared by the Electron app and the browser preview: one router over real services. */
export async function composeApp(options: ComposeOptions): Promise<Composed> {
  const opened = await openRegistry(options.registryChoice, { platform, env: options.env });
  const events = createEventHub();
  const router = createRouter(
    createHandlers({
      runtime: options.runtime,
      electronVersion: options.electronVersion,
      platform,
      arch,
      registry: opened.port,
      registryReason: opened.reason,
      detectElevation: () => detectElevation(opened.port),
    }),
  );
  return { router, events };
}
