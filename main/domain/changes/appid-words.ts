/** An AppID's RunAs and AuthenticationLevel in the admin's words: the identity or level, and what it means. */
import { APPID_VALUES } from '../appids/keys';
import { runAsWords } from '../appids/run-as';
import { AUTHENTICATION_LEVELS, namedValue } from '../catalog/constants';
import type { AppIdSetting } from '../catalog/types';
import type { RegistryValue } from '../registry-port/types';
import type { ValueItem } from './change-view';

const text = (value: RegistryValue | null): string | null =>
  value?.type === 'REG_SZ' || value?.type === 'REG_EXPAND_SZ' ? value.data : null;

/** One side of an AppID value, or null for a value these words do not cover (the permissions are descriptors). */
export function appIdValueSide(
  setting: AppIdSetting,
  valueName: string,
  value: RegistryValue | null,
): ValueItem['before'] | null {
  const name = valueName.toUpperCase();
  if (name === APPID_VALUES.runAs.toUpperCase()) {
    // A RunAs that is not a string is not an identity COM can use: shown as it is.
    if (value !== null && text(value) === null) return null;
    const identity = runAsWords(text(value));
    return {
      shown: identity.name,
      meaning: identity.meaning,
    };
  }
  if (name === setting.values.authenticationLevel.toUpperCase()) {
    if (value === null)
      return {
        shown: 'not set',
        meaning:
          'The machine’s LegacyAuthenticationLevel applies (Default Authentication Level in dcomcnfg).',
      };
    const named = value.type === 'REG_DWORD' ? namedValue(AUTHENTICATION_LEVELS, value.data) : undefined;
    return named ? { shown: `${named.value} (${named.name})`, meaning: named.meaning } : null;
  }
  return null;
}

/** A value as a short phrase, for a change's one-line summary: `runs as Network Service`. */
export function appIdValuePhrase(valueName: string, value: RegistryValue | null): string {
  const name = valueName.toUpperCase();
  if (name === APPID_VALUES.runAs.toUpperCase()) return `runs as ${runAsWords(text(value)).name}`;
  if (name === APPID_VALUES.authenticationLevel.toUpperCase()) {
    if (value === null) return 'uses the machine’s authentication level';
    const named = value.type === 'REG_DWORD' ? namedValue(AUTHENTICATION_LEVELS, value.data) : undefined;
    return named ? `authenticates at ${named.value} (${named.name})` : 'has an unusable AuthenticationLevel';
  }
  const which = name === APPID_VALUES.accessPermission.toUpperCase() ? 'access' : 'launch';
  return value === null ? `uses the machine default ${which} permission` : `has its own ${which} permission`;
}
