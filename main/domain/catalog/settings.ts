import { AUTHENTICATION_LEVELS, IMPERSONATION_LEVELS } from './constants';
import type {
  AppIdSetting,
  CatalogSetting,
  DescriptorSetting,
  DescriptorWarning,
  DwordSetting,
  FirewallExposureSetting,
  FlagsSetting,
  RpcPortsSetting,
  YesNoSetting,
} from './types';

export const KEYS = {
  cimom: 'HKLM\\SOFTWARE\\Microsoft\\WBEM\\CIMOM',
  ole: 'HKLM\\SOFTWARE\\Microsoft\\Ole',
  oleAppCompat: 'HKLM\\SOFTWARE\\Microsoft\\Ole\\AppCompat',
  dcomPolicy: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM',
  rpcPolicy: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Rpc',
  rpcInternet: 'HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet',
  dcomAppCompatPolicy: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM\\AppCompat',
  appId: 'HKLM\\SOFTWARE\\Classes\\AppID',
} as const;

/** Group Policy editor paths (Computer Configuration is where every one of these lives). */
const GPO = {
  securityOptions:
    'Computer Configuration > Windows Settings > Security Settings > Local Policies > Security Options',
  rpc: 'Computer Configuration > Administrative Templates > System > Remote Procedure Call',
  dcomAppCompat:
    'Computer Configuration > Administrative Templates > System > Distributed COM > Application Compatibility Settings',
  firewall:
    'Computer Configuration > Windows Settings > Security Settings > Windows Defender Firewall with Advanced Security',
} as const;

/** The four plan warnings of a DCOM descriptor setting, in its own value's name and its kind of rights. */
function descriptorWarnings(valueName: string, rights: 'access' | 'launch'): DescriptorWarning[] {
  const remote = rights === 'access' ? 'remote access' : 'remote launch/activation';
  return [
    {
      when: 'remote-removed',
      principal: 'AN',
      message:
        `Removing ANONYMOUS LOGON ${remote} (${valueName}): servers that impersonate their client and call back as ` +
        'anonymous get E_ACCESSDENIED. Fix the server identity (run it under an account this machine ' +
        'authenticates), do not re-grant anonymous access.',
    },
    {
      when: 'remote-removed',
      principal: 'WD',
      message:
        `Removing Everyone's ${remote} (${valueName}): remote callers not covered by another grant get ` +
        'E_ACCESSDENIED; add the accounts that need it to Distributed COM Users.',
    },
    {
      when: 'remote-granted',
      principal: 'AN',
      message:
        `This grants ANONYMOUS LOGON ${remote} beyond Windows' default (${valueName}): unauthenticated network ` +
        'callers get through. Never grant anonymous remote access; fix the server identity instead (run the ' +
        'server that calls back under an account this machine authenticates).',
    },
    {
      when: 'remote-granted',
      principal: 'WD',
      message:
        `This grants Everyone ${remote} beyond Windows' default (${valueName}): every network caller with any ` +
        'account gets through. Grant the accounts that need it through Distributed COM Users instead.',
    },
  ];
}

const YES_NO_ENABLE_DCOM = [
  {
    value: 'Y',
    name: 'Y',
    meaning: 'Remote launch and connect are allowed, subject to the launch and access permissions.',
  },
  {
    value: 'N',
    name: 'N',
    meaning:
      'All DCOM traffic is blocked: no remote launch or connect, and local clients cannot reach remote servers.',
  },
] as const;

