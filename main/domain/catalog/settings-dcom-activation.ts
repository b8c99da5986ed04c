import { GPO, KEYS, POLICY_ONLY } from './sources';
import type { AppIdSetting, DwordSetting, FlagsSetting } from './types';

/** DCOM activation hardening, the SCM's remote call flags, activation exemptions and per-application permissions. */

const dcomHardeningRationale =
  'Part of the DCOM hardening for CVE-2021-26414 (KB5004442). ' +
  'Microsoft’s text changed over time: it first said a missing value meant disabled, later that it defaults to enabled, and since the March 2023 updates the hardening cannot be disabled at all. ';

export const requireIntegrityActivation: DwordSetting = {
  id: 'dcom.require-integrity-activation',
  title: 'DCOM server hardening (RequireIntegrityActivationAuthenticationLevel)',
  area: 'authentication',
  kind: 'dword',
  location: { key: KEYS.oleAppCompat, value: 'RequireIntegrityActivationAuthenticationLevel' },
  valueType: 'REG_DWORD',
  remedy: 'local',
  whenAbsent: {
    value: 1,
    meaning:
      'Enabled on systems with the June 2022 or later updates (KB5004442’s later text); on unpatched systems a missing value meant disabled.',
    confirmed: true,
  },
  allowed: [
    {
      value: 0,
      name: 'disabled',
      meaning:
        'The DCOM server accepts activations below packet integrity (ignored since the March 2023 updates).',
    },
    {
      value: 1,
      name: 'enabled',
      meaning: 'The DCOM server rejects non-anonymous activations below RPC_C_AUTHN_LEVEL_PKT_INTEGRITY.',
    },
  ],
  severity: 'high',
  rationale:
    dcomHardeningRationale +
    'With it, activation requests below packet integrity are rejected, which closes the bypass. An explicit 0 on an older build turns the protection off.',
  sideEffects:
    'Clients that activate DCOM servers on this machine below packet integrity (old or non-Windows DCOM clients) are refused. A restart is required.',
  restartRequired: true,
  references: ['K1', 'K4'],
  baselines: { recommended: { equals: 1 }, strict: { equals: 1 } },
};

export const raiseActivationLevel: DwordSetting = {
  id: 'dcom.raise-activation-authentication-level',
  title: 'DCOM client hardening (RaiseActivationAuthenticationLevel)',
  area: 'authentication',
  kind: 'dword',
  location: { key: KEYS.oleAppCompat, value: 'RaiseActivationAuthenticationLevel' },
  valueType: 'REG_DWORD',
  remedy: 'local',
  whenAbsent: {
    value: 2,
    meaning:
      'Not present by default: Windows behaves as 2 since the November 2022 updates (as 1 before); it reads the value but never creates it.',
    confirmed: true,
  },
  allowed: [
    {
      value: 0,
      name: 'not raised',
      meaning: 'Not a documented value; treated as the client raising nothing.',
    },
    {
      value: 1,
      name: 'raise default',
      meaning: 'The client raises the default activation level to packet integrity.',
    },
    {
      value: 2,
      name: 'raise all',
      meaning:
        'The client raises every non-anonymous activation below packet integrity, including explicitly requested levels.',
    },
  ],
  severity: 'medium',
  severityByValue: { 0: 'high', 1: 'medium' },
  rationale:
    dcomHardeningRationale +
    'This is the client half: it makes this machine’s own activation requests meet the servers’ new minimum instead of failing.',
  sideEffects:
    'None expected against patched servers; activation of servers that cannot do packet integrity fails. A restart is required.',
  restartRequired: true,
  references: ['K1', 'K4'],
  baselines: { recommended: { atLeast: 1 }, strict: { equals: 2 } },
};

