import { identityFromRunAs } from '../appids/identity';
import { APPID_VALUES } from '../appids/keys';
import { runAsWords } from '../appids/run-as';
import { appIdPermissions } from '../catalog/settings-dcom-activation';
import type { RegistryValue } from '../registry-port/types';
import type { PlanWarning, ValueChange } from './model';

const SETTING = appIdPermissions;

/** A string value's text, or null (absent, or another type). */
export const text = (value: RegistryValue | null): string | null =>
  value?.type === 'REG_SZ' || value?.type === 'REG_EXPAND_SZ' ? value.data : null;

/** Who the change affects: the identity's effect on callbacks, the callers a permission or level now refuses. */
export function appIdWarnings(changes: readonly ValueChange[]): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const warn = (message: string, breaksCallbacks: boolean) =>
    warnings.push({ settingId: SETTING.id, breaksCallbacks, message });
  for (const change of changes) {
    if (change.name.toUpperCase() === APPID_VALUES.runAs.toUpperCase()) {
      const identity = identityFromRunAs(text(change.after)).kind;
      warn(
        `The application runs as ${runAsWords(text(change.after)).name} from the next time it starts; a server ` +
          'running now keeps its identity until it exits. The new identity must be able to read the files and keys ' +
          'the server uses.',
        false,
      );
      if (identity === 'launching-user' || identity === 'local-service')
        warn(
          `As ${runAsWords(text(change.after)).name}, its callbacks to other machines carry no credentials and ` +
            'arrive there as ANONYMOUS LOGON, which a hardened client refuses; Network Service authenticates them.',
          true,
        );
    } else if (change.name.toUpperCase() === APPID_VALUES.authenticationLevel.toUpperCase()) {
      if (change.after?.type === 'REG_DWORD' && change.after.data === 1)
        warn(
          'At RPC_C_AUTHN_LEVEL_NONE COM ignores the application’s access permission: anyone the machine-wide ' +
            'limits let through can call it.',
          false,
        );
      else
        warn(
          'Clients that call this application at a lower authentication level are refused (E_ACCESSDENIED).',
          true,
        );
    } else {
      const which =
        change.name.toUpperCase() === APPID_VALUES.accessPermission.toUpperCase() ? 'access' : 'launch';
      const against =
        change.after === null
          ? `the machine default (Default${which === 'access' ? 'Access' : 'Launch'}Permission)`
          : `its new ${which} permission`;
      warn(
        `Callers are checked against ${against}: one that the application’s ${which} permission let in and ` +
          `${change.after === null ? 'the default' : 'the new one'} does not is refused (E_ACCESSDENIED).`,
        true,
      );
    }
  }
  return warnings;
}
