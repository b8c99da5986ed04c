import { encodeSecurityDescriptor, parseSddl } from '../domain/descriptors/index';
import type { RegFileBlock, RegFileEntry } from '../domain/regfile/index';
import type { RegistryValue } from './types';

/**
 * A realistic, deterministic AppID tree for the simulated machines: service-hosted, DLL-surrogate and local-server
 * applications with Windows-like permissions (scripts/wine-build-machines.mjs writes it into the .reg fixtures), the
 * legacy machine's few weakened the way dcomcnfg leaves them, and any number more for the e2e and benchmarks.
 */

const APPID = 'HKLM\\SOFTWARE\\Classes\\AppID';
const SERVICES = 'HKLM\\SYSTEM\\CurrentControlSet\\Services';

/** Permission descriptors as Windows ships them on its own AppIDs: remote rights for administrators at most. */
const WINDOWS_SDDL = {
  launchAdmins: 'O:BAG:BAD:(A;;CCDCLCSWRP;;;SY)(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSW;;;IU)',
  launchLocal: 'O:BAG:BAD:(A;;CCDCLCSW;;;SY)(A;;CCDCLCSW;;;BA)(A;;CCDCLCSW;;;IU)(A;;CCDCLCSW;;;AC)',
  accessLocal: 'O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)(A;;CCDCLC;;;BA)(A;;CCDC;;;IU)',
  accessEveryoneLocal: 'O:BAG:BAD:(A;;CCDC;;;WD)(A;;CCDC;;;AC)(A;;CCDCLC;;;SY)(A;;CCDCLC;;;BA)',
} as const;

/** What dcomcnfg's "Customize" leaves when an admin lets failing callbacks through. */
const WEAKENED_SDDL = {
  access: 'O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)(A;;CCDCLC;;;BA)(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)',
  launch: 'O:BAG:BAD:(A;;CCDCLCSWRP;;;SY)(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;WD)(A;;CCDCLCSWRP;;;AN)',
} as const;

/** Windows services that host COM servers, with the account each runs as. */
const SERVICES_HOSTING: readonly (readonly [service: string, name: string, account: string])[] = [
  ['BITS', 'Background Intelligent Transfer Service', 'LocalSystem'],
  ['wuauserv', 'Windows Update', 'LocalSystem'],
  ['Winmgmt', 'Windows Management Instrumentation', 'LocalSystem'],
  ['Schedule', 'Task Scheduler', 'LocalSystem'],
  ['EventSystem', 'COM+ Event System', 'NT AUTHORITY\\LocalService'],
  ['VSS', 'Volume Shadow Copy', 'LocalSystem'],
  ['swprv', 'Microsoft Software Shadow Copy Provider', 'LocalSystem'],
  ['CryptSvc', 'Cryptographic Services', 'NT AUTHORITY\\NetworkService'],
  ['Dnscache', 'DNS Client', 'NT AUTHORITY\\NetworkService'],
  ['W32Time', 'Windows Time', 'NT AUTHORITY\\LocalService'],
  ['TrustedInstaller', 'Windows Modules Installer', 'LocalSystem'],
  ['msiserver', 'Windows Installer', 'LocalSystem'],
  ['SENS', 'System Event Notification Service', 'LocalSystem'],
  ['ShellHWDetection', 'Shell Hardware Detection', 'LocalSystem'],
  ['WSearch', 'Windows Search', 'LocalSystem'],
  ['AudioSrv', 'Windows Audio', 'NT AUTHORITY\\LocalService'],
  ['Spooler', 'Print Spooler', 'LocalSystem'],
  ['WinRM', 'Windows Remote Management', 'NT AUTHORITY\\NetworkService'],
  ['DPS', 'Diagnostic Policy Service', 'NT AUTHORITY\\LocalService'],
  ['wlidsvc', 'Microsoft Account Sign-in Assistant', 'LocalSystem'],
];

const SURROGATE_NAMES = [
  'Shell Extension Host',
  'Thumbnail Cache Out of Proc Server',
  'Windows Media Player Sync Provider',
  'Photo Viewer Out of Proc Server',
  'Device Association Framework Provider Host',
  'Search Filter Host',
  'Windows Defender Scan Host',
  'Sync Center Handler',
  'Windows Backup Provider',
  'XPS Document Converter',
];