export const scmRemoteCallFlags: FlagsSetting = {
  id: 'dcom.scm-remote-call-flags',
  title: 'Security of DCOM activation and object resolution calls (DCOMSCMRemoteCallFlags)',
  area: 'authentication',
  kind: 'flags',
  location: { key: KEYS.ole, value: 'DCOMSCMRemoteCallFlags' },
  valueType: 'REG_DWORD',
  remedy: 'local',
  whenAbsent: {
    value: 0,
    meaning:
      'Microsoft documents what each flag changes but not the default; SinkGuard treats a missing value as 0, no flags (UNCONFIRMED): each call is tried with Negotiate and, when that fails, made again without security.',
    confirmed: false,
  },
  flags: [
    {
      value: 0x1,
      name: 'DCOMSCM_ACTIVATION_USE_ALL_AUTHNSERVICES',
      meaning:
        'Activation calls to other machines try Kerberos, NTLM and the other providers one by one, as before Windows Vista (Microsoft: only for compatibility).',
    },
    {
      value: 0x2,
      name: 'DCOMSCM_ACTIVATION_DISALLOW_UNSECURE_CALL',
      meaning: 'Activation calls to other machines are never made without security.',
    },
    {
      value: 0x4,
      name: 'DCOMSCM_RESOLVE_USE_ALL_AUTHNSERVICES',
      meaning:
        'OXID resolution (when this machine unmarshals an object reference, such as a callback sink) tries every provider one by one, as before Windows Vista.',
    },
    {
      value: 0x8,
      name: 'DCOMSCM_RESOLVE_DISALLOW_UNSECURE_CALL',
      meaning:
        'OXID resolution and the garbage-collection pings that keep remote references alive are never made without security.',
    },
    {
      value: 0x10,
      name: 'DCOMSCM_PING_USE_MID_AUTHNSERVICE',
      meaning: 'Garbage-collection pings try every provider one by one, as before Windows Vista.',
    },
  ],
  severity: 'medium',
  severityByFlag: { 0x1: 'low', 0x4: 'low', 0x10: 'low' },
  rationale:
    'How this machine’s DCOM service control manager (in RPCSS) secures the calls it makes to other machines: activation requests, OXID resolution when an object reference is unmarshaled (which is what happens when a callback sink or a remote object reference arrives), and the garbage-collection pings that keep remote references alive. ' +
    'By default each call is tried with Negotiate and, if that fails, made again with no security at all. The two DISALLOW_UNSECURE_CALL flags remove that unauthenticated retry; ' +
    'the USE_ALL_AUTHNSERVICES and PING_USE_MID_AUTHNSERVICE flags bring back the pre-Vista provider fallback, which Microsoft recommends only for compatibility.',
  sideEffects:
    'With the DISALLOW_UNSECURE_CALL flags, activations and object resolution against machines that cannot authenticate this one (workgroup machines without matching accounts, untrusted domains, old or non-Windows DCOM) fail instead of falling back to an unauthenticated call; ' +
    'Microsoft recommends them only where every client and server on the network is fully authenticated. Microsoft does not say when RPCSS reads the value; SinkGuard assumes a restart is needed.',
  restartRequired: true,
  references: ['C22', 'C1'],
  baselines: {
    recommended: {
      set: [],
      clear: [
        'DCOMSCM_ACTIVATION_USE_ALL_AUTHNSERVICES',
        'DCOMSCM_RESOLVE_USE_ALL_AUTHNSERVICES',
        'DCOMSCM_PING_USE_MID_AUTHNSERVICE',
      ],
    },
    strict: {
      set: ['DCOMSCM_ACTIVATION_DISALLOW_UNSECURE_CALL', 'DCOMSCM_RESOLVE_DISALLOW_UNSECURE_CALL'],
      clear: [
        'DCOMSCM_ACTIVATION_USE_ALL_AUTHNSERVICES',
        'DCOMSCM_RESOLVE_USE_ALL_AUTHNSERVICES',
        'DCOMSCM_PING_USE_MID_AUTHNSERVICE',
      ],
    },
  },
  callbackWarnings: [
    {
      flagSet: 'DCOMSCM_ACTIVATION_DISALLOW_UNSECURE_CALL',
      message:
        'Activations from this machine are no longer retried without security: activating DCOM servers on machines that cannot authenticate this one (workgroup, untrusted domain, old DCOM) fails; give those machines accounts this machine can authenticate to.',
    },
    {
      flagSet: 'DCOMSCM_RESOLVE_DISALLOW_UNSECURE_CALL',
      message:
        'Object references (callback sinks included) from machines that cannot be authenticated no longer resolve: callbacks and remote objects from workgroup or untrusted-domain machines fail with access denied.',
    },
  ],
};

