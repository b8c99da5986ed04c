/** Where the catalog's settings live: registry keys, Group Policy editor paths, the policy-only note. */

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
export const GPO = {
  securityOptions:
    'Computer Configuration > Windows Settings > Security Settings > Local Policies > Security Options',
  rpc: 'Computer Configuration > Administrative Templates > System > Remote Procedure Call',
  dcomAppCompat:
    'Computer Configuration > Administrative Templates > System > Distributed COM > Application Compatibility Settings',
  firewall:
    'Computer Configuration > Windows Settings > Security Settings > Windows Defender Firewall with Advanced Security',
} as const;

/** Said of every setting that exists only as a Group Policy value. */
export const POLICY_ONLY =
  'The value exists only as a Group Policy value (under HKLM\\SOFTWARE\\Policies): a GPO sets it, never SinkGuard’s local writes.';
