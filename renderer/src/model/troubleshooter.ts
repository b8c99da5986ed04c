import type { CheckedDiagnosis } from '../../../main/domain/troubleshoot/callback-facts';

/**
 * The callback troubleshooter as data: questions whose answers lead to a diagnosis, and each diagnosis to the wizard
 * step that fixes it. Pure, so the routes are unit-tested.
 */

export type WizardTarget =
  | { readonly wizard: 'wmi'; readonly step: 'check' }
  | { readonly wizard: 'dcom'; readonly step: 'limits' }
  | {
      readonly wizard: 'firewall';
      readonly step: 'scope' | 'callbacks';
      /** The target the step starts on "Open only from the scope". */
      readonly open?: 'firewall.endpoint-mapper' | 'firewall.unsecapp';
    };

export interface TroubleshootAnswer {
  readonly label: string;
  readonly next: string;
}

export interface TroubleshootQuestion {
  readonly kind: 'question';
  readonly id: string;
  readonly prompt: string;
  readonly help: string;
  readonly answers: readonly TroubleshootAnswer[];
}

export interface TroubleshootDiagnosis {
  readonly kind: 'diagnosis';
  readonly id: CheckedDiagnosis;
  /** The error this cause produces, as the client reports it (null: nothing fails, it is only unsafe). */
  readonly error: string | null;
  readonly title: string;
  readonly cause: string;
  readonly fix: readonly string[];
  readonly never?: string;
  readonly target: WizardTarget;
  readonly targetLabel: string;
}

export type TroubleshootNode = TroubleshootQuestion | TroubleshootDiagnosis;

export const TROUBLESHOOTER_START = 'symptom';

