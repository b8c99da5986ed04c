import { describeIdentity, identityFromRunAs } from './identity';
import type { AppIdChange, AppIdIdentity } from './model';

/**
 * The identities `appid set` writes to an AppID's RunAs (domain.md §8, C18), how each reads in a review, and why a
 * named account is never set here. Which identity a RunAs value names is identity.ts's reading.
 */

export type RunAsChoice = NonNullable<AppIdChange['runAs']>;

export const RUN_AS_CHOICES: readonly RunAsChoice[] = [
  'network-service',
  'local-service',
  'interactive-user',
  'launching-user',
];

/** The RunAs value each choice writes, spelled as dcomcnfg writes it; null: the value is removed. */
export const RUN_AS_VALUES: Readonly<Record<RunAsChoice, string | null>> = {
  'network-service': 'NT AUTHORITY\\NetworkService',
  'local-service': 'NT AUTHORITY\\LocalService',
  'interactive-user': 'Interactive User',
  'launching-user': null,
};

/** What running as each identity means for the server and its callbacks. */
const MEANINGS: Readonly<Record<AppIdIdentity['kind'], string>> = {
  'launching-user':
    'The server runs as whoever starts it; its callbacks to another machine carry no credentials and arrive there as ANONYMOUS LOGON.',
  'interactive-user':
    'The server runs as the user signed in at the console, in that session; it cannot start while nobody is signed in.',
  'local-service':
    'A least-privileged local account; it presents no credentials to other machines, so its callbacks arrive there as ANONYMOUS LOGON.',
  'network-service':
    'A least-privileged account that authenticates to other machines as this computer’s account (DOMAIN\\COMPUTER$), so its callbacks authenticate.',
  'local-system': 'The operating system’s own account (only for a server already running as it).',
  account: 'A named account; its password is kept by Windows and set in Component Services.',
  service: 'The logon account of the Windows service that hosts the server.',
};

/** A RunAs value (null: absent) as the admin reads it: the identity, and what it means for the server. */
export function runAsWords(value: string | null): { readonly name: string; readonly meaning: string } {
  const identity = identityFromRunAs(value);
  return { name: describeIdentity(identity), meaning: MEANINGS[identity.kind] };
}

/** Why SinkGuard never sets a named account, and where the admin sets one. */
export const NAMED_ACCOUNT_HELP =
  'SinkGuard sets only Network Service, Local Service, the interactive user or the launching user, because a named ' +
  'account needs its password, which SinkGuard never handles. Set it in Component Services (dcomcnfg) › Computers › ' +
  'My Computer › DCOM Config › the application › Properties › Identity › "This user", where Windows stores the ' +
  'password itself; the account also needs the "Log on as a batch job" right.';

/** An identity the admin typed (a choice, or a RunAs spelling of one), or null when it names any other account. */
export function runAsChoiceOf(text: string): RunAsChoice | null {
  const lower = text.trim().toLowerCase();
  const choice = RUN_AS_CHOICES.find((candidate) => candidate === lower);
  if (choice) return choice;
  const kind = identityFromRunAs(text).kind;
  return RUN_AS_CHOICES.find((candidate) => candidate === kind && candidate !== 'launching-user') ?? null;
}
