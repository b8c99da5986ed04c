/** Every tree the machine fixtures (main/registry/machines/*.reg) write: cleared before one is imported. */
export const MACHINE_FIXTURE_ROOTS = [
  'HKLM\\SOFTWARE\\Classes\\AppID',
  'HKLM\\SOFTWARE\\Microsoft\\Ole',
  'HKLM\\SOFTWARE\\Microsoft\\WBEM\\CIMOM',
  'HKLM\\SOFTWARE\\Microsoft\\Rpc',
  'HKLM\\SOFTWARE\\Policies\\Microsoft',
  'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess',
] as const;
