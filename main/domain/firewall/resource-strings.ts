/**
 * Rule names, descriptions and groups are often `@module,-id` references into a module's string table
 * (`Name=@FirewallAPI.dll,-34256`); Windows shows the string in the machine's language. SinkGuard cannot load the
 * module offline, so it knows the English text of the references its reference names ([domain.md §7]): the WMI
 * rules and groups an exposure report is about. Everything else stays a reference.
 */

/** English texts by lowercase module file name and string id. */
const ENGLISH: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  'firewallapi.dll': {
    28502: 'File and Printer Sharing',
    29752: 'Remote Administration',
    29765: 'Remote Administration (RPC-EPMAP)',
    34251: 'Windows Management Instrumentation (WMI)',
    34252: 'Windows Management Instrumentation (DCOM-In)',
    34254: 'Windows Management Instrumentation (WMI-In)',
    34256: 'Windows Management Instrumentation (ASync-In)',
    34258: 'Windows Management Instrumentation (WMI-Out)',
  },
};

/**
 * The English text of string `id` of `module`, when known. The module may be written with a path or environment
 * variables (`%SystemRoot%\system32\FirewallAPI.dll`): only its file name counts, case-insensitively.
 */
export function englishResourceString(module: string, id: number): string | null {
  const file = module.split(/[\\/]/).pop()!.toLowerCase();
  return ENGLISH[file]?.[id] ?? null;
}
