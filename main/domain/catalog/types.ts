import type { ReferenceId } from './references';

export const SETTING_AREAS = ['wmi-callbacks', 'dcom-limits', 'authentication', 'firewall', 'rpc'] as const;
export type SettingArea = (typeof SETTING_AREAS)[number];

/** How bad it is when a setting falls short of the profile, lowest first. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function worstSeverity(severities: Iterable<Severity | null>): Severity | null {
  let worst: Severity | null = null;
  for (const severity of severities) {
    if (severity !== null && (worst === null || severityRank(severity) > severityRank(worst)))
      worst = severity;
  }
  return worst;
}

/** One registry value: `key` spelled `HKLM\SOFTWARE\...` as the registry port expects. */
export interface ValueLocation {
  readonly key: string;
  readonly value: string;
}

/** One value a setting may take, with the constant's name and what it means in plain words. */
export interface NamedValue<V> {
  readonly value: V;
  /** The constant's name where Windows has one (`RPC_C_AUTHN_LEVEL_PKT_PRIVACY`), else a short label. */
  readonly name: string;
  readonly meaning: string;
}

/** What Windows does when the value is not there. `value: null` = it depends on the machine (said in `meaning`). */
export interface WhenAbsent<V> {
  readonly value: V | null;
  readonly meaning: string;
  /** False when no Microsoft document states it (domain.md UNCONFIRMED): the explanation says so. */
  readonly confirmed: boolean;
}

export type YesNo = 'Y' | 'N';

/**
 * Targets a profile sets per setting, by setting kind. A scalar target names the acceptable values; the value the
 * change engine would write is `equals`, the first of `anyOf`, or the bound of `atLeast` / `atMost`.
 */
export type NumberTarget =
  | { readonly equals: number }
  | { readonly anyOf: readonly number[] }
  | { readonly atLeast: number }
  | { readonly atMost: number };
export type YesNoTarget = { readonly equals: YesNo } | { readonly anyOf: readonly YesNo[] };

/** Principals (SDDL aliases) a profile can forbid from holding remote rights beyond Windows' default descriptor. */
export const WATCHED_PRINCIPALS = {
  AN: { sid: 'S-1-5-7', name: 'ANONYMOUS LOGON' },
  WD: { sid: 'S-1-1-0', name: 'Everyone' },
  AU: { sid: 'S-1-5-11', name: 'Authenticated Users' },
  BU: { sid: 'S-1-5-32-545', name: 'Users' },
  BG: { sid: 'S-1-5-32-546', name: 'Guests' },
} as const;
export type WatchedPrincipal = keyof typeof WATCHED_PRINCIPALS;

export interface DescriptorTarget {
  /** These principals may hold no remote right (remote access, launch or activation) beyond Windows' default. */
  readonly noRemoteBeyondDefault: readonly WatchedPrincipal[];
}

export type RpcPortsTarget =
  /** No restriction required; a restriction that is present must still be valid (else EPM registrations fail). */
  | { readonly restrict: false }
  /** A valid include-list restriction of at least 100 ports; `ports` is what the change engine would write. */
  | { readonly restrict: true; readonly ports: readonly string[] };

export interface FirewallTarget {
  /** `management-scope`: reachable only from the profile's management scope; `nowhere`: no enabled allow rule. */
  readonly reachableFrom: 'management-scope' | 'nowhere';
}

export type BuiltInProfileName = 'recommended' | 'strict';

/** The built-in profiles' targets for one setting; a missing entry means that profile does not assess it. */
export type Baselines<T> = Readonly<Partial<Record<BuiltInProfileName, T>>>;

interface SettingCommon {
  /** Stable id (`dcom.legacy-authentication-level`): profiles, reports and the change engine use it. */
  readonly id: string;
  readonly title: string;
  readonly area: SettingArea;
  /** Severity when the setting falls short of the profile (some kinds refine it per value or principal). */
  readonly severity: Severity;
  /** Why the setting matters, one paragraph. */
  readonly rationale: string;
  /** What changing it breaks, and who must do what. */
  readonly sideEffects: string;
  /** Whether a change takes effect only after a restart (of the machine or the service named in sideEffects). */
  readonly restartRequired: boolean;
  readonly references: readonly ReferenceId[];
}

