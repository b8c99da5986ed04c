import type { AuditBackend, MachineIdentity } from '../domain/audit/index';
import type { KeySnapshot, RegistryPort } from '../registry/types';

/** Where Windows keeps its build (CurrentBuild + UBR) and the machine's DNS domain; read shallow, through the port. */
export const CURRENT_VERSION_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
export const TCPIP_PARAMETERS_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters';
export const COMPUTER_NAME_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName';

export interface MachineFacts {
  readonly platform: NodeJS.Platform;
  /** reg-file: `reg export` files audited offline, which say only what they hold. */
  readonly backend: AuditBackend;
  /** The port's description, e.g. "simulated: legacy". */
  readonly description: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** os.hostname() and os.release() of the process; offline, the collector's host name (null when none). */
  readonly hostname: string | null;
  /** Offline: the OS build the collector recorded, used when the export holds no CurrentVersion key. */
  readonly collectedOsBuild?: string | null;
  readonly osRelease: string;
  /** The three keys above as the backend read them (missing keys: exists false). */
  readonly snapshots: readonly KeySnapshot[];
}

const text = (snapshots: readonly KeySnapshot[], key: string, name: string): string | null => {
  const value = snapshots.find((snapshot) => snapshot.path === key)?.values.get(name);
  if (value?.type === 'REG_SZ' || value?.type === 'REG_EXPAND_SZ') return value.data.trim() || null;
  if (value?.type === 'REG_DWORD') return String(value.data);
  return null;
};

/**
 * The machine as far as it can be told, never guessed: a simulated machine is named as such and says only what its
 * registry holds; a real one (Windows, or Wine's registry) by the process's host name, the registry's build and its
 * domain (the Tcpip `Domain` value, else USERDNSDOMAIN on Windows; no domain on Windows means a workgroup).
 */
export function machineIdentityFrom(facts: MachineFacts): MachineIdentity {
  if (facts.backend === 'reg-file') return offlineIdentity(facts);
  const { snapshots } = facts;
  const simulated = facts.backend === 'simulated';
  const build = buildOf(snapshots);
  const what = simulated ? `Simulated machine (${facts.description.replace(/^simulated: /, '')})` : null;
  const osBuild =
    build !== null
      ? `${what ? `${what}: ` : ''}${build}`
      : (what ??
        (facts.platform === 'win32'
          ? `Windows ${facts.osRelease}`
          : `Wine's registry on ${facts.platform} ${facts.osRelease}: no Windows build recorded`));
  const hostName = text(snapshots, COMPUTER_NAME_KEY, 'ComputerName') ?? (simulated ? null : facts.hostname);
  const domain = text(snapshots, TCPIP_PARAMETERS_KEY, 'Domain');
  const userDomain = facts.platform === 'win32' && !simulated ? facts.env.USERDNSDOMAIN?.trim() : undefined;
  const membership: MachineIdentity['membership'] = domain
    ? { kind: 'domain', name: domain, from: 'the Domain value of the Tcpip parameters' }
    : userDomain
      ? { kind: 'domain', name: userDomain, from: 'the USERDNSDOMAIN environment variable' }
      : facts.platform === 'win32' && !simulated
        ? { kind: 'workgroup', from: 'no domain in the Tcpip parameters or USERDNSDOMAIN' }
        : {
            kind: 'unknown',
            why: simulated
              ? 'not known offline: the simulated machine records no domain'
              : "not known: Wine's registry records no domain",
          };
  return { hostName, osBuild, membership };
}

/** "Windows 11 Pro 23H2, build 22631.4460" from the CurrentVersion key, or null when it holds no build. */
function buildOf(snapshots: readonly KeySnapshot[]): string | null {
  const build = text(snapshots, CURRENT_VERSION_KEY, 'CurrentBuild');
  if (build === null) return null;
  const ubr = text(snapshots, CURRENT_VERSION_KEY, 'UBR');
  let product = text(snapshots, CURRENT_VERSION_KEY, 'ProductName');
  // Windows 11 still writes "Windows 10 …" as ProductName; build 22000 is where 11 begins.
  if (product?.startsWith('Windows 10') && Number(build) >= 22000)
    product = product.replace('Windows 10', 'Windows 11');
  const version = text(snapshots, CURRENT_VERSION_KEY, 'DisplayVersion');
  return `${[product ?? 'Windows', version].filter(Boolean).join(' ')}, build ${build}${ubr === null ? '' : `.${ubr}`}`;
}

/** An export says what it holds and the collector's manifest the rest; the auditing machine's own facts never leak in. */
function offlineIdentity(facts: MachineFacts): MachineIdentity {
  const { snapshots } = facts;
  const domain = text(snapshots, TCPIP_PARAMETERS_KEY, 'Domain');
  return {
    hostName: text(snapshots, COMPUTER_NAME_KEY, 'ComputerName') ?? facts.hostname,
    osBuild: buildOf(snapshots) ?? facts.collectedOsBuild ?? 'not recorded in the export',
    membership: domain
      ? { kind: 'domain', name: domain, from: 'the Domain value of the Tcpip parameters' }
      : { kind: 'unknown', why: 'not recorded in the export' },
  };
}

/** Reads the three keys through the backend in use and builds the identity; a failed read leaves them unknown. */
export async function readMachineIdentity(
  port: RegistryPort,
  facts: Omit<MachineFacts, 'snapshots' | 'backend' | 'description'> & { readonly backend?: AuditBackend },
): Promise<MachineIdentity> {
  const snapshots = await port
    .readKeys([CURRENT_VERSION_KEY, TCPIP_PARAMETERS_KEY, COMPUTER_NAME_KEY], { reportUnreadable: true })
    .catch((): KeySnapshot[] => []);
  return machineIdentityFrom({
    ...facts,
    backend: facts.backend ?? port.kind,
    description: port.description,
    snapshots,
  });
}
