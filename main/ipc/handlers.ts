import type { Handlers } from './router';
import { createChangeHandlers, type ChangeHandlerDeps } from './changes';
import { createFleetHandlers } from './fleet';
import { AppError, type AppInfo, type MachineIdentity, type RegistryChoiceSource } from '../contract';
import type { RegistryPort } from '../registry/types';
import type { BackendSettingControl } from '../app/settings';
import { UntrustedDataFolderError } from '../platform/data-folder';
import { APP_VERSION } from '../platform/version';
import { auditMachine } from '../domain/audit';
import { appIdTargetOf, isAtFault, readAppIdInventory } from '../domain/appids';
import { BUILT_IN_PROFILE_NAMES, builtInProfile } from '../domain/profiles';

/** What the handlers need from the outside world; the composition root (Electron or preview) provides it. */
export interface HandlerContext {
  readonly runtime: AppInfo['runtime'];
  readonly electronVersion: string | null;
  readonly platform: string;
  readonly arch: string;
  readonly registry: RegistryPort;
  /** Why this registry backend was chosen (shown on the info page). */
  readonly registryReason: string;
  /** What chose the backend (the option, an environment variable, the settings, or the default). */
  readonly registryChosenBy: RegistryChoiceSource;
  /** The machine read: host name, Windows build (or which simulated machine), domain or workgroup. */
  readonly machineIdentity: () => Promise<MachineIdentity>;
  /** The admin's backend choice for the next start (main/app/settings.ts). */
  readonly backendSetting: BackendSettingControl;
  readonly detectElevation: () => Promise<boolean | null>;
  /** Present only where it can work (the Windows app). */
  readonly relaunchElevated?: () => Promise<void>;
  readonly engine: ChangeHandlerDeps['engine'];
  readonly publish: ChangeHandlerDeps['publish'];
}

export function createHandlers(context: HandlerContext): Handlers {
  return {
    'app:info': async () => ({
      name: 'SinkGuard',
      version: APP_VERSION,
      platform: context.platform,
      arch: context.arch,
      runtime: context.runtime,
      electronVersion: context.electronVersion,
      elevated: await context.detectElevation(),
      canRelaunchElevated: context.relaunchElevated !== undefined && context.platform === 'win32',
      registry: {
        kind: context.registry.kind,
        description: context.registry.description,
        reason: context.registryReason,
        chosenBy: context.registryChosenBy,
        setting: { nextStart: context.backendSetting.nextStart(), locked: context.backendSetting.locked },
      },
      machine: await context.machineIdentity(),
    }),
    'settings:registry-backend': async ({ backend }) => {
      const setting = context.backendSetting;
      if (setting.locked !== null) throw new AppError('invalid-input', setting.locked);
      try {
        await setting.save(backend);
      } catch (error) {
        throw settingError(error);
      }
      return { nextStart: setting.nextStart() };
    },
    'app:relaunch-elevated': async () => {
      if (!context.relaunchElevated) {
        throw new AppError(
          'not-elevated',
          'This SinkGuard cannot relaunch itself; start it as administrator.',
        );
      }
      await context.relaunchElevated();
      return { relaunching: true as const };
    },
    'profiles:list': async () =>
      BUILT_IN_PROFILE_NAMES.map((name) => {
        const profile = builtInProfile(name);
        return {
          name,
          description: profile.description ?? '',
          managementScope: [...profile.managementScope],
        };
      }),
    'audit:run': async ({ profile }) => auditMachine(context.registry, builtInProfile(profile)),
    'appids:list': async ({ profile, atFaultOnly }) => {
      const inventory = await readAppIdInventory(
        context.registry,
        appIdTargetOf(builtInProfile(profile ?? 'recommended')),
      );
      return atFaultOnly ? { ...inventory, entries: inventory.entries.filter(isAtFault) } : inventory;
    },
    ...createChangeHandlers({ engine: context.engine, publish: context.publish }),
    ...createFleetHandlers(),
  };
}

/** Why the setting could not be saved, as the contract's error: rights, an untrusted data folder, or else. */
function settingError(error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  if (
    (error instanceof UntrustedDataFolderError && error.accessDenied) ||
    code === 'EACCES' ||
    code === 'EPERM'
  )
    return new AppError('not-elevated', 'Saving this setting needs administrator rights.');
  if (error instanceof UntrustedDataFolderError)
    return new AppError('untrusted-data-folder', error.message, [...error.problems]);
  return new AppError(
    'internal',
    `The setting could not be saved: ${error instanceof Error ? error.message : String(error)}`,
  );
}
