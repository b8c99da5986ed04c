import { AUTHENTICATION_LEVELS, IMPERSONATION_LEVELS } from './constants';
import type {
  CatalogSetting,
  DescriptorSetting,
  DwordSetting,
  FirewallExposureSetting,
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
} as const;

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
};

const allowAnonymousCallback: DwordSetting = {
  id: 'wmi.allow-anonymous-callback',
  title: 'Anonymous WMI callbacks (AllowAnonymousCallback)',
  area: 'wmi-callbacks',
  kind: 'dword',
  location: { key: KEYS.cimom, value: 'AllowAnonymousCallback' },
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
};

const enableDcom: YesNoSetting = {
  id: 'dcom.enable-dcom',
  title: 'Distributed COM (EnableDCOM)',
  area: 'dcom-limits',
  kind: 'yes-no',
  location: { key: KEYS.ole, value: 'EnableDCOM' },
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
};

const legacyImpersonationLevel: DwordSetting = {
  id: 'dcom.legacy-impersonation-level',
  title: 'Default DCOM impersonation level (LegacyImpersonationLevel)',
  area: 'authentication',
  kind: 'dword',
  location: { key: KEYS.ole, value: 'LegacyImpersonationLevel' },
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
  policy: { key: KEYS.dcomPolicy, value: 'MachineAccessRestriction' },
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
  policy: { key: KEYS.dcomPolicy, value: 'MachineLaunchRestriction' },
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

const restrictRemoteClients: DwordSetting = {
  id: 'rpc.restrict-remote-clients',
  title: 'Restrict unauthenticated RPC clients (RestrictRemoteClients)',
  area: 'rpc',
  kind: 'dword',
  location: { key: KEYS.rpcPolicy, value: 'RestrictRemoteClients' },
  whenAbsent: {
    value: null,
    meaning:
      'Not configured: the RPC runtime behaves as Authenticated on Windows client editions and None on Windows Server.',
    confirmed: true,
  },
  allowed: [
    {
      value: 0,
      name: 'RPC_RESTRICT_REMOTE_CLIENT_NONE',
      meaning: 'None: every RPC client, authenticated or not, may call the RPC servers on this machine.',
    },
    {
      value: 1,
      name: 'RPC_RESTRICT_REMOTE_CLIENT_DEFAULT',
      meaning:
        'Authenticated: remote anonymous calls are rejected, except over named pipes and for interfaces that ask to be exempt.',
    },
    {
      value: 2,
      name: 'RPC_RESTRICT_REMOTE_CLIENT_HIGH',
      meaning: 'Authenticated without exceptions: every remote anonymous call is rejected.',
    },
  ],
  severity: 'medium',
  severityByValue: { 0: 'high' },
  rationale:
    'Group Policy “Restrict Unauthenticated RPC clients” (Computer Configuration › Administrative Templates › System › Remote Procedure Call). ' +
    'It makes the RPC runtime reject anonymous remote calls to every interface that has not asked to be exempt, which blunts attacks on RPC servers reached through the endpoint mapper. ' +
    'The CIS benchmarks and the Microsoft security baseline set it to Authenticated. The value lives under the Policies key: SinkGuard can write it there, but a domain GPO that sets it wins at the next refresh.',
  sideEffects:
    'RPC applications that expect anonymous remote clients stop working for them. Microsoft warns it can affect Group Policy processing in a domain and must never be applied to a domain controller; reverting it may need manual work on each machine. ' +
    '“Authenticated without exceptions” breaks more (it also refuses exempt interfaces). A restart is required.',
  restartRequired: true,
  references: ['B1', 'B2', 'B3', 'B4', 'B5'],
  baselines: { strict: { equals: 1 } },
};

const endpointMapperAuthentication: DwordSetting = {
  id: 'rpc.endpoint-mapper-client-authentication',
  title: 'RPC endpoint mapper client authentication (EnableAuthEpResolution)',
  area: 'rpc',
  kind: 'dword',
  location: { key: KEYS.rpcPolicy, value: 'EnableAuthEpResolution' },
  whenAbsent: {
    value: 0,
    meaning: 'Not configured, which Windows treats as disabled.',
    confirmed: true,
  },
  allowed: [
    { value: 0, name: 'disabled', meaning: 'RPC clients query the endpoint mapper anonymously.' },
    {
      value: 1,
      name: 'enabled',
      meaning: 'RPC clients authenticate to the endpoint mapper when the call itself uses authentication.',
    },
  ],
  severity: 'medium',
  rationale:
    'Group Policy “Enable RPC Endpoint Mapper Client Authentication”. When servers restrict unauthenticated clients (RestrictRemoteClients), their endpoint mapper is not reachable anonymously, ' +
    'so clients on this machine must authenticate the endpoint lookup that precedes every dynamic-port RPC call (TCP 135 first, then the dynamic port). ' +
    'CIS and the Microsoft security baseline enable it. The value lives under the Policies key: a domain GPO that sets it wins.',
  sideEffects:
    'Clients of this machine that talk to RPC servers which cannot handle authenticated endpoint-mapper requests (very old or non-Windows implementations) fail to resolve endpoints. A restart is required.',
  restartRequired: true,
  references: ['B1', 'B2', 'B3', 'B4', 'B5', 'R1'],
  baselines: { strict: { equals: 1 } },
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
  legacyAuthenticationLevel,
  legacyImpersonationLevel,
  legacySecureReferences,
  requireIntegrityActivation,
  raiseActivationLevel,
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

/** The registry keys the catalog's own settings live in (the firewall keys come from the firewall model). */
export function catalogKeys(): string[] {
  const keys = new Set<string>();
  for (const setting of CATALOG) {
    switch (setting.kind) {
      case 'dword':
      case 'yes-no':
      case 'descriptor':
        keys.add(setting.location.key);
        if (setting.policy) keys.add(setting.policy.key);
        break;
      case 'rpc-ports':
        keys.add(setting.key);
        break;
      case 'firewall-exposure':
        break;
    }
  }
  return [...keys];
}