const SERVER_NAMES: readonly (readonly [name: string, exe: string])[] = [
  ['Microsoft Excel Application', 'EXCEL.EXE'],
  ['Microsoft Word Document', 'WINWORD.EXE'],
  ['Outlook Message Attachment', 'OUTLOOK.EXE'],
  ['Internet Explorer(Ver 1.0)', 'iexplore.exe'],
  ['Windows Media Player', 'wmplayer.exe'],
  ['Microsoft Management Console', 'mmc.exe'],
  ['Remote Desktop Connection Broker Client', 'mstsc.exe'],
  ['Fax Service Client', 'fxssvc.exe'],
  ['OneDrive Sync Engine', 'OneDrive.exe'],
  ['Acrobat Reader Document Host', 'AcroRd32.exe'],
];

const sz = (data: string): RegistryValue => ({ type: 'REG_SZ', data });
const dword = (data: number): RegistryValue => ({ type: 'REG_DWORD', data });
const binaryCache = new Map<string, RegistryValue>();
const descriptor = (sddl: string): RegistryValue => {
  let value = binaryCache.get(sddl);
  if (!value)
    binaryCache.set(sddl, (value = { type: 'REG_BINARY', data: encodeSecurityDescriptor(parseSddl(sddl)) }));
  return value;
};
const key = (path: string, values: Record<string, RegistryValue | undefined>): RegFileBlock => ({
  kind: 'key',
  path,
  entries: Object.entries(values)
    .filter((entry): entry is [string, RegistryValue] => entry[1] !== undefined)
    .map(([name, value]): RegFileEntry => ({ kind: 'set', name, value })),
});

/** A stable GUID for application `n` of a family (so the same tree is generated every time). */
export function simulatedAppIdGuid(family: number, n: number): string {
  const hex = (value: number, width: number) => (value >>> 0).toString(16).toUpperCase().padStart(width, '0');
  const mix = Math.imul(n + 1, 0x9e3779b1) ^ Math.imul(family + 7, 0x85ebca6b);
  return `{${hex(mix, 8)}-${hex(family * 0x111 + 0x1000, 4)}-4${hex(n, 3).slice(-3)}-9${hex(n >>> 12, 3)}-${hex(n, 4)}${hex(mix ^ 0x5bd1e995, 8)}}`;
}

/** Application `n` of the Windows-like families: service-hosted (40%), surrogate (30%), local server (30%). */
function windowsLike(n: number, family: number): RegFileBlock[] {
  const guid = simulatedAppIdGuid(family, n);
  const path = `${APPID}\\${guid}`;
  const kind = n % 10 < 4 ? 'service' : n % 10 < 7 ? 'surrogate' : 'server';
  const round = Math.floor(n / SERVICES_HOSTING.length);
  if (kind === 'service') {
    const [service, name, account] = SERVICES_HOSTING[n % SERVICES_HOSTING.length]!;
    return [
      key(path, {
        '': sz(round === 0 ? name : `${name} (${round + 1})`),
        LocalService: sz(service),
        LaunchPermission: n % 3 === 0 ? descriptor(WINDOWS_SDDL.launchAdmins) : undefined,
        AccessPermission: n % 4 === 0 ? descriptor(WINDOWS_SDDL.accessLocal) : undefined,
        AuthenticationLevel: n % 7 === 0 ? dword(6) : undefined,
      }),
      key(`${SERVICES}\\${service}`, { ObjectName: sz(account) }),
    ];
  }
  if (kind === 'surrogate') {
    const name = SURROGATE_NAMES[n % SURROGATE_NAMES.length]!;
    return [
      key(path, {
        '': sz(n < 10 ? name : `${name} ${n}`),
        DllSurrogate: sz(''),
        RunAs: n % 3 === 0 ? sz('Interactive User') : undefined,
        LaunchPermission: n % 2 === 0 ? descriptor(WINDOWS_SDDL.launchLocal) : undefined,
        AccessPermission: n % 5 === 0 ? descriptor(WINDOWS_SDDL.accessEveryoneLocal) : undefined,
      }),
    ];
  }
  const [name, exe] = SERVER_NAMES[n % SERVER_NAMES.length]!;
  // Numbered past the first ten, and by family too, so no two families map one executable name.
  const suffix = family === 1 ? (n < 10 ? '' : `${n}`) : `${family}-${n}`;
  const exeName = exe.replace(/\.exe$/i, `${suffix}.exe`);
  return [
    key(path, {
      '': n % 4 === 3 ? undefined : sz(n < 10 ? name : `${name} ${n}`),
      RunAs:
        n % 3 === 0 ? sz('nt authority\\networkservice') : n % 3 === 1 ? sz('Interactive User') : undefined,
      LaunchPermission: n % 2 === 0 ? descriptor(WINDOWS_SDDL.launchAdmins) : undefined,
      AuthenticationLevel: n % 5 === 0 ? dword(2) : undefined,
    }),
    key(`${APPID}\\${exeName}`, { AppID: sz(guid) }),
  ];
}