/** A REG_DWORD with named values (authentication levels, flags). */
export interface DwordSetting extends SettingCommon {
  readonly kind: 'dword';
  readonly location: ValueLocation;
  /** Where Group Policy sets the same value (it takes precedence), if it can. */
  readonly policy?: ValueLocation;
  readonly whenAbsent: WhenAbsent<number>;
  readonly allowed: readonly NamedValue<number>[];
  /** Severity per value when that value falls short (else `severity`). */
  readonly severityByValue?: Readonly<Record<number, Severity>>;
  readonly baselines: Baselines<NumberTarget>;
}

/** A REG_SZ `Y`/`N` switch (case-insensitive). */
export interface YesNoSetting extends SettingCommon {
  readonly kind: 'yes-no';
  readonly location: ValueLocation;
  readonly policy?: ValueLocation;
  readonly whenAbsent: WhenAbsent<YesNo>;
  readonly allowed: readonly NamedValue<YesNo>[];
  /** How Windows reads a string that is neither Y nor N: as N (documented for some values) or unknown. */
  readonly otherStrings: 'mean-no' | 'unreadable';
  readonly baselines: Baselines<YesNoTarget>;
}

/** A self-relative security descriptor in REG_BINARY; Group Policy may set the same limit as REG_SZ SDDL. */
export interface DescriptorSetting extends SettingCommon {
  readonly kind: 'descriptor';
  readonly location: ValueLocation;
  readonly policy?: ValueLocation;
  /** Which COM rights the ACL holds: access (local/remote access) or launch (launch and activation). */
  readonly rights: 'access' | 'launch';
  /** Which of the Windows default descriptors applies (domain.md §4). */
  readonly windowsDefault:
    | 'MachineAccessRestriction'
    | 'MachineLaunchRestriction'
    | 'DefaultAccessPermission'
    | 'DefaultLaunchPermission';
  readonly whenAbsent: { readonly meaning: string; readonly confirmed: boolean };
  /** Severity per principal found with remote rights beyond the default (else `severity`). */
  readonly severityByPrincipal?: Readonly<Partial<Record<WatchedPrincipal, Severity>>>;
  readonly baselines: Baselines<DescriptorTarget>;
}

/** The RPC dynamic port restriction under `Rpc\Internet` (three values read together). */
export interface RpcPortsSetting extends SettingCommon {
  readonly kind: 'rpc-ports';
  readonly key: string;
  readonly values: {
    readonly ports: string;
    readonly portsInternetAvailable: string;
    readonly useInternetPorts: string;
  };
  /** Fewer ports than this is a finding (Microsoft recommends at least 100). */
  readonly minimumPorts: number;
  /** Severity of a configuration Windows rejects (every EPM registration then fails). */
  readonly invalidSeverity: Severity;
  readonly baselines: Baselines<RpcPortsTarget>;
}

/** Who can reach an RPC entry point through the firewall; evaluated by the firewall model's exposure analysis. */
export interface FirewallExposureSetting extends SettingCommon {
  readonly kind: 'firewall-exposure';
  readonly target: 'endpoint-mapper' | 'dynamic-rpc' | 'unsecapp';
  /** Severity when reachable from Any on the Public profile (else `severity`). */
  readonly publicAnySeverity: Severity;
  readonly baselines: Baselines<FirewallTarget>;
}

export type CatalogSetting =
  DwordSetting | YesNoSetting | DescriptorSetting | RpcPortsSetting | FirewallExposureSetting;

export type SettingKind = CatalogSetting['kind'];

/** A profile target for any setting kind. */
export type SettingTarget = NumberTarget | YesNoTarget | DescriptorTarget | RpcPortsTarget | FirewallTarget;
