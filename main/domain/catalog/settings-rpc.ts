import { GPO, KEYS, POLICY_ONLY } from './sources';
import type { DwordSetting, RpcPortsSetting } from './types';

/** The RPC runtime's Group Policy settings and the dynamic port range. */

export const restrictRemoteClients: DwordSetting = {
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
    POLICY_ONLY,
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

export const endpointMapperAuthentication: DwordSetting = {
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
    POLICY_ONLY,
  sideEffects:
    'Clients of this machine that talk to RPC servers which cannot handle authenticated endpoint-mapper requests (very old or non-Windows implementations, Windows NT 4) fail to resolve endpoints. A restart is required.',
  restartRequired: true,
  references: ['B6', 'B7', 'B3', 'B4', 'B5', 'R1'],
  baselines: { strict: { equals: 1 } },
};

export const rpcPortRestriction: RpcPortsSetting = {
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
