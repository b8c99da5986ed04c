import { hostname, release } from 'node:os';
import { arch, platform } from 'node:process';
import type { ChangeEngine } from '../changes/engine';
import type { HistoryEntry } from '../domain/changes/index';
import { composeChangeEngine } from '../changes/compose';
import { resolveDataDirectory } from '../changes/storage';
import { forwardProgress } from '../ipc/changes';
import { createEventHub, type EventHub } from '../ipc/events';
import { createHandlers, type HandlerContext } from '../ipc/handlers';
import { createRouter, type Router } from '../ipc/router';
import { dataFolderGuardFor, importFolderIn, readFolderFrom } from '../platform/data-folder';
import { detectElevation } from '../platform/elevation';
import {
  REGISTRY_OPTION,
  openRegistry,
  type OpenRegistryOptions,
  type OpenedRegistry,
} from '../registry/select';
import type { RegistryBackendSetting, RegistryChoiceSource } from '../contract/ipc';
import { readMachineIdentity } from './machine-identity';
import { backendSettingControl, backendSettingStore, type BackendSettingStore } from './settings';
import type { SimulatedRegistryOptions } from '../registry/simulated';

export interface ComposeOptions {
  readonly runtime: HandlerContext['runtime'];
  readonly electronVersion: string | null;
  /**
   * A `--registry` choice: `auto`, `simulated[:profile]`, `reg-exe` or `regedit`; undefined for the one saved in
   * the app's settings (Settings on the About page), or `auto` when none is saved.
   */
  readonly registryChoice?: string;
  /** What made registryChoice, for the About page; default: the `--registry` option. */
  readonly registryChosenBy?: RegistryChoiceSource;
  readonly env: NodeJS.ProcessEnv;
  /** Where backups and the journal live; defaults to the platform's data folder (%ProgramData%\SinkGuard). */
  readonly dataDirectory?: string;
  /** A simulated machine that is not elevated (the preview's read-only mode). */
  readonly simulateNotElevated?: boolean;
  /** A simulated machine's fault hook (the preview's development-only fault switch). */
  readonly simulatedFault?: SimulatedRegistryOptions['fault'];
  /** Generated DCOM applications added to a simulated machine (the preview's 2,000-AppID machine). */
  readonly simulatedExtraAppIds?: number;
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
  const dataDirectory = resolveDataDirectory({ override: options.dataDirectory, env: options.env, platform });
  const dataFolder = dataFolderGuardFor(platform, options.env);
  const settings = backendSettingStore(dataDirectory, dataFolder);
  const importFolder = importFolderIn(dataDirectory, dataFolder);
  const registryOptions = {
    platform,
    env: options.env,
    simulated: {
      elevated: !options.simulateNotElevated,
      fault: options.simulatedFault,
      extraAppIds: options.simulatedExtraAppIds,
    },
    importFolder,
    readFolder: readFolderFrom(importFolder),
  };
  const opened = await openChosenRegistry(
    options.registryChoice === undefined
      ? undefined
      : { value: options.registryChoice, chosenBy: options.registryChosenBy ?? REGISTRY_OPTION },
    settings,
    registryOptions,
  );
  const port = opened.port;
  const events = createEventHub();
  const elevation = () => detectElevation(port, { platform, env: options.env });
  const engine = composeChangeEngine({
    port,
    platform,
    env: options.env,
    dataDirectory,
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
      registryChosenBy: opened.chosenBy,
      machineIdentity: () =>
        readMachineIdentity(port, { platform, env: options.env, hostname: hostname(), osRelease: release() }),
      backendSetting: backendSettingControl(
        settings,
        opened.saved,
        options.runtime === 'preview'
          ? 'The browser preview always reads a simulated machine.'
          : platform !== 'win32'
            ? "The choice applies on Windows; here SinkGuard reads Wine's or a simulated registry (--registry)."
            : null,
      ),
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

/**
 * The `--registry` choice when given; else the one saved in the settings, or `auto`. A saved choice that cannot be
 * read or opened (Windows Script Host disabled since) falls back to `auto`, saying why, rather than not starting.
 */
async function openChosenRegistry(
  choice: { readonly value: string; readonly chosenBy: RegistryChoiceSource } | undefined,
  settings: BackendSettingStore,
  options: OpenRegistryOptions,
): Promise<OpenedRegistry & { saved?: RegistryBackendSetting }> {
  if (choice !== undefined) return openRegistry(choice.value, options, choice.chosenBy);
  let saved: RegistryBackendSetting | undefined;
  try {
    saved = await settings.read();
  } catch (error) {
    const opened = await openRegistry('auto', options, BY_DEFAULT);
    return { ...opened, reason: `${opened.reason}; the saved setting was not used: ${messageOf(error)}` };
  }
  if (saved === undefined) return openRegistry('auto', options, BY_DEFAULT);
  try {
    return { ...(await openRegistry(saved, options, { kind: 'settings' })), saved };
  } catch (error) {
    const opened = await openRegistry('auto', options, BY_DEFAULT);
    return {
      ...opened,
      saved,
      reason: `${opened.reason}; ${saved} was chosen but cannot start: ${messageOf(error)}`,
    };
  }
}

const BY_DEFAULT: RegistryChoiceSource = { kind: 'default' };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