export const localActivationExemptions: DwordSetting = {
  id: 'dcom.local-activation-exemptions',
  title: 'Local DCOM activation security check exemptions (AllowLocalActivationSecurityCheckExemptionList)',
  area: 'dcom-limits',
  kind: 'dword',
  location: { key: KEYS.dcomAppCompatPolicy, value: 'AllowLocalActivationSecurityCheckExemptionList' },
  valueType: 'REG_DWORD',
  remedy: 'group-policy',
  groupPolicy: `${GPO.dcomAppCompat} > Allow local activation security check exemptions`,
  whenAbsent: {
    value: null,
    meaning:
      'Not configured: DCOM uses the exemption list local administrators keep only while the “Define Activation Security Check exemptions” policy is not configured; once it is, only the policy’s list counts.',
    confirmed: true,
  },
  allowed: [
    {
      value: 0,
      name: 'disabled',
      meaning:
        'DCOM never looks in the locally configured exemption list: only Group Policy can exempt a DCOM server from the activation security check.',
    },
    {
      value: 1,
      name: 'enabled',
      meaning:
        'Local administrators’ exemptions supplement the Group Policy list: an AppID they exempt skips the activation security check unless the policy list names it.',
    },
  ],
  severity: 'low',
  rationale:
    'The DCOM activation security check runs after a DCOM server process has started and before an activation request reaches it, against the server’s launch permission (or the default). An exempted server skips it. ' +
    'Group Policy keeps one exemption list (“Define Activation Security Check exemptions”) and local administrators another; this policy decides whether the local one counts. ' +
    'Disabled, software or an admin on this machine cannot quietly exempt a DCOM server, a callback server included, from the launch check. ' +
    POLICY_ONLY,
  sideEffects:
    'DCOM servers that rely on a locally added exemption (older servers whose launch permission holds explicit deny entries) are checked again at activation and may be refused; add them to the Group Policy exemption list instead. It applies at the next Group Policy refresh.',
  restartRequired: false,
  references: ['G6'],
  baselines: { strict: { equals: 0 } },
};

export const appIdPermissions: AppIdSetting = {
  id: 'dcom.appid-permissions',
  title: 'Per-application DCOM permissions and authentication (AppID)',
  area: 'dcom-limits',
  kind: 'appid-permissions',
  key: KEYS.appId,
  values: {
    accessPermission: 'AccessPermission',
    launchPermission: 'LaunchPermission',
    authenticationLevel: 'AuthenticationLevel',
  },
  valueTypes: {
    accessPermission: 'REG_BINARY',
    launchPermission: 'REG_BINARY',
    authenticationLevel: 'REG_DWORD',
  },
  remedy: 'manual',
  manualFix:
    'Fix it per application in Component Services (dcomcnfg) › Computers › My Computer › DCOM Config › the application › Properties: ' +
    'the Security tab for its launch and access permissions (Customize › Edit), the General tab for its authentication level. ' +
    'Prefer “Use Default”, grant named groups (Distributed COM Users) rather than Everyone or ANONYMOUS LOGON, and fix a failing callback by running the server under an account this machine authenticates.',
  whenAbsent: {
    meaning:
      'An AppID without AccessPermission uses DefaultAccessPermission, without LaunchPermission DefaultLaunchPermission, and without AuthenticationLevel the machine’s LegacyAuthenticationLevel; without an AppID key there are no per-application settings.',
    confirmed: true,
  },
  severity: 'high',
  severityByPrincipal: { AN: 'critical', WD: 'high' },
  cappedSeverity: 'medium',
  noneSeverity: 'high',
  rationale:
    'Each DCOM application’s AppID key can carry its own AccessPermission (who may call it), LaunchPermission (who may start and activate it) and AuthenticationLevel. ' +
    'The machine-wide limits still cap them, but within those limits they decide, and they are exactly how admins weaken a callback server: dcomcnfg’s Customize grants ANONYMOUS LOGON or Everyone remote access so that failing callbacks get through, ' +
    'or the authentication level is set to None, at which COM ignores the access permission altogether. Since Windows Server 2003 COM reads these values from HKLM\\SOFTWARE\\Classes\\AppID only.',
  sideEffects:
    'SinkGuard reports these and changes nothing: each application’s settings belong to it and its admin. Removing an anonymous or Everyone grant, or raising the level, refuses the callers that relied on them, ' +
    'which must then authenticate (a matching account, or a server identity this machine trusts). An AuthenticationLevel of the wrong type or out of range makes CoInitializeSecurity fail, so every call to that application fails.',
  restartRequired: false,
  references: ['C15', 'C16', 'C17', 'C18', 'C11', 'C12'],
  baselines: {
    recommended: { noRemoteGrant: ['AN', 'WD'], minimumAuthenticationLevel: 2 },
    strict: { noRemoteGrant: ['AN', 'WD'], minimumAuthenticationLevel: 2 },
  },
};
