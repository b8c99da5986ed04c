import type { NamedValue } from './types';

/** RPC_C_AUTHN_LEVEL_* (domain.md §5; C14, W10). DEFAULT (0) is not a valid stored level, so it is not listed. */
export const AUTHENTICATION_LEVELS: readonly NamedValue<number>[] = [
  {
    value: 1,
    name: 'RPC_C_AUTHN_LEVEL_NONE',
    meaning: 'No authentication at all; for AppIDs that use it, access permissions are ignored.',
  },
  {
    value: 2,
    name: 'RPC_C_AUTHN_LEVEL_CONNECT',
    meaning: 'The caller is authenticated once, when the connection is made; later packets are not checked.',
  },
  {
    value: 3,
    name: 'RPC_C_AUTHN_LEVEL_CALL',
    meaning: 'Authenticated at the start of each call only; the data can still be tampered with.',
  },
  {
    value: 4,
    name: 'RPC_C_AUTHN_LEVEL_PKT',
    meaning: 'Every packet is checked to come from the caller, but its contents are not protected.',
  },
  {
    value: 5,
    name: 'RPC_C_AUTHN_LEVEL_PKT_INTEGRITY',
    meaning: 'Every packet is authenticated and signed, so tampering is detected.',
  },
  {
    value: 6,
    name: 'RPC_C_AUTHN_LEVEL_PKT_PRIVACY',
    meaning: 'Every packet is authenticated, signed and encrypted.',
  },
];

/** RPC_C_IMP_LEVEL_* (domain.md §5; C13). DEFAULT (0) is not a valid stored level. */
export const IMPERSONATION_LEVELS: readonly NamedValue<number>[] = [
  { value: 1, name: 'RPC_C_IMP_LEVEL_ANONYMOUS', meaning: 'The server cannot even see who the client is.' },
  {
    value: 2,
    name: 'RPC_C_IMP_LEVEL_IDENTIFY',
    meaning: 'The server can check who the client is but cannot act as the client.',
  },
  {
    value: 3,
    name: 'RPC_C_IMP_LEVEL_IMPERSONATE',
    meaning: 'The server can act as the client on the server machine itself.',
  },
  {
    value: 4,
    name: 'RPC_C_IMP_LEVEL_DELEGATE',
    meaning: "The server can act as the client on other machines too, passing the client's credentials on.",
  },
];

export function namedValue<V>(allowed: readonly NamedValue<V>[], value: V): NamedValue<V> | undefined {
  return allowed.find((candidate) => candidate.value === value);
}
