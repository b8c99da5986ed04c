import { AUTHENTICATION_LEVELS, namedValue } from '../catalog/constants';

/** An RPC authentication level as admins read it: `2 (RPC_C_AUTHN_LEVEL_CONNECT)`. */
export const showAuthenticationLevel = (level: number): string => {
  const named = namedValue(AUTHENTICATION_LEVELS, level);
  return named ? `${level} (${named.name})` : String(level);
};