export const TROUBLESHOOTER: Readonly<Record<string, TroubleshootNode>> = {
  symptom: {
    kind: 'question',
    id: 'symptom',
    prompt: 'What happens when the asynchronous call should deliver its results?',
    help: 'Look at the error the client gets (the HRESULT in the script output, or the event log on the client).',
    answers: [
      { label: 'The callback fails with E_ACCESSDENIED (0x80070005)', next: 'identity' },
      {
        label:
          'The callback never arrives, or the sink cannot be unmarshaled (RPC_S_SERVER_UNAVAILABLE 0x800706BA)',
        next: 'reach',
      },
      { label: 'It works, but I want callbacks to be authenticated', next: 'unsecapp' },
    ],
  },
  identity: {
    kind: 'question',
    id: 'identity',
    prompt: 'Under which account does the server that calls back run?',
    help: 'The server impersonates the client; if it cannot present a network identity the client accepts, the callback arrives as ANONYMOUS LOGON.',
    answers: [
      { label: 'A local account on another machine, or a workgroup machine', next: 'anonymous-callback' },
      { label: 'Network Service, Local System or a domain account', next: 'anonymous-callback-limits' },
    ],
  },
  reach: {
    kind: 'question',
    id: 'reach',
    prompt: 'Can the server reach the client on TCP 135?',
    help: 'From the server: Test-NetConnection <client> -Port 135. The callback first asks the client’s endpoint mapper for the sink’s port.',
    answers: [
      { label: 'No, TCP 135 is blocked', next: 'firewall-135' },
      { label: 'Yes, 135 answers but the callback still does not arrive', next: 'firewall-callback' },
    ],
  },
  'anonymous-callback': {
    kind: 'diagnosis',
    id: 'anonymous-callback',
    title: 'The callback arrives as ANONYMOUS LOGON and is refused',
    error: 'E_ACCESSDENIED (0x80070005), from the client’s DCOM limits',
    cause:
      'The server calls back while impersonating the client. A local account on another machine has no identity the client can verify, so the call arrives as ANONYMOUS LOGON. Since Windows XP SP2 remote callers must authenticate, so the client’s DCOM limits refuse it — as they should.',
    fix: [
      'Run the server under an identity the client can authenticate: Network Service or Local System (the machine account), or a domain account.',
      'Or make the call semisynchronous, so no callback is needed.',
      'Make sure the client asks for packet privacy (snippets in the WMI callbacks wizard).',
    ],
    never: 'Never grant ANONYMOUS LOGON remote access in the DCOM limits to make callbacks work.',
    target: { wizard: 'dcom', step: 'limits' },
    targetLabel: 'Check the DCOM limits (ANONYMOUS LOGON must not have remote access)',
  },
  'anonymous-callback-limits': {
    kind: 'diagnosis',
    id: 'anonymous-callback-limits',
    title: 'The client’s DCOM limits refuse the server’s identity',
    error: 'E_ACCESSDENIED (0x80070005), from the client’s limits or the application’s own permissions',
    cause:
      'The server authenticates, but the client’s MachineAccessRestriction does not let that identity call in remotely, or the authentication level is too low for the client.',
    fix: [
      'Give the server’s account (or a group it is in, e.g. Distributed COM Users) Remote Access in MachineAccessRestriction.',
      'Keep the authentication level at RPC_C_AUTHN_LEVEL_PKT_INTEGRITY or higher on both sides.',
    ],
    never: 'Never grant ANONYMOUS LOGON or Everyone remote access beyond the Windows default.',
    target: { wizard: 'dcom', step: 'limits' },
    targetLabel: 'Open the DCOM limits editor',
  },
  'firewall-135': {
    kind: 'diagnosis',
    id: 'firewall-135',
    title: 'The sink cannot be unmarshaled: the client’s TCP 135 is closed to the server',
    error:
      'The callback object cannot be unmarshaled: E_OUTOFMEMORY (0x8007000E) or RPC_S_SERVER_UNAVAILABLE (0x800706BA)',
    cause:
      'To deliver a callback the server resolves the sink through the client’s endpoint mapper on TCP 135. If the client’s firewall blocks it, the callback object cannot be unmarshaled.',
    fix: [
      'Open TCP 135 on the client, scoped to the servers (or the management subnet) only, on the firewall profiles the client is on (usually Domain).',
    ],
    never: 'Never open TCP 135 to Any, least of all on the Public profile.',
    target: { wizard: 'firewall', step: 'scope', open: 'firewall.endpoint-mapper' },
    targetLabel: 'Open the scoped TCP 135 rule step',
  },
  'firewall-callback': {
    kind: 'diagnosis',
    id: 'firewall-callback',
    title: 'The callback port is blocked',
    error: 'RPC_S_SERVER_UNAVAILABLE (0x800706BA), or the results never arrive',
    cause:
      'After the endpoint mapper answers, the server connects to the port the sink listens on: unsecapp.exe for scripts, or your application’s own dynamic RPC port.',
    fix: [
      'Allow unsecapp.exe (the WMI async callback sink) inbound, scoped to the servers.',
      'For your own application, allow its dynamic RPC ports, or restrict the RPC dynamic range and allow that range.',
    ],
    target: { wizard: 'firewall', step: 'callbacks', open: 'firewall.unsecapp' },
    targetLabel: 'Open the callback rule step',
  },
  unsecapp: {
    kind: 'diagnosis',
    id: 'unsecapp',
    title: 'Turn on the UnsecApp access check',
    error: null,
    cause:
      'Without it, unsecapp.exe accepts results from anyone who can reach it, and WMI lowers the callback’s authentication level until it succeeds, down to none.',
    fix: ['Set UnsecAppAccessControlDefault to 1 and have clients request packet privacy.'],
    target: { wizard: 'wmi', step: 'check' },
    targetLabel: 'Open the WMI callbacks wizard',
  },
};

/** Follows answers (by index) from the start; throws on an answer index that does not exist. */
export function walkTroubleshooter(answers: readonly number[]): TroubleshootNode {
  let node = TROUBLESHOOTER[TROUBLESHOOTER_START]!;
  answers.forEach((answer, position) => {
    if (node.kind !== 'question')
      throw new RangeError(`answer ${position + 1}: the diagnosis is already reached`);
    const chosen = node.answers[answer];
    if (!chosen) throw new RangeError(`answer ${position + 1}: "${node.id}" has no answer ${answer}`);
    const next = TROUBLESHOOTER[chosen.next];
    if (!next) throw new RangeError(`answer ${position + 1}: "${chosen.next}" is not a troubleshooter step`);
    node = next;
  });
  return node;
}
