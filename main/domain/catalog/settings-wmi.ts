import { KEYS } from './sources';
import type { DwordSetting } from './types';

/** WMI's asynchronous-callback settings (CIMOM): the only guard scripts' sinks have. */

export const unsecAppAccessCheck: DwordSetting = {
  id: 'wmi.unsecapp-access-check',
  title: 'UnsecApp callback access check (UnsecAppAccessControlDefault)',
  area: 'wmi-callbacks',
  kind: 'dword',
  location: { key: KEYS.cimom, value: 'UnsecAppAccessControlDefault' },
  valueType: 'REG_DWORD',
  remedy: 'local',
  whenAbsent: {
    value: 0,
    meaning: 'Microsoft documents the default as zero.',
    confirmed: true,
  },
  allowed: [
    {
      value: 0,
      name: 'no access check',
      meaning:
        'unsecapp.exe accepts a callback from anyone who can reach it, so another caller can feed forged results into a script’s sink.',
    },
    {
      value: 1,
      name: 'access check',
      meaning: 'unsecapp.exe only lets the account that obtained the sink call back into it.',
    },
  ],
  severity: 'high',
  rationale:
    'Scripts and Visual Basic programs that make asynchronous WMI calls receive results through unsecapp.exe, which exposes their sink to the network. ' +
    'For callers that ask for the default check (WBEM_FLAG_UNSECAPP_DEFAULT_CHECK_ACCESS, what scripting uses), this value decides whether unsecapp.exe checks who is calling back; ' +
    'Microsoft calls it the only mechanism for protecting sink security for asynchronous calls made in scripting or Visual Basic. ' +
    'Microsoft does not document the value’s registry type; SinkGuard reads and writes it as REG_DWORD (UNCONFIRMED, the likely type).',
  sideEffects:
    'Callbacks from a WMI service running under a different account than the one that obtained the sink are refused, so asynchronous calls whose results arrive from another identity stop returning results. ' +
    'Script authors should prefer semisynchronous calls, or request RPC_C_AUTHN_LEVEL_PKT_PRIVACY, for remote asynchronous queries. C++ clients that pass WBEM_FLAG_UNSECAPP_CHECK_ACCESS are not affected.',
  restartRequired: false,
  references: ['W1', 'W3', 'W4', 'W5'],
  baselines: { recommended: { equals: 1 }, strict: { equals: 1 } },
  callbackWarnings: [
    {
      when: { equals: 1 },
      message:
        'Turning on the UnsecApp access check: scripts and programs making asynchronous WMI calls must request ' +
        'RPC_C_AUTHN_LEVEL_PKT_PRIVACY (wbemAuthenticationLevelPktPrivacy) so the callback authenticates; callbacks ' +
        'from another identity are refused and those calls stop returning results (or use semisynchronous calls).',
    },
  ],
};

export const allowAnonymousCallback: DwordSetting = {
  id: 'wmi.allow-anonymous-callback',
  title: 'Anonymous WMI callbacks (AllowAnonymousCallback)',
  area: 'wmi-callbacks',
  kind: 'dword',
  location: { key: KEYS.cimom, value: 'AllowAnonymousCallback' },
  valueType: 'REG_DWORD',
  remedy: 'local',
  whenAbsent: {
    value: 0,
    meaning:
      'Microsoft states no default; SinkGuard treats a missing value as 0 (anonymous callbacks prevented), which is UNCONFIRMED.',
    confirmed: false,
  },
  allowed: [
    { value: 0, name: 'prevented', meaning: 'The WMI service prevents anonymous callbacks to the client.' },
    {
      value: 1,
      name: 'allowed',
      meaning:
        'The WMI service allows anonymous callbacks, so results can arrive from a caller nobody authenticated.',
    },
  ],
  severity: 'high',
  rationale:
    'When set to 1, WMI lets asynchronous callbacks reach the client anonymously. Microsoft says to allow this only for asynchronous connections to non-trusted or cross-domain machines, never within the same or trusted domains: ' +
    'an anonymous callback cannot be tied to the server that should be sending it.',
  sideEffects:
    'Asynchronous WMI calls to machines in untrusted domains or workgroups that cannot call back with credentials stop receiving results; use semisynchronous calls for those machines instead.',
  restartRequired: false,
  references: ['W2', 'W1'],
  baselines: { recommended: { equals: 0 }, strict: { equals: 0 } },
  callbackWarnings: [
    {
      when: { equals: 0 },
      message:
        'Anonymous WMI callbacks are refused: asynchronous calls to machines in untrusted domains or workgroups that ' +
        'cannot call back with credentials stop receiving results; use semisynchronous calls to those machines.',
    },
  ],
};
