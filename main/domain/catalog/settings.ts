import type { CatalogSetting } from './types';
import { allowAnonymousCallback, unsecAppAccessCheck } from './settings-wmi';
import {
  defaultAccessPermission,
  defaultLaunchPermission,
  enableDcom,
  legacyAuthenticationLevel,
  legacyImpersonationLevel,
  legacySecureReferences,
  machineAccessRestriction,
  machineLaunchRestriction,
} from './settings-dcom-limits';
import {
  appIdPermissions,
  localActivationExemptions,
  raiseActivationLevel,
  requireIntegrityActivation,
  scmRemoteCallFlags,
} from './settings-dcom-activation';
import { endpointMapperAuthentication, restrictRemoteClients, rpcPortRestriction } from './settings-rpc';
import { firewallDynamicRpc, firewallEndpointMapper, firewallUnsecApp } from './settings-firewall';

/** The settings themselves live in one file per area (settings-*.ts); this file orders and indexes them. */
export { KEYS } from './sources';

/** Every setting SinkGuard audits, in report order. */
export const CATALOG: readonly CatalogSetting[] = [
  unsecAppAccessCheck,
  allowAnonymousCallback,
  enableDcom,
  machineAccessRestriction,
  machineLaunchRestriction,
  defaultAccessPermission,
  defaultLaunchPermission,
  appIdPermissions,
  legacyAuthenticationLevel,
  legacyImpersonationLevel,
  legacySecureReferences,
  requireIntegrityActivation,
  raiseActivationLevel,
  scmRemoteCallFlags,
  localActivationExemptions,
  restrictRemoteClients,
  endpointMapperAuthentication,
  rpcPortRestriction,
  firewallEndpointMapper,
  firewallDynamicRpc,
  firewallUnsecApp,
];

const byId = new Map(CATALOG.map((setting) => [setting.id, setting]));

export function findSetting(id: string): CatalogSetting | undefined {
  return byId.get(id);
}

/** Keys read with everything below them, in the same batch: the AppID key holds one subkey per application. */
export function catalogSubtrees(): string[] {
  return CATALOG.flatMap((setting) => (setting.kind === 'appid-permissions' ? [setting.key] : []));
}

/** The registry keys the catalog's own settings live in (the firewall keys come from the firewall model). */
export function catalogKeys(): string[] {
  const keys = new Set<string>();
  for (const setting of CATALOG) {
    switch (setting.kind) {
      case 'dword':
      case 'flags':
      case 'yes-no':
      case 'descriptor':
        keys.add(setting.location.key);
        if ('policy' in setting && setting.policy) keys.add(setting.policy.key);
        break;
      case 'rpc-ports':
      case 'appid-permissions':
        keys.add(setting.key);
        break;
      case 'firewall-exposure':
        break;
    }
  }
  return [...keys];
}
