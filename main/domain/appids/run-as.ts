import type { AppIdChange } from './model';

/**
 * An AppID's RunAs value in admins' words (domain.md §8, C18): which identities `appid set` writes, how each reads,
 * and why a named account is never set here. Windows compares RunAs case-insensitively.
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

interface Identity {
  readonly name: string;
  readonly meaning: string;
}

const IDENTITIES: Readonly<Record<RunAsChoice | 'local-system', Identity>> = {
  'launching-user': {
    name: 'the launching user',
    meaning:
      'The server runs as whoever starts it; its callbacks to another machine carry no credentials and arrive there as ANONYMOUS LOGON.',
  },
  'interactive-user': {
    name: 'the interactive user',
    meaning:
      'The server runs as the user signed in at the console, in that session; it cannot start while nobody is signed in.',
  },
  'local-service': {
    name: 'Local Service',
    meaning:
      'A least-privileged local account; it presents no credentials to other machines, so its callbacks arrive there as ANONYMOUS LOGON.',
  },
  'network-service': {
    name: 'Network Service',
    meaning:
      'A least-privileged account that authenticates to other machines as this computer’s account (DOMAIN\\COMPUTER$), so its callbacks authenticate.',
  },
  'local-system': {
    name: 'Local System',
    meaning: 'The operating system’s own account (only for a server already running as it).',
  },
};

const SPELLINGS: Readonly<Record<string, RunAsChoice | 'local-system'>> = {
  'NT AUTHORITY\\NETWORKSERVICE': 'network-service',
  'NT AUTHORITY\\NETWORK SERVICE': 'network-service',
  'NT AUTHORITY\\LOCALSERVICE': 'local-service',
  'NT AUTHORITY\\LOCAL SERVICE': 'local-service',
  'INTERACTIVE USER': 'interactive-user',
  'NT AUTHORITY\\SYSTEM': 'local-system',
};

/** Which well-known identity a RunAs value names; null (absent) is the launching user; 'account' for any other. */
export function runAsIdentity(value: string | null): RunAsChoice | 'local-system' | 'account' {
  if (value === null) return 'launching-user';
  return SPELLINGS[value.trim().toUpperCase()] ?? 'account';
}

/** A RunAs value as the admin reads it: the identity's name and what it means for the server. */
export function runAsWords(value: string | null): Identity {
  const kind = runAsIdentity(value);
  if (kind === 'account')
    return {
      name: value!,
      meaning: 'A named account; its password is kept by Windows and set in Component Services.',
    };
  return IDENTITIES[kind];
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
  const kind = runAsIdentity(text);
  return kind === 'account' || kind === 'local-system' ? null : kind;
}
