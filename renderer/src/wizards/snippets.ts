/** Client-side fixes for callers hit by the UnsecApp access check, by language. */
export const CLIENT_SNIPPETS: readonly { readonly title: string; readonly code: string }[] = [
  {
    title: 'PowerShell (CIM, recommended)',
    code: [
      '$options = New-CimSessionOption -Protocol Dcom -Impersonation Impersonate -PacketPrivacy',
      "$session = New-CimSession -ComputerName 'server' -SessionOption $options",
      'Get-CimInstance -CimSession $session -ClassName Win32_OperatingSystem',
    ].join('\n'),
  },
  {
    title: 'PowerShell (WMI cmdlets)',
    code: "Get-WmiObject -Class Win32_OperatingSystem -ComputerName 'server' -Impersonation Impersonate -Authentication PacketPrivacy",
  },
  {
    title: 'VBScript',
    code: [
      'Set services = GetObject("winmgmts:{impersonationLevel=impersonate,authenticationLevel=pktPrivacy}!\\\\server\\root\\cimv2")',
      "' Prefer semisynchronous calls (ExecQuery) over ExecQueryAsync_: no callback sink is exposed.",
    ].join('\n'),
  },
  {
    title: 'C++',
    code: [
      'CoInitializeSecurity(nullptr, -1, nullptr, nullptr,',
      '    RPC_C_AUTHN_LEVEL_PKT_PRIVACY, RPC_C_IMP_LEVEL_IMPERSONATE,',
      '    nullptr, EOAC_NONE, nullptr);',
      '',
      '// For asynchronous calls, ask unsecapp.exe to check who calls back, whatever the registry says:',
      'IWbemObjectSink* stubSink = nullptr;',
      'unsecuredApartment->CreateSinkStub(sink, WBEM_FLAG_UNSECAPP_CHECK_ACCESS, nullptr, &stubSink);',
    ].join('\n'),
  },
];
