/**
 * The sources behind the catalog, by the ids domain.md uses (W1, C3, K1, ...) plus the baselines the RPC items come
 * from (B*). Titles and addresses are spelled out so a report stands on its own. Baseline titles quote the
 * recommendation's wording; their numbers are left out, since they change between benchmark versions.
 */
export interface Reference {
  readonly id: string;
  readonly title: string;
  readonly url: string;
}

const win32 = (path: string): string => `https://learn.microsoft.com/en-us/windows/win32/${path}`;

export const REFERENCES = {
  W1: {
    title: 'Microsoft: Setting Security on an Asynchronous Call (WMI)',
    url: win32('wmisdk/setting-security-on-an-asynchronous-call'),
  },
  W2: {
    title: 'Microsoft: Connecting to WMI Remotely Starting with Windows Vista',
    url: win32('wmisdk/connecting-to-wmi-remotely-starting-with-vista'),
  },
  W3: {
    title: 'Microsoft: Making an Asynchronous Call with VBScript',
    url: win32('wmisdk/making-an-asynchronous-call-with-vbscript'),
  },
  W4: {
    title: 'Microsoft: IWbemUnsecuredApartment::CreateSinkStub',
    url: win32('api/wbemcli/nf-wbemcli-iwbemunsecuredapartment-createsinkstub'),
  },
  W5: {
    title: 'Microsoft: WBEM_UNSECAPP_FLAG_TYPE enumeration',
    url: win32('api/wbemcli/ne-wbemcli-wbem_unsecapp_flag_type'),
  },
  W9: { title: 'Microsoft: WMI dependency (firewall rules)', url: win32('ics/wmi-dependency') },
  W10: {
    title: 'Microsoft: WbemAuthenticationLevelEnum',
    url: win32('api/wbemdisp/ne-wbemdisp-wbemauthenticationlevelenum'),
  },
  C1: {
    title: 'Microsoft: HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole',
    url: win32('com/hkey-local-machine-software-microsoft-ole'),
  },
  C2: { title: 'Microsoft: EnableDCOM', url: win32('com/enabledcom') },
  C3: { title: 'Microsoft: LegacyAuthenticationLevel', url: win32('com/legacyauthenticationlevel') },
  C4: { title: 'Microsoft: LegacyImpersonationLevel', url: win32('com/legacyimpersonationlevel') },
  C5: { title: 'Microsoft: LegacySecureReferences', url: win32('com/legacysecurereferences') },
  C6: { title: 'Microsoft: DefaultAccessPermission', url: win32('com/defaultaccesspermission') },
  C7: { title: 'Microsoft: DefaultLaunchPermission', url: win32('com/defaultlaunchpermission') },
  C8: { title: 'Microsoft: MachineAccessRestriction', url: win32('com/machineaccessrestriction') },
  C9: { title: 'Microsoft: MachineLaunchRestriction', url: win32('com/machinelaunchrestriction') },
  C10: { title: 'Microsoft: COM Security Defaults', url: win32('com/com-security-defaults') },
  C11: { title: 'Microsoft: Access Control Lists for COM', url: win32('com/access-control-lists-for-com') },
  C12: {
    title: 'Microsoft: DCOM Security Enhancements in Windows XP SP2 and Windows Server 2003 SP1',
    url: win32(
      'com/dcom-security-enhancements-in-windows-xp-service-pack-2-and-windows-server-2003-service-pack-1',
    ),
  },
  C13: {
    title: 'Microsoft: Impersonation Level Constants',
    url: win32('com/com-impersonation-level-constants'),
  },
  C14: {
    title: 'Microsoft: Authentication Level Constants',
    url: win32('com/com-authentication-level-constants'),
  },
  C17: { title: 'Microsoft: AuthenticationLevel (AppID)', url: win32('com/authenticationlevel') },
  C20: { title: 'Microsoft: DCOMCNFG (ATL)', url: 'https://learn.microsoft.com/en-us/cpp/atl/dcomcnfg' },
  K1: {
    title:
      'Microsoft KB5004442: Manage changes for Windows DCOM Server Security Feature Bypass (CVE-2021-26414)',
    url: 'https://support.microsoft.com/en-us/topic/kb5004442-manage-changes-for-windows-dcom-server-security-feature-bypass-cve-2021-26414-f1400b52-c141-43d2-941e-37ed901c769c',
  },
  K4: {
    title: 'Born City: DCOM hardening (CVE-2021-26414) on March 14, 2023 patchday (third party)',
    url: 'https://borncity.com/win/2023/03/05/dcom-hardening-cve-2021-26414-on-march-14-2023-patchday-for-windows-10-11-and-server',
  },
  G1: {
    title:
      'Microsoft: DCOM: Machine Access Restrictions in Security Descriptor Definition Language (SDDL) syntax',
    url: 'https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-10/security/threat-protection/security-policy-settings/dcom-machine-access-restrictions-in-security-descriptor-definition-language-sddl-syntax',
  },
  G2: {
    title:
      'Microsoft: DCOM: Machine Launch Restrictions in Security Descriptor Definition Language (SDDL) syntax',
    url: 'https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-10/security/threat-protection/security-policy-settings/dcom-machine-launch-restrictions-in-security-descriptor-definition-language-sddl-syntax',
  },
  G4: {
    title: 'CocoHall/netCheck mydcom.cpp: default DCOM descriptors and policy-first lookup (third party)',
    url: 'https://github.com/CocoHall/netCheck',
  },
  R1: {
    title: 'Microsoft: Troubleshoot RPC errors (configuring RPC dynamic port allocation)',
    url: 'https://learn.microsoft.com/en-us/troubleshoot/windows-client/networking/rpc-errors-troubleshooting',
  },
  R2: {
    title: 'Microsoft: Configuring the Registry for Port Allocations and Selective Binding',
    url: win32('rpc/configuring-the-windows-xp-2000-nt-registry-for-port-allocations-and-selective-binding'),
  },
  R3: {
    title: 'Microsoft KB929851: The default dynamic port range for TCP/IP has changed',
    url: 'https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/default-dynamic-port-range-tcpip-chang',
  },
  F1: {
    title: '[MS-GPFAS]: Group Policy: Firewall and Advanced Security Data Structure',
    url: 'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-gpfas/2efe0b76-7b4a-41ff-9050-1023f8196d16',
  },
  F4: {
    title: 'MichaelGrafnetter/active-directory-firewall: built-in inbound firewall rules (third party)',
    url: 'https://github.com/MichaelGrafnetter/active-directory-firewall',
  },
  C15: { title: 'Microsoft: AccessPermission (AppID)', url: win32('com/accesspermission') },
  C16: { title: 'Microsoft: LaunchPermission (AppID)', url: win32('com/launchpermission') },
  C18: { title: 'Microsoft: RunAs (AppID)', url: win32('com/runas') },
  C22: { title: 'Microsoft: DCOMSCMRemoteCallFlags', url: win32('com/dcomscmremotecallflags') },
  G6: {
    title:
      'Microsoft: Policy CSP - ADMX_DCOM ("Allow local activation security check exemptions", "Define Activation Security Check exemptions")',
    url: 'https://learn.microsoft.com/en-us/windows/client-management/mdm/policy-csp-admx-dcom',
  },
  B1: {
    title:
      "CIS Microsoft Windows Server Benchmarks: \"Ensure 'Restrict Unauthenticated RPC clients' is set to 'Enabled: Authenticated' (MS only)\"",
    url: 'https://www.cisecurity.org/benchmark/microsoft_windows_server',
  },
  B2: {
    title:
      'DISA Windows 11 STIG WN11-CC-000165: "Unauthenticated RPC clients must be restricted from connecting to the RPC server" (RestrictRemoteClients = 1)',
    url: 'https://public.cyber.mil/stigs/downloads/',
  },
  B3: {
    title:
      'Microsoft: Policy CSP - RemoteProcedureCall (RestrictUnauthenticatedRPCClients, RPCEndpointMapperClientAuthentication)',
    url: 'https://learn.microsoft.com/en-us/windows/client-management/mdm/policy-csp-remoteprocedurecall',
  },
  B4: {
    title: '[MS-RPCE] 3.1.1.1.3 Authorization Policy (RestrictRemoteClients, EnableAuthEpResolution)',
    url: 'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-rpce/85f623c0-c5d5-45a8-81da-ea7803ec3099',
  },
  B5: {
    title: 'Microsoft: RPC Interface Restriction for Windows Server',
    url: 'https://learn.microsoft.com/en-us/windows-server/security/rpc-interface-restrict',
  },
  B7: {
    title:
      'Microsoft security baselines for Windows 10 (Security Compliance Toolkit): System > Remote Procedure Call, “Restrict Unauthenticated RPC clients” and “Enable RPC Endpoint Mapper Client Authentication”',
    url: 'https://learn.microsoft.com/en-us/windows/security/operating-system-security/device-management/windows-security-configuration-framework/security-compliance-toolkit-10',
  },
  B6: {
    title:
      "CIS Microsoft Windows Server Benchmarks: \"Ensure 'Enable RPC Endpoint Mapper Client Authentication' is set to 'Enabled' (MS only)\"",
    url: 'https://www.cisecurity.org/benchmark/microsoft_windows_server',
  },
} as const satisfies Record<string, Omit<Reference, 'id'>>;

export type ReferenceId = keyof typeof REFERENCES;

export function reference(id: ReferenceId): Reference {
  return { id, ...REFERENCES[id] };
}
