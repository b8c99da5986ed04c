import { APPID_KEY } from '../audit/appid';
import { KEYS } from '../catalog/sources';
import { appIdPermissions } from '../catalog/settings-dcom-activation';
import type { AppIdView } from './model';

/** Where each registry view keeps its AppIDs: one `{GUID}` subkey per application. */
export const APPID_ROOTS: Readonly<Record<AppIdView, string>> = {
  '64-bit': KEYS.appId,
  '32-bit': KEYS.appId32,
};

/** The values of an AppID key that `appid set` writes or deletes, and the one that says it is service-hosted. */
export const APPID_VALUES = {
  ...appIdPermissions.values,
  runAs: 'RunAs',
  localService: 'LocalService',
} as const;

/** `{GUID}` as the key spells it, from a GUID given with or without braces (any case); null if it is not one. */
export function appIdGuid(id: string): string | null {
  const trimmed = id.trim();
  const braced = trimmed.startsWith('{') ? trimmed : `{${trimmed}}`;
  return APPID_KEY.test(braced) ? braced.toUpperCase() : null;
}

/** The AppID's key in its view. */
export const appIdKey = (guid: string, view: AppIdView): string => `${APPID_ROOTS[view]}\\${guid}`;
