// Writes the simulated machine profiles main/registry/machines/{stock,legacy,gpo-managed}.reg.
// Run: node --import tsx scripts/wine-build-machines.mjs
// Descriptors are encoded from SDDL by SinkGuard's own codec, which lays them out as Windows does (header, DACL,
// owner, group); test/unit/registry/machines.test.ts decodes them back and compares them with the reference.
// Local firewall rules: the real Windows rule strings from ../shared/conformance/firewall_rules.json (one hive's
// Parameters store) that Windows itself ships (resource names `@…`, no app under Program Files or a user's folder,
// no rule of one particular user), minus any that are active and open 135/RPC, plus the WMI/DCOM built-ins from
// domain.md §7 and their -NoScope (Domain profile, no address scope) variants. The legacy machine also carries one
// third-party DCOM server weakened per application (§8) the way admins "fix" its callbacks.
import { readFileSync, writeFileSync } from 'node:fs';
import { encodeSecurityDescriptor, parseSddl } from '../main/domain/descriptors/index.ts';
import { writeRegFile } from '../main/domain/regfile/index.ts';
import { fixtureAppIdTree } from '../main/registry/appid-tree.ts';

const encodeSddl = (sddl) => encodeSecurityDescriptor(parseSddl(sddl));

const CAPABILITY =
  'S-1-15-3-1024-2405443489-874036122-4286035555-1823921565-1746547431-2453885448-3625952902-991631256';
const SDDL = {
  stockAccess: `O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;LU)(A;;CCDC;;;AC)(A;;CCDC;;;${CAPABILITY})`,
  stockLaunch: `O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)(A;;CCDCLCSWRP;;;LU)(A;;CCDCSW;;;AC)(A;;CCDCSW;;;${CAPABILITY})`,
  defaultLaunch: 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)',
  legacyAccess: `O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;LU)(A;;CCDC;;;AC)(A;;CCDC;;;${CAPABILITY})`,
  legacyLaunch: `O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)(A;;CCDCLCSWRP;;;LU)(A;;CCDCSW;;;AC)(A;;CCDCSW;;;${CAPABILITY})`,
};
const GPO_ACCESS_SDDL =
  'O:BAG:BAD:(A;;CCDC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;BA)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;LU)(A;;CCDC;;;AC)';
const GPO_LAUNCH_SDDL =
  'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)(A;;CCDCLCSWRP;;;LU)(A;;CCDCSW;;;AC)';

const sz = (data) => ({ type: 'REG_SZ', data });
const expand = (data) => ({ type: 'REG_EXPAND_SZ', data });
const multi = (...data) => ({ type: 'REG_MULTI_SZ', data });
const dword = (data) => ({ type: 'REG_DWORD', data });
const binary = (data) => ({ type: 'REG_BINARY', data });
const key = (path, values = {}) => ({
  kind: 'key',
  path,
  entries: Object.entries(values).map(([name, value]) => ({ kind: 'set', name, value })),
});

const FIREWALL = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy';
const GPO_FIREWALL = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall';

const WMI = '|Action=Allow|Active=FALSE|Dir=In|Protocol=6|';
const BUILT_IN_RULES = {
  'WMI-RPCSS-In-TCP': `v2.27${WMI}Profile=Private|Profile=Public|LPort=135|RA4=LocalSubnet|RA6=LocalSubnet|App=%SystemRoot%\\system32\\svchost.exe|Svc=rpcss|Name=@FirewallAPI.dll,-34252|Desc=@FirewallAPI.dll,-34253|EmbedCtxt=@FirewallAPI.dll,-34251|`,
  'WMI-RPCSS-In-TCP-NoScope': `v2.27${WMI}Profile=Domain|LPort=135|App=%SystemRoot%\\system32\\svchost.exe|Svc=rpcss|Name=@FirewallAPI.dll,-34252|Desc=@FirewallAPI.dll,-34253|EmbedCtxt=@FirewallAPI.dll,-34251|`,
  'WMI-WINMGMT-In-TCP': `v2.27${WMI}Profile=Private|Profile=Public|RA4=LocalSubnet|RA6=LocalSubnet|App=%SystemRoot%\\system32\\svchost.exe|Svc=winmgmt|Name=@FirewallAPI.dll,-34254|Desc=@FirewallAPI.dll,-34255|EmbedCtxt=@FirewallAPI.dll,-34251|`,
  'WMI-ASYNC-In-TCP': `v2.27${WMI}Profile=Private|Profile=Public|RA4=LocalSubnet|RA6=LocalSubnet|App=%systemroot%\\system32\\wbem\\unsecapp.exe|Name=@FirewallAPI.dll,-34256|Desc=@FirewallAPI.dll,-34257|EmbedCtxt=@FirewallAPI.dll,-34251|`,
  'WMI-WINMGMT-Out-TCP':
    'v2.27|Action=Allow|Active=FALSE|Dir=Out|Protocol=6|Profile=Private|Profile=Public|RA4=LocalSubnet|RA6=LocalSubnet|App=%SystemRoot%\\system32\\svchost.exe|Svc=winmgmt|Name=@FirewallAPI.dll,-34258|Desc=@FirewallAPI.dll,-34259|EmbedCtxt=@FirewallAPI.dll,-34251|',
  'WMI-WINMGMT-In-TCP-NoScope': `v2.27${WMI}Profile=Domain|App=%SystemRoot%\\system32\\svchost.exe|Svc=winmgmt|Name=@FirewallAPI.dll,-34254|Desc=@FirewallAPI.dll,-34255|EmbedCtxt=@FirewallAPI.dll,-34251|`,
  'WMI-WINMGMT-Out-TCP-NoScope':
    'v2.27|Action=Allow|Active=FALSE|Dir=Out|Protocol=6|Profile=Domain|App=%SystemRoot%\\system32\\svchost.exe|Svc=winmgmt|Name=@FirewallAPI.dll,-34258|Desc=@FirewallAPI.dll,-34259|EmbedCtxt=@FirewallAPI.dll,-34251|',
  'RemoteSvcAdmin-RPCSS-In-TCP': `v2.27${WMI}Profile=Private|Profile=Public|LPort=RPC-EPMap|RA4=LocalSubnet|RA6=LocalSubnet|App=%SystemRoot%\\system32\\svchost.exe|Svc=RPCSS|Name=@FirewallAPI.dll,-29515|Desc=@FirewallAPI.dll,-29518|EmbedCtxt=@FirewallAPI.dll,-29502|`,
  'vm-monitoring-dcom':
    'v2.0|Action=Allow|Active=FALSE|Dir=In|Protocol=6|LPort=135|App=%SystemRoot%\\system32\\svchost.exe|Svc=RpcSs|Name=@icsvc.dll,-709|Desc=@icsvc.dll,-710|EmbedCtxt=@icsvc.dll,-700|',
};

