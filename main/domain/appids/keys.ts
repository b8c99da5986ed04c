import { appIdPermissions } from '../catalog/settings-dcom-activation';
import { APPID_KEY } from './checks';

/** The values of an AppID key that `appid set` writes or deletes, and the one that says it is service-hosted. */
export const APPID_VALUES = {
  ...appIdPermissions.values,
  runAs: 'RunAs',
  localService: 'LocalService',
} as const;

/** `{GUID}` in upper case, from an AppID key's name (any case); null when it is not one. */
export function appIdGuid(name: string): string | null {
  return APPID_KEY.test(name) ? name.toUpperCase() : null;
}
