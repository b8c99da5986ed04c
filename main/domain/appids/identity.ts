import type { Severity } from '../catalog/types';
import type { AppIdFinding, AppIdHosting, AppIdIdentity } from './model';

/**
 * Who an application runs as, from its RunAs value (or its service's logon account), and whether that identity can
 * authenticate when the server calls a client back on another machine.
 */

const RUN_AS_IDENTITIES: ReadonlyMap<string, AppIdIdentity> = new Map([
  ['interactive user', { kind: 'interactive-user' }],
  ['nt authority\\localservice', { kind: 'local-service' }],
  ['nt authority\\local service', { kind: 'local-service' }],
  ['nt authority\\networkservice', { kind: 'network-service' }],
  ['nt authority\\network service', { kind: 'network-service' }],
  ['nt authority\\system', { kind: 'local-system' }],
]);

/** RunAs (null: absent) read as COM does: case-insensitive; anything else is a named account. */
export function identityFromRunAs(runAs: string | null): AppIdIdentity {
  if (runAs === null) return { kind: 'launching-user' };
  return RUN_AS_IDENTITIES.get(runAs.trim().toLowerCase()) ?? { kind: 'account', name: runAs };
}

/** A service-hosted server runs as its service's logon account; RunAs is ignored. */
export function identityOf(hosting: AppIdHosting, runAs: string | null): AppIdIdentity {
  return hosting.kind === 'service'
    ? { kind: 'service', account: hosting.account }
    : identityFromRunAs(runAs);
}

/** Services\<name>\ObjectName spellings of the Local Service account (absent ObjectName means LocalSystem). */
const isLocalServiceAccount = (account: string | null): boolean =>
  account !== null && /^nt authority\\local ?service$/i.test(account.trim());

/** The identity in admins' words, e.g. "the launching user (RunAs not set)", "Network Service". */
export function describeIdentity(identity: AppIdIdentity): string {
  switch (identity.kind) {
    case 'launching-user':
      return 'the launching user (RunAs not set)';
    case 'interactive-user':
      return 'the interactive user';
    case 'local-service':
      return 'Local Service';
    case 'network-service':
      return 'Network Service';
    case 'local-system':
      return 'Local System';
    case 'account':
      return identity.name;
    case 'service':
      return `its service’s account (${identity.account ?? 'not readable'})`;
  }
}

/** The hosting in admins' words. */
export function describeHosting(hosting: AppIdHosting): string {
  switch (hosting.kind) {
    case 'service':
      return `Windows service ${hosting.service}`;
    case 'surrogate':
      return hosting.path ? `DLL surrogate ${hosting.path}` : 'DLL surrogate (dllhost.exe)';
    case 'local-server':
      return 'its own executable (local server)';
  }
}

const REFUSED =
  'arrive there as ANONYMOUS LOGON and are refused with E_ACCESSDENIED (0x80070005) unless that machine lets anonymous callers in';

/**
 * Whether the identity can authenticate a callback to another machine. Advisory (`low`) by itself: it matters only
 * for a server that calls its clients back. `opened` (its own permissions grant ANONYMOUS LOGON or Everyone a remote
 * right, the way dcomcnfg is used to make failing callbacks work) raises it to `medium`: the identity is the cause.
 */
export function identityFinding(identity: AppIdIdentity, opened: boolean): AppIdFinding | null {
  const severity: Severity = opened ? 'medium' : 'low';
  const fix =
    'Run it as Network Service (it authenticates as the computer account) or an account the client machine knows.';
  const text = (() => {
    switch (identity.kind) {
      case 'launching-user':
        return `Runs as the launching user (RunAs not set): it holds the caller’s network logon, which has no credentials to pass on, so its callbacks to a client on another machine ${REFUSED}. ${fix}`;
      case 'interactive-user':
        return `Runs as the interactive user: it cannot start while nobody is logged on at the console, and its callbacks carry that desk user’s identity; where the client machine cannot authenticate it, they ${REFUSED}. ${fix}`;
      case 'local-service':
        return `Runs as Local Service, which presents anonymous credentials on the network: its callbacks to a client on another machine ${REFUSED}. ${fix}`;
      case 'service':
        return isLocalServiceAccount(identity.account)
          ? `Its service runs as Local Service, which presents anonymous credentials on the network: its callbacks to a client on another machine ${REFUSED}. Change the service’s logon account (Services, or sc config) if it calls clients back.`
          : null;
      default:
        return null;
    }
  })();
  return text === null ? null : { code: 'identity-cannot-authenticate', severity, text };
}
