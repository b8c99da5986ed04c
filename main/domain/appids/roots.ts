import { KEYS } from '../catalog/sources';
import type { AppIdView } from './model';

/** Where each registry view keeps its AppIDs (light: the renderer's detail panel names the key too). */
export const APPID_ROOTS: Readonly<Record<AppIdView, string>> = {
  '64-bit': KEYS.appId,
  '32-bit': 'HKLM\\SOFTWARE\\WOW6432Node\\Classes\\AppID',
};

/** The registry key of one application. */
export const appIdKeyPath = (entry: { readonly view: AppIdView; readonly guid: string }): string =>
  `${APPID_ROOTS[entry.view]}\\${entry.guid}`;