/**
 * Shipped by Windows: a resource-string name, no program installed under Program Files or a user profile, and not
 * one local user's rule (LUOwn: the per-user app rules Windows adds when that user signs in, with their SID).
 */
const shippedByWindows = (rule) => {
  const field = (name) => new RegExp(`\\|${name}=([^|]*)`).exec(rule)?.[1] ?? '';
  return (
    field('Name').startsWith('@') && !/\\users\\|program files/i.test(field('App')) && field('LUOwn') === ''
  );
};

function realWindowsRules() {
  const vectors = JSON.parse(
    readFileSync(new URL('../../shared/conformance/firewall_rules.json', import.meta.url), 'utf8'),
  );
  const rules = {};
  for (const { rule, rule_id: id, registry_key: store } of vectors) {
    if (store !== 'ControlSet001\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules')
      continue;
    const opensRpc = /\|Active=TRUE\|/i.test(rule) && /\|LPort=(135|RPC|RPC-EPMap)\|/i.test(rule);
    if (!(id in rules) && !opensRpc && !(id in BUILT_IN_RULES) && shippedByWindows(rule)) rules[id] = rule;
  }
  return rules;
}

const profiles = (store, names, extra = {}) =>
  names.map((name) =>
    key(`${store}\\${name}`, {
      EnableFirewall: dword(1),
      DefaultInboundAction: dword(1),
      DefaultOutboundAction: dword(0),
      ...extra,
    }),
  );

function common({ access, launch, ole = {}, cimom = {}, rules }) {
  return [
    key('HKLM\\SOFTWARE\\Microsoft\\Ole', {
      DefaultLaunchPermission: binary(encodeSddl(SDDL.defaultLaunch)),
      EnableDCOM: sz('Y'),
      LegacyImpersonationLevel: dword(2),
      MachineAccessRestriction: binary(encodeSddl(access)),
      MachineLaunchRestriction: binary(encodeSddl(launch)),
      MaxSxSHashCount: dword(500),
      ...ole,
    }),
    key('HKLM\\SOFTWARE\\Microsoft\\Ole\\AppCompat'),
    key('HKLM\\SOFTWARE\\Microsoft\\WBEM\\CIMOM', {
      'Autorecover MOFs': multi(
        '%windir%\\system32\\wbem\\cimwin32.mof',
        '%windir%\\system32\\wbem\\wmipcima.mof',
      ),
      EnableEvents: sz('1'),
      Logging: sz('1'),
      'Logging Directory': expand('%SystemRoot%\\System32\\LogFiles\\WMI\\'),
      'Repository Directory': expand('%SystemRoot%\\system32\\wbem\\Repository'),
      ...cimom,
    }),
    key('HKLM\\SOFTWARE\\Microsoft\\Rpc', { 'DCOM Protocols': multi('ncacn_ip_tcp') }),
    key('HKLM\\SOFTWARE\\Policies\\Microsoft'),
    key(FIREWALL),
    ...profiles(FIREWALL, ['DomainProfile', 'StandardProfile', 'PublicProfile']),
    key(
      `${FIREWALL}\\FirewallRules`,
      Object.fromEntries(Object.entries(rules).map(([id, rule]) => [id, sz(rule)])),
    ),
  ];
}

