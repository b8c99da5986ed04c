import { AUTHENTICATION_LEVELS, IMPERSONATION_LEVELS } from './constants';
import { GPO, KEYS } from './sources';
import type { DescriptorSetting, DescriptorWarning, DwordSetting, YesNoSetting } from './types';

/** DCOM on or off, its machine-wide limits and default permissions, and the legacy levels. */

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

export const enableDcom: YesNoSetting = {
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

export const legacyAuthenticationLevel: DwordSetting = {
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

export const legacyImpersonationLevel: DwordSetting = {
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

export const legacySecureReferences: YesNoSetting = {
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

export const machineAccessRestriction: DescriptorSetting = {
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

export const machineLaunchRestriction: DescriptorSetting = {
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

export const defaultAccessPermission: DescriptorSetting = {
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

export const defaultLaunchPermission: DescriptorSetting = {
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