/** Application `n` weakened the dcomcnfg way: RunAs absent, Everyone and ANONYMOUS LOGON remote, level None. */
function weakened(n: number, family: number): RegFileBlock[] {
  const guid = simulatedAppIdGuid(family, n);
  const exe = `CallbackAgent${family === 2 ? n : `${family}-${n}`}.exe`;
  return [
    key(`${APPID}\\${guid}`, {
      '': sz(`Callback Agent ${n}`),
      AccessPermission: n % 3 !== 2 ? descriptor(WEAKENED_SDDL.access) : undefined,
      LaunchPermission: n % 3 !== 0 ? descriptor(WEAKENED_SDDL.launch) : undefined,
      AuthenticationLevel: n % 2 === 0 ? dword(1) : undefined,
    }),
    key(`${APPID}\\${exe}`, { AppID: sz(guid) }),
  ];
}

/** How many Windows-like applications each fixture carries, and how many weakened ones the legacy machine adds. */
export const FIXTURE_APPIDS = { windowsLike: 240, weakened: 6 } as const;

/**
 * The fixtures' AppID tree (the root key first), `also` (more AppID keys) merged in: Windows-like on every machine,
 * the weakened ones on legacy. Subkeys in the order `reg export` writes them (case-insensitive), so a Wine prefix
 * that imports the file and the simulated store that parses it list them alike.
 */
export function fixtureAppIdTree(options: {
  readonly weakened: boolean;
  readonly also?: readonly RegFileBlock[];
}): RegFileBlock[] {
  const blocks: RegFileBlock[] = [...(options.also ?? [])];
  for (let n = 0; n < FIXTURE_APPIDS.windowsLike; n++) blocks.push(...windowsLike(n, 1));
  if (options.weakened) for (let n = 0; n < FIXTURE_APPIDS.weakened; n++) blocks.push(...weakened(n, 2));
  const folded = (block: RegFileBlock) => block.path.toUpperCase();
  const sorted = dedupeServices(blocks.filter((block) => folded(block) !== APPID.toUpperCase())).sort(
    (a, b) => (folded(a) < folded(b) ? -1 : folded(a) > folded(b) ? 1 : 0),
  );
  return [key(APPID, {}), ...sorted];
}

/**
 * `count` more applications (for a 2,000-AppID machine in the e2e and benchmarks), GUIDs distinct from the
 * fixtures': Windows-like, one in 40 weakened so "at fault only" has something to narrow to.
 */
export function extraAppIdTree(count: number): RegFileBlock[] {
  const blocks: RegFileBlock[] = [];
  for (let n = 0; n < count; n++) blocks.push(...(n % 40 === 39 ? weakened(n, 4) : windowsLike(n, 3)));
  return dedupeServices(blocks);
}

/** The AppIDs first, then each service key once however many AppIDs it hosts (as two `reg export`s would list them). */
function dedupeServices(blocks: readonly RegFileBlock[]): RegFileBlock[] {
  const services = new Map<string, RegFileBlock>();
  for (const block of blocks) {
    if (block.path.startsWith(SERVICES)) services.set(block.path.toLowerCase(), block);
  }
  return [...blocks.filter((block) => !block.path.startsWith(SERVICES)), ...services.values()];
}
