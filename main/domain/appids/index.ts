/** The DCOM application (AppID) inventory: model, reading, checks shared with the audit, lookup. */
export * from './model';
export { APPID_ROOTS, appIdKeyPath } from './roots';
export {
  SERVICES_KEY,
  appIdInventoryKeys,
  appIdServiceKeys,
  appIdTargetOf,
  buildAppIdInventory,
  readAppIdInventory,
} from './inventory';
export { isAtFault, worstFinding } from './standing';
export { describeHosting, describeIdentity, identityFromRunAs } from './identity';
export { appIdLabel, lookupAppId, type AppIdLookup } from './lookup';
export { APPID_KEY, showAuthenticationLevel } from './checks';
