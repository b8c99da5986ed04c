export * from './types';
export { AUTHENTICATION_LEVELS, IMPERSONATION_LEVELS, namedValue } from './constants';
export { REFERENCES, reference, type Reference, type ReferenceId } from './references';
export { CATALOG, KEYS, catalogKeys, catalogSubtrees, findSetting } from './settings';
export { countPorts, parsePortSpec, type PortRange } from './rpc-ports';