const unsecAppAccessCheck: DwordSetting = {
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

const allowAnonymousCallback: DwordSetting = {
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

const enableDcom: YesNoSetting = {
  id: 'dcom.enable-dcom',
  title: 'Distributed COM (EnableDCOM)',
  area: 'dcom-limits',
  kind: 'yes-no',
  location: { key: KEYS.ole, value: 'EnableDCOM' },
  valueType: 'REG_SZ',
  remedy: 'local',
  whenAbsent: {
    value: 'Y',
    meaning:
      'Microsoft does not state the default; dcomcnfg writes Y and SinkGuard treats a missing value as Y (UNCONFIRMED).',
    confirmed: false,
  },
  allowed: YES_NO_ENABLE_DCOM,
  otherStrings: 'unreadable',
  severity: 'low',
  rationale:
    'EnableDCOM is the machine-wide switch for DCOM. Remote WMI (and its callbacks) run over DCOM, so a managed machine needs it on; ' +
    'turning it off closes every DCOM entry point at once but also stops remote management over WMI/DCOM. Both values are acceptable in the built-in profiles; the audit shows which is in force.',
  sideEffects:
    'N stops all DCOM traffic: remote WMI management, MMC snap-ins over DCOM and asynchronous WMI callbacks to this machine stop working, and local clients cannot reach remote DCOM servers.',
  restartRequired: true,
  references: ['C2', 'C20', 'C1'],
  baselines: { recommended: { anyOf: ['Y', 'N'] }, strict: { anyOf: ['Y', 'N'] } },
};

const legacyAuthenticationLevel: DwordSetting = {
  id: 'dcom.legacy-authentication-level',
  title: 'Default DCOM authentication level (LegacyAuthenticationLevel)',
  area: 'authentication',
  kind: 'dword',
  location: { key: KEYS.ole, value: 'LegacyAuthenticationLevel' },
  valueType: 'REG_DWORD',
  remedy: 'local',
  whenAbsent: { value: 2, meaning: 'Windows uses RPC_C_AUTHN_LEVEL_CONNECT.', confirmed: true },
  allowed: AUTHENTICATION_LEVELS,
  severity: 'medium',
  severityByValue: { 1: 'critical', 2: 'medium', 3: 'medium', 4: 'medium' },
  rationale:
    'The authentication level used by applications that do not call CoInitializeSecurity and have no AppID AuthenticationLevel of their own, including the sink objects of many WMI clients. ' +
    'WMI tries a callback at RPC_C_AUTHN_LEVEL_PKT_PRIVACY and lowers the level until it succeeds, down to NONE, so a low level here is what callbacks end up using. ' +
    'At NONE nobody is authenticated and the AppID access permissions are ignored; packet integrity is the lowest level that stops tampering. ' +
    'Microsoft documents the type as "REG_WORD", which does not exist; tools write REG_DWORD, and so does SinkGuard.',
  sideEffects:
    'Legacy DCOM clients and servers that cannot authenticate at the new level (workgroup machines without matching accounts, very old software) fail to connect. ' +
    'Scripts that make asynchronous WMI calls must request at least the same level (PktPrivacy is the safe choice: wbemAuthenticationLevelPktPrivacy). Processes read the value when they start.',
  restartRequired: true,
  references: ['C3', 'C10', 'C14', 'W1', 'W10', 'G4'],
  baselines: { recommended: { atLeast: 5 }, strict: { atLeast: 6 } },
  callbackWarnings: [
    {
      when: { atLeast: 1 },
      message:
        'Callers and callback senders that authenticate below {value} are refused: scripts making asynchronous ' +
        'WMI calls must request wbemAuthenticationLevelPktPrivacy; unauthenticated (NONE) callbacks stop working.',
    },
  ],
};

const legacyImpersonationLevel: DwordSetting = {
  id: 'dcom.legacy-impersonation-level',
  title: 'Default DCOM impersonation level (LegacyImpersonationLevel)',
  area: 'authentication',
  kind: 'dword',
  location: { key: KEYS.ole, value: 'LegacyImpersonationLevel' },
  valueType: 'REG_DWORD',
  remedy: 'local',
  whenAbsent: { value: 2, meaning: 'Windows uses RPC_C_IMP_LEVEL_IDENTIFY.', confirmed: true },
  allowed: IMPERSONATION_LEVELS,
  severity: 'medium',
  severityByValue: { 4: 'high', 3: 'medium' },
  rationale:
    'The impersonation level a client grants to the servers it calls, for applications that do not call CoInitializeSecurity. ' +
    'At Delegate every server this machine calls, including a spoofed or compromised one calling back, can use the caller’s credentials on other machines. ' +
    'Identify lets the server check who the client is without acting as it. Microsoft documents the type as "REG_WORD"; tools write REG_DWORD.',
  sideEffects:
    'Servers that genuinely need to act as their callers on this machine (Impersonate) or on other machines (Delegate) fail with access denied for clients that rely on this default; ' +
    'such clients should set their own level explicitly. Processes read the value when they start.',
  restartRequired: true,
  references: ['C4', 'C10', 'C13', 'G4'],
  baselines: { recommended: { atMost: 3 }, strict: { atMost: 2 } },
};

const legacySecureReferences: YesNoSetting = {
  id: 'dcom.legacy-secure-references',
  title: 'Secure reference counting (LegacySecureReferences)',
  area: 'authentication',
  kind: 'yes-no',
  location: { key: KEYS.ole, value: 'LegacySecureReferences' },
  valueType: 'REG_SZ',
  remedy: 'local',
  whenAbsent: { value: 'N', meaning: 'Windows treats a missing value as N.', confirmed: true },
  allowed: [
    {
      value: 'Y',
      name: 'Y',
      meaning:
        'AddRef and Release calls are secured, so another client cannot release objects it does not hold.',
    },
    {
      value: 'N',
      name: 'N',
      meaning:
        'AddRef and Release calls are not secured; a malicious client could release another client’s object.',
    },
  ],
  otherStrings: 'mean-no',
  severity: 'low',
  rationale:
    'For applications that do not call CoInitializeSecurity, Y makes DCOM secure the reference counting of remote objects. ' +
    'Without it, a client that can reach an object (such as a callback sink) can release it from under its owner.',
  sideEffects:
    'Remote calls get slower, because every AddRef/Release is authenticated. Processes read it at start.',
  restartRequired: true,
  references: ['C5', 'C10'],
  baselines: { recommended: { anyOf: ['N', 'Y'] }, strict: { equals: 'Y' } },
};

const remoteGrantsRationale =
  'A principal not granted a right here cannot get it, whatever an application or its AppID grants, so this is the machine-wide ceiling for every DCOM server, WMI included. ';

const machineAccessRestriction: DescriptorSetting = {
  id: 'dcom.machine-access-restriction',
  title: 'DCOM machine-wide access limits (MachineAccessRestriction)',
  area: 'dcom-limits',
  kind: 'descriptor',
  location: { key: KEYS.ole, value: 'MachineAccessRestriction' },
  valueType: 'REG_BINARY',
  policy: { key: KEYS.dcomPolicy, value: 'MachineAccessRestriction' },
  policyValueType: 'REG_SZ',
  remedy: 'local',
  groupPolicy: `${GPO.securityOptions} > DCOM: Machine Access Restrictions in Security Descriptor Definition Language (SDDL) syntax`,
  callbackWarnings: descriptorWarnings('MachineAccessRestriction', 'access'),
  rights: 'access',
  windowsDefault: 'MachineAccessRestriction',
  whenAbsent: {
    meaning:
      'Windows uses its built-in limits: Everyone local and remote access, ANONYMOUS LOGON local access only.',
    confirmed: true,
  },
  severity: 'high',
  severityByPrincipal: { AN: 'critical', WD: 'critical' },
  rationale:
    remoteGrantsRationale +
    'Windows’ default gives ANONYMOUS LOGON local access only; granting it remote access lets unauthenticated callers reach every DCOM server on the machine, ' +
    'which is the usual way admins “fix” failing asynchronous WMI callbacks. The fix for callbacks is authentication (a matching account or semisynchronous calls), not anonymous access.',
  sideEffects:
    'Clients that call this machine anonymously (workgroup or cross-domain machines relying on anonymous callbacks) are refused. ' +
    'The change is read when a DCOM server starts; restarting the affected services (or the machine) makes it take effect everywhere.',
  restartRequired: true,
  references: ['C8', 'C12', 'C11', 'G1', 'G4'],
  baselines: {
    recommended: { noRemoteBeyondDefault: ['AN', 'WD'] },
    strict: { noRemoteBeyondDefault: ['AN', 'WD', 'AU', 'BU', 'BG'] },
  },
};

const machineLaunchRestriction: DescriptorSetting = {
  id: 'dcom.machine-launch-restriction',
  title: 'DCOM machine-wide launch and activation limits (MachineLaunchRestriction)',
  area: 'dcom-limits',
  kind: 'descriptor',
  location: { key: KEYS.ole, value: 'MachineLaunchRestriction' },
  valueType: 'REG_BINARY',
  policy: { key: KEYS.dcomPolicy, value: 'MachineLaunchRestriction' },
  policyValueType: 'REG_SZ',
  remedy: 'local',
  groupPolicy: `${GPO.securityOptions} > DCOM: Machine Launch Restrictions in Security Descriptor Definition Language (SDDL) syntax`,
  callbackWarnings: descriptorWarnings('MachineLaunchRestriction', 'launch'),
  rights: 'launch',
  windowsDefault: 'MachineLaunchRestriction',
  whenAbsent: {
    meaning:
      'Windows uses its built-in limits: Administrators local and remote launch and activation, Everyone local only.',
    confirmed: true,
  },
  severity: 'high',
  severityByPrincipal: { AN: 'critical', WD: 'critical' },
  rationale:
    remoteGrantsRationale +
    'By default only Administrators (and Distributed COM Users, Performance Log Users) may launch or activate servers remotely. ' +
    'Granting Everyone or ANONYMOUS LOGON remote launch or activation, with no deny to counter it, lets any network caller start COM servers on this machine.',
  sideEffects:
    'Non-administrators who launch or activate DCOM servers on this machine remotely need to be added to Distributed COM Users instead. Takes effect for new activations.',
  restartRequired: false,
  references: ['C9', 'C12', 'C11', 'G2', 'G4'],
  baselines: {
    recommended: { noRemoteBeyondDefault: ['AN', 'WD'] },
    strict: { noRemoteBeyondDefault: ['AN', 'WD', 'AU', 'BU', 'BG'] },
  },
};

const defaultAccessPermission: DescriptorSetting = {
  id: 'dcom.default-access-permission',
  title: 'Default DCOM access permission (DefaultAccessPermission)',
  area: 'dcom-limits',
  kind: 'descriptor',
  location: { key: KEYS.ole, value: 'DefaultAccessPermission' },
  valueType: 'REG_BINARY',
  remedy: 'local',
  callbackWarnings: descriptorWarnings('DefaultAccessPermission', 'access'),
  rights: 'access',
  windowsDefault: 'DefaultAccessPermission',
  whenAbsent: {
    meaning:
      'The value is normally absent: only the server principal (SELF), SYSTEM and Administrators may call applications that rely on it.',
    confirmed: true,
  },
  severity: 'high',
  rationale:
    'The access list for DCOM servers that neither call CoInitializeSecurity nor have an AppID AccessPermission. ' +
    'Machine-wide limits still cap it, but a remote grant to Everyone or ANONYMOUS LOGON here opens every such server (including some callback sinks) as far as those limits allow.',
  sideEffects:
    'Remote callers relying on the broad grant are refused by applications without their own access permission; grant named groups per AppID instead.',
  restartRequired: false,
  references: ['C6', 'C10', 'G4'],
  baselines: {
    recommended: { noRemoteBeyondDefault: ['AN', 'WD'] },
    strict: { noRemoteBeyondDefault: ['AN', 'WD', 'AU', 'BU', 'BG'] },
  },
};

const defaultLaunchPermission: DescriptorSetting = {
  id: 'dcom.default-launch-permission',
  title: 'Default DCOM launch permission (DefaultLaunchPermission)',
  area: 'dcom-limits',
  kind: 'descriptor',
  location: { key: KEYS.ole, value: 'DefaultLaunchPermission' },
  valueType: 'REG_BINARY',
  remedy: 'local',
  callbackWarnings: descriptorWarnings('DefaultLaunchPermission', 'launch'),
  rights: 'launch',
  windowsDefault: 'DefaultLaunchPermission',
  whenAbsent: {
    meaning: 'Windows grants Administrators, SYSTEM and INTERACTIVE launch permission.',
    confirmed: true,
  },
  severity: 'high',
  rationale:
    'The launch list for AppIDs without their own LaunchPermission. A remote launch or activation grant to Everyone or ANONYMOUS LOGON here lets network callers start those servers wherever the machine-wide limits allow it.',
  sideEffects:
    'Remote callers relying on the broad grant can no longer start servers without their own launch permission; grant named groups per AppID instead.',
  restartRequired: false,
  references: ['C7', 'C10', 'G4'],
  baselines: {
    recommended: { noRemoteBeyondDefault: ['AN', 'WD'] },
    strict: { noRemoteBeyondDefault: ['AN', 'WD', 'AU', 'BU', 'BG'] },
  },
};

const dcomHardeningRationale =
  'Part of the DCOM hardening for CVE-2021-26414 (KB5004442). ' +
  'Microsoft’s text changed over time: it first said a missing value meant disabled, later that it defaults to enabled, and since the March 2023 updates the hardening cannot be disabled at all. ';

const requireIntegrityActivation: DwordSetting = {
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

const raiseActivationLevel: DwordSetting = {
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

const policyOnly =
  'The value exists only as a Group Policy value (under HKLM\\SOFTWARE\\Policies): a GPO sets it, never SinkGuard’s local writes.';

const restrictRemoteClients: DwordSetting = {
  id: 'rpc.restrict-remote-clients',
  title: 'Restrict unauthenticated RPC clients (RestrictRemoteClients)',
  area: 'rpc',
  kind: 'dword',
  location: { key: KEYS.rpcPolicy, value: 'RestrictRemoteClients' },
  valueType: 'REG_DWORD',
  remedy: 'group-policy',
  groupPolicy: `${GPO.rpc} > Restrict Unauthenticated RPC clients`,
  whenAbsent: {
    value: null,
    meaning:
      'Not configured: the RPC runtime behaves as Authenticated on Windows client editions and as None (every client may call) on Windows Server.',
    confirmed: true,
    affects:
      'On Windows client editions, remote callers without credentials are refused as under Authenticated; on Windows Server nobody is refused.',
  },
  allowed: [
    {
      value: 0,
      name: 'RPC_RESTRICT_REMOTE_CLIENT_NONE',
      meaning: 'None: every RPC client, authenticated or not, may call the RPC servers on this machine.',
      affects:
        'Nobody is refused: anonymous remote callers reach every RPC server on this machine (WMI, DCOM servers and the services behind the endpoint mapper).',
    },
    {
      value: 1,
      name: 'RPC_RESTRICT_REMOTE_CLIENT_DEFAULT',
      meaning:
        'Authenticated: remote anonymous calls are rejected, except over named pipes and for interfaces that ask to be exempt.',
      affects:
        'Remote RPC clients that call over TCP without credentials are refused: anonymous (null-session) queries, monitoring or inventory tools and scripts that connect without an account, and old or non-Windows clients that do not authenticate. ' +
        'Callers that authenticate (WMI and DCOM with an account, domain members), calls over named pipes and interfaces that ask to be exempt (the endpoint mapper among them) keep working.',
    },
    {
      value: 2,
      name: 'RPC_RESTRICT_REMOTE_CLIENT_HIGH',
      meaning: 'Authenticated without exceptions: every remote anonymous call is rejected.',
      affects:
        'Everyone Authenticated refuses, and the exempt interfaces too: the endpoint mapper refuses anonymous lookups, so remote clients reach this machine’s dynamic-port RPC servers (WMI, DCOM servers) only if they authenticate the lookup (“Enable RPC Endpoint Mapper Client Authentication” on the client); clients without it cannot connect.',
    },
  ],
  severity: 'medium',
  severityByValue: { 0: 'high' },
  rationale:
    'Group Policy “Restrict Unauthenticated RPC clients”. ' +
    'It makes the RPC runtime reject anonymous remote calls to every interface that has not asked to be exempt, which blunts attacks on RPC servers reached through the endpoint mapper. ' +
    'The CIS Windows Server benchmarks recommend Enabled: Authenticated for member servers, Microsoft’s Windows 10 security baselines carry it, and the DISA Windows 11 STIG requires it (RestrictRemoteClients = 1). ' +
    policyOnly,
  sideEffects:
    'RPC applications that expect anonymous remote clients stop working for them. Microsoft warns it can affect Group Policy processing in a domain and must never be applied to a domain controller; reverting it may need manual work on each machine. ' +
    '“Authenticated without exceptions” breaks more (it also refuses exempt interfaces). A restart is required.',
  restartRequired: true,
  references: ['B1', 'B7', 'B2', 'B3', 'B4', 'B5'],
  baselines: { strict: { equals: 1 } },
  callbackWarnings: [
    {
      when: { atLeast: 1 },
      message:
        'Anonymous remote RPC calls are rejected: RPC applications that expect unauthenticated remote clients stop ' +
        'working for them. Never apply this to a domain controller.',
    },
  ],
};

const endpointMapperAuthentication: DwordSetting = {
  id: 'rpc.endpoint-mapper-client-authentication',
  title: 'RPC endpoint mapper client authentication (EnableAuthEpResolution)',
  area: 'rpc',
  kind: 'dword',
  location: { key: KEYS.rpcPolicy, value: 'EnableAuthEpResolution' },
  valueType: 'REG_DWORD',
  remedy: 'group-policy',
  groupPolicy: `${GPO.rpc} > Enable RPC Endpoint Mapper Client Authentication`,
  whenAbsent: {
    value: 0,
    meaning:
      'Not configured, which Windows treats as disabled: RPC clients query endpoint mappers without authenticating.',
    confirmed: true,
  },
  allowed: [
    {
      value: 0,
      name: 'disabled',
      meaning: 'RPC clients query the endpoint mapper anonymously.',
      affects:
        'Only this machine as a client: its RPC connections (WMI, DCOM, remote management from here) look up endpoints anonymously, so they fail against servers set to “Authenticated without exceptions”. RPC servers on this machine are not affected.',
    },
    {
      value: 1,
      name: 'enabled',
      meaning: 'RPC clients authenticate to the endpoint mapper when the call itself uses authentication.',
      affects:
        'Only this machine as a client: its authenticated RPC connections (WMI, DCOM, remote management from here) authenticate the endpoint lookup, so they reach servers that refuse anonymous lookups, but fail against endpoint mappers that cannot handle it (Windows NT 4, some non-Windows RPC servers). RPC servers on this machine are not affected.',
    },
  ],
  severity: 'medium',
  rationale:
    'Group Policy “Enable RPC Endpoint Mapper Client Authentication”. When servers restrict unauthenticated clients (RestrictRemoteClients), their endpoint mapper is not reachable anonymously, ' +
    'so clients on this machine must authenticate the endpoint lookup that precedes every dynamic-port RPC call (TCP 135 first, then the dynamic port). ' +
    'The CIS Windows Server benchmarks recommend Enabled for member servers, and Microsoft’s Windows 10 security baselines carry it. ' +
    policyOnly,
  sideEffects:
    'Clients of this machine that talk to RPC servers which cannot handle authenticated endpoint-mapper requests (very old or non-Windows implementations, Windows NT 4) fail to resolve endpoints. A restart is required.',
  restartRequired: true,
  references: ['B6', 'B7', 'B3', 'B4', 'B5', 'R1'],
  baselines: { strict: { equals: 1 } },
};

const scmRemoteCallFlags: FlagsSetting = {
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

const localActivationExemptions: DwordSetting = {
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
    policyOnly,
  sideEffects:
    'DCOM servers that rely on a locally added exemption (older servers whose launch permission holds explicit deny entries) are checked again at activation and may be refused; add them to the Group Policy exemption list instead. It applies at the next Group Policy refresh.',
  restartRequired: false,
  references: ['G6'],
  baselines: { strict: { equals: 0 } },
};

const appIdPermissions: AppIdSetting = {
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

const rpcPortRestriction: RpcPortsSetting = {
  id: 'rpc.dynamic-port-restriction',
  title: 'RPC dynamic port restriction (Rpc\\Internet)',
  area: 'rpc',
  kind: 'rpc-ports',
  key: KEYS.rpcInternet,
  values: {
    ports: 'Ports',
    portsInternetAvailable: 'PortsInternetAvailable',
    useInternetPorts: 'UseInternetPorts',
  },
  valueTypes: { ports: 'REG_MULTI_SZ', portsInternetAvailable: 'REG_SZ', useInternetPorts: 'REG_SZ' },
  remedy: 'local',
  whenAbsent: {
    meaning:
      'The key does not exist by default: RPC servers take dynamic ports anywhere in 49152-65535 (1025-5000 before Windows Vista).',
    confirmed: true,
  },
  affects:
    'Every RPC server on this machine that takes a dynamic port: the WMI service (Winmgmt) and WMI’s callback receiver (unsecapp.exe), DCOM servers, and the services managed remotely over RPC (services, scheduled tasks, event logs, replication). ' +
    'After the restart each takes its port from the new range; clients reach them only where the firewall opens that range.',
  minimumPorts: 100,
  invalidSeverity: 'high',
  severity: 'medium',
  rationale:
    'After TCP 135, RPC callers (WMI and its callbacks included) connect to a dynamic port, by default anywhere in 49152–65535, so a firewall has to open that whole range. ' +
    'The Rpc\\Internet key narrows it: Ports lists ports or ranges, PortsInternetAvailable=Y makes it an include list and UseInternetPorts=Y makes it the default for processes. ' +
    'Microsoft recommends a range above 5000 of at least 100 ports. A Ports entry that does not parse, or lies outside 0–65535, makes the whole configuration invalid and every endpoint registration fail with error 87.',
  sideEffects:
    'Every RPC server on the machine must fit in the range; too small a range makes endpoint registrations fail (Netlogon logs event 5820). Firewall rules must open the new range (or use LPort=RPC). A restart is required.',
  restartRequired: true,
  references: ['R1', 'R2', 'R3'],
  baselines: { recommended: { restrict: false }, strict: { restrict: true, ports: ['5000-6000'] } },
};

const firewallEndpointMapper: FirewallExposureSetting = {
  id: 'firewall.endpoint-mapper',
  title: 'Firewall exposure of the RPC endpoint mapper (TCP 135)',
  area: 'firewall',
  kind: 'firewall-exposure',
  target: 'endpoint-mapper',
  remedy: 'local',
  groupPolicy: GPO.firewall,
  whenAbsent: {
    meaning:
      'With no enabled rule allowing it, the firewall on and its default inbound action Block (Windows’ defaults), it is closed; Windows ships the WMI rules disabled.',
    confirmed: true,
  },
  severity: 'high',
  publicAnySeverity: 'critical',
  rationale:
    'Every DCOM and WMI conversation starts at TCP 135, the endpoint mapper in RPCSS, which no application opens for you. ' +
    'Reachable from anywhere, it exposes every registered RPC interface to enumeration and attack; remote management only needs it from the management hosts. ' +
    'The built-in rule WMI-RPCSS-In-TCP opens it to the local subnet, and a rule should name svchost.exe/RPCSS (or use LPort=RPC-EPMap) rather than open the port to every program.',
  sideEffects:
    'Hosts outside the management scope can no longer manage this machine over WMI/DCOM or reach its other RPC services (remote event log, service control, MMC snap-ins).',
  restartRequired: false,
  references: ['W2', 'W9', 'R1', 'F1', 'F4'],
  baselines: {
    recommended: { reachableFrom: 'management-scope' },
    strict: { reachableFrom: 'management-scope' },
  },
};

const firewallDynamicRpc: FirewallExposureSetting = {
  id: 'firewall.dynamic-rpc',
  title: 'Firewall exposure of the dynamic RPC ports',
  area: 'firewall',
  kind: 'firewall-exposure',
  target: 'dynamic-rpc',
  remedy: 'local',
  groupPolicy: GPO.firewall,
  whenAbsent: {
    meaning:
      'With no enabled rule allowing it, the firewall on and its default inbound action Block (Windows’ defaults), it is closed; Windows ships the WMI rules disabled.',
    confirmed: true,
  },
  severity: 'high',
  publicAnySeverity: 'critical',
  rationale:
    'After the endpoint mapper answers, the caller connects to the server’s dynamic port (49152–65535 unless restricted). ' +
    'Opening that range by port number to every program exposes every RPC server on the machine; the supported way is LPort=RPC for a named service (winmgmt for WMI), from the management hosts only.',
  sideEffects:
    'Hosts outside the management scope can no longer reach RPC services on this machine; services that were reached through a port-number rule need their own LPort=RPC rule.',
  restartRequired: false,
  references: ['W2', 'W9', 'R1', 'R3', 'F1'],
  baselines: {
    recommended: { reachableFrom: 'management-scope' },
    strict: { reachableFrom: 'management-scope' },
  },
};

const firewallUnsecApp: FirewallExposureSetting = {
  id: 'firewall.unsecapp',
  title: 'Firewall exposure of WMI asynchronous callbacks (unsecapp.exe)',
  area: 'firewall',
  kind: 'firewall-exposure',
  target: 'unsecapp',
  remedy: 'local',
  groupPolicy: GPO.firewall,
  whenAbsent: {
    meaning:
      'With no enabled rule allowing it, the firewall on and its default inbound action Block (Windows’ defaults), it is closed; Windows ships the WMI rules disabled.',
    confirmed: true,
  },
  severity: 'high',
  publicAnySeverity: 'critical',
  rationale:
    'Asynchronous WMI calls made from this machine get their results back through unsecapp.exe, which listens for callbacks from the remote WMI servers (built-in rule WMI-ASYNC-In-TCP). ' +
    'Open beyond the servers this machine manages, anyone can try to feed results into its sinks; with UnsecAppAccessControlDefault=0 nothing checks them.',
  sideEffects:
    'Asynchronous WMI calls from this machine to servers outside the allowed scope stop receiving results (the call hangs or times out); use semisynchronous calls, which need no inbound connection.',
  restartRequired: false,
  references: ['W2', 'W9', 'W1'],
  baselines: { recommended: { reachableFrom: 'management-scope' }, strict: { reachableFrom: 'nowhere' } },
  callbackWarnings: [
    {
      when: 'closed',
      message:
        'Inbound asynchronous WMI callbacks (unsecapp.exe) are closed: asynchronous calls from this machine stop ' +
        'receiving results; use semisynchronous calls, which need no inbound connection.',
    },
    {
      when: 'narrowed',
      message:
        'Asynchronous WMI callbacks from servers outside the management scope stop arriving (the calls hang or ' +
        'time out); use semisynchronous calls for those servers.',
    },
  ],
};

/** Every setting SinkGuard audits, in report order. */
export const CATALOG: readonly CatalogSetting[] = [
  unsecAppAccessCheck,
  allowAnonymousCallback,
  enableDcom,
  machineAccessRestriction,
  machineLaunchRestriction,
  defaultAccessPermission,
  defaultLaunchPermission,
  appIdPermissions,
  legacyAuthenticationLevel,
  legacyImpersonationLevel,
  legacySecureReferences,
  requireIntegrityActivation,
  raiseActivationLevel,
  scmRemoteCallFlags,
  localActivationExemptions,
  restrictRemoteClients,
  endpointMapperAuthentication,
  rpcPortRestriction,
  firewallEndpointMapper,
  firewallDynamicRpc,
  firewallUnsecApp,
];

const byId = new Map(CATALOG.map((setting) => [setting.id, setting]));

export function findSetting(id: string): CatalogSetting | undefined {
  return byId.get(id);
}

/** Keys read with everything below them, in the same batch: the AppID key holds one subkey per application. */
export function catalogSubtrees(): string[] {
  return CATALOG.flatMap((setting) => (setting.kind === 'appid-permissions' ? [setting.key] : []));
}

/** The registry keys the catalog's own settings live in (the firewall keys come from the firewall model). */
export function catalogKeys(): string[] {
  const keys = new Set<string>();
  for (const setting of CATALOG) {
    switch (setting.kind) {
      case 'dword':
      case 'flags':
      case 'yes-no':
      case 'descriptor':
        keys.add(setting.location.key);
        if ('policy' in setting && setting.policy) keys.add(setting.policy.key);
        break;
      case 'rpc-ports':
      case 'appid-permissions':
        keys.add(setting.key);
        break;
      case 'firewall-exposure':
        break;
    }
  }
  return [...keys];
}