const stockRules = { ...realWindowsRules(), ...BUILT_IN_RULES };
const activate = (rule, { scoped = true } = {}) => {
  const active = rule.replace('|Active=FALSE|', '|Active=TRUE|');
  return scoped ? active : active.replace(/RA[46]=LocalSubnet\|/g, '');
};

/** A third-party DCOM server whose callbacks an admin "fixed": Everyone and ANONYMOUS LOGON remote, no authentication. */
const WEAKENED_APPID = '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}';
const weakenedAppId = [
  key('HKLM\\SOFTWARE\\Classes\\AppID'),
  key(`HKLM\\SOFTWARE\\Classes\\AppID\\${WEAKENED_APPID}`, {
    '': sz('Asset Inventory Agent'),
    AccessPermission: binary(
      encodeSddl('O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)(A;;CCDCLC;;;BA)(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)'),
    ),
    AuthenticationLevel: dword(1),
  }),
  key('HKLM\\SOFTWARE\\Classes\\AppID\\InventoryAgent.exe', { AppID: sz(WEAKENED_APPID) }),
];

const machines = {
  stock: [
    ...fixtureAppIdTree({ weakened: false }),
    ...common({ access: SDDL.stockAccess, launch: SDDL.stockLaunch, rules: stockRules }),
  ],
  legacy: [
    ...fixtureAppIdTree({ weakened: true, also: weakenedAppId }),
    ...common({
      access: SDDL.legacyAccess,
      launch: SDDL.legacyLaunch,
      ole: { LegacyAuthenticationLevel: dword(1), LegacyImpersonationLevel: dword(3) },
      cimom: { AllowAnonymousCallback: dword(1), UnsecAppAccessControlDefault: dword(0) },
      rules: {
        ...stockRules,
        'WMI-RPCSS-In-TCP': activate(BUILT_IN_RULES['WMI-RPCSS-In-TCP'], { scoped: false }),
        'WMI-RPCSS-In-TCP-NoScope': activate(BUILT_IN_RULES['WMI-RPCSS-In-TCP-NoScope']),
        'WMI-WINMGMT-In-TCP': activate(BUILT_IN_RULES['WMI-WINMGMT-In-TCP'], { scoped: false }),
        'WMI-ASYNC-In-TCP': activate(BUILT_IN_RULES['WMI-ASYNC-In-TCP'], { scoped: false }),
        '{5B0F6C2A-7D1E-4C38-9A51-2E6D8B3F4A10}':
          'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=135|Name=Open DCOM|',
        '{9E3A1D47-2B6C-4F85-A0D9-7C1B5E8F3264}':
          'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort2_10=49152-65535|Name=RPC dynamic ports|',
      },
    }),
  ],
  'gpo-managed': [
    ...fixtureAppIdTree({ weakened: false }),
    ...common({ access: SDDL.stockAccess, launch: SDDL.stockLaunch, rules: stockRules }),
    key('HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet', {
      Ports: multi('5000-5100'),
      PortsInternetAvailable: sz('Y'),
      UseInternetPorts: sz('Y'),
    }),
    key('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM', {
      MachineAccessRestriction: sz(GPO_ACCESS_SDDL),
      MachineLaunchRestriction: sz(GPO_LAUNCH_SDDL),
    }),
    key('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM\\AppCompat', {
      AllowLocalActivationSecurityCheckExemptionList: dword(0),
    }),
    key('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Rpc', {
      EnableAuthEpResolution: dword(1),
      RestrictRemoteClients: dword(1),
    }),
    key(GPO_FIREWALL, { PolicyVersion: dword(0x21e) }),
    ...profiles(GPO_FIREWALL, ['DomainProfile', 'PrivateProfile', 'PublicProfile']),
    key(`${GPO_FIREWALL}\\FirewallRules`, {
      '{3C8B2E14-6A0F-4D97-B5E2-18F4C7A9D031}': sz(
        'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|LPort=RPC-EPMap|RA4=10.0.10.0/255.255.255.0|App=%SystemRoot%\\system32\\svchost.exe|Svc=RPCSS|Name=Management RPC Endpoint Mapper|EmbedCtxt=Management|',
      ),
      '{A7D40F29-1E5B-48C6-9B3D-6F2E8C4A0B57}': sz(
        'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|LPort=RPC|RA4=10.0.10.0/255.255.255.0|App=%SystemRoot%\\system32\\svchost.exe|Svc=winmgmt|Name=Management WMI|EmbedCtxt=Management|',
      ),
    }),
  ],
};

for (const [name, blocks] of Object.entries(machines)) {
  writeFileSync(new URL(`../main/registry/machines/${name}.reg`, import.meta.url), writeRegFile({ blocks }));
}
console.log(`wrote ${Object.keys(machines).join(', ')}`);
