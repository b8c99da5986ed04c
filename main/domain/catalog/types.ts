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
  /** Who the value affects, named (which callers are refused, which connections fail), where that is the point. */
  readonly affects?: string;
}

/** What Windows does when the value is not there. `value: null` = it depends on the machine (said in `meaning`). */
export interface WhenAbsent<V> {
  readonly value: V | null;
  readonly meaning: string;
  /** False when no Microsoft document states it (domain.md UNCONFIRMED): the explanation says so. */
  readonly confirmed: boolean;
  /** Who is affected while the value is absent, where that differs by edition (else the `value`'s `affects`). */
  readonly affects?: string;
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

/**
 * Bits of a flags DWORD, by the constants' names: `set` must be on, `clear` must be off, the rest are left as they
 * are (the change engine writes the value with only those bits changed).
 */
export interface FlagsTarget {
  readonly set: readonly string[];
  readonly clear: readonly string[];
}

/** What the per-application (AppID) DCOM settings may not do. */
export interface AppIdTarget {
  /** Principals no AppID's AccessPermission or LaunchPermission may grant a remote right to. */
  readonly noRemoteGrant: readonly WatchedPrincipal[];
  /** The lowest AppID AuthenticationLevel accepted (2, CONNECT, refuses NONE, which makes COM skip the ACL). */
  readonly minimumAuthenticationLevel: number;
}

export type BuiltInProfileName = 'recommended' | 'strict';

/** The built-in profiles' targets for one setting; a missing entry means that profile does not assess it. */
export type Baselines<T> = Readonly<Partial<Record<BuiltInProfileName, T>>>;

/**
 * How a shortfall is fixed. `local`: SinkGuard's change engine writes the value. `group-policy`: the value exists
 * only as a Group Policy value (under HKLM\SOFTWARE\Policies, which SinkGuard never writes locally): a GPO sets it,
 * e.g. from `sinkguard export --format pol`. `manual`: reported only; the admin fixes it where `manualFix` says.
 */
export const REMEDIES = ['local', 'group-policy', 'manual'] as const;
export type Remedy = (typeof REMEDIES)[number];

/** A plan warning that applies when a scalar setting is written with a value meeting `when`; `{value}` is the value. */
export interface ValueWarning<T> {
  readonly when: T;
  readonly message: string;
}

/** A plan warning for a descriptor change: a watched principal loses, or gains beyond the default, a remote right. */
export interface DescriptorWarning {
  readonly when: 'remote-removed' | 'remote-granted';
  readonly principal: WatchedPrincipal;
  readonly message: string;
}

/** A plan warning for a firewall change that narrows (`narrowed`) or closes (`closed`) a rule open today. */
export interface FirewallWarning {
  readonly when: 'narrowed' | 'closed';
  readonly message: string;
}

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
  readonly remedy: Remedy;
  /** Where Group Policy sets it, as the Group Policy editor names the setting (for settings a GPO can set). */
  readonly groupPolicy?: string;
  /** For `manual` settings: where and how the admin makes the fix. */
  readonly manualFix?: string;
}

/** A REG_DWORD with named values (authentication levels, flags). */
export interface DwordSetting extends SettingCommon {
  readonly kind: 'dword';
  readonly location: ValueLocation;
  readonly valueType: 'REG_DWORD';
  /** Where Group Policy sets the same value (it takes precedence), if it can. */
  readonly policy?: ValueLocation;
  readonly whenAbsent: WhenAbsent<number>;
  readonly allowed: readonly NamedValue<number>[];
  /** Severity per value when that value falls short (else `severity`). */
  readonly severityByValue?: Readonly<Record<number, Severity>>;
  readonly baselines: Baselines<NumberTarget>;
  /** Who a write stops (callers, callbacks) and what they must do, by the value written. */
  readonly callbackWarnings?: readonly ValueWarning<NumberTarget>[];
}

/** A REG_DWORD of independent flag bits (DCOMSCMRemoteCallFlags). */
export interface FlagsSetting extends SettingCommon {
  readonly kind: 'flags';
  readonly location: ValueLocation;
  readonly valueType: 'REG_DWORD';
  readonly whenAbsent: WhenAbsent<number>;
  /** The documented bits: each `value` is one bit, `name` its constant. */
  readonly flags: readonly NamedValue<number>[];
  /** Severity per bit when it is the wrong way round for the profile (else `severity`). */
  readonly severityByFlag?: Readonly<Record<number, Severity>>;
  readonly baselines: Baselines<FlagsTarget>;
  /** Who a write that turns a flag on stops, and what they must do. */
  readonly callbackWarnings?: readonly { readonly flagSet: string; readonly message: string }[];
}

/** A REG_SZ `Y`/`N` switch (case-insensitive). */
export interface YesNoSetting extends SettingCommon {
  readonly kind: 'yes-no';
  readonly location: ValueLocation;
  readonly valueType: 'REG_SZ';
  readonly policy?: ValueLocation;
  readonly whenAbsent: WhenAbsent<YesNo>;
  readonly allowed: readonly NamedValue<YesNo>[];
  /** How Windows reads a string that is neither Y nor N: as N (documented for some values) or unknown. */
  readonly otherStrings: 'mean-no' | 'unreadable';
  readonly baselines: Baselines<YesNoTarget>;
  readonly callbackWarnings?: readonly ValueWarning<YesNoTarget>[];
}

/** A self-relative security descriptor in REG_BINARY; Group Policy may set the same limit as REG_SZ SDDL. */
export interface DescriptorSetting extends SettingCommon {
  readonly kind: 'descriptor';
  readonly location: ValueLocation;
  /** The local value is a binary self-relative descriptor. */
  readonly valueType: 'REG_BINARY';
  readonly policy?: ValueLocation;
  /** Group Policy writes SDDL text. */
  readonly policyValueType?: 'REG_SZ';
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
  readonly callbackWarnings?: readonly DescriptorWarning[];
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
  readonly valueTypes: {
    readonly ports: 'REG_MULTI_SZ';
    readonly portsInternetAvailable: 'REG_SZ';
    readonly useInternetPorts: 'REG_SZ';
  };
  /** What RPC does while the key is missing (its normal state). */
  readonly whenAbsent: { readonly meaning: string; readonly confirmed: boolean };
  /** Who a restriction affects: the RPC servers that take their ports from the range. */
  readonly affects: string;
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
  /** What the firewall does with the target when no rule opens it. */
  readonly whenAbsent: { readonly meaning: string; readonly confirmed: boolean };
  readonly baselines: Baselines<FirewallTarget>;
  readonly callbackWarnings?: readonly FirewallWarning[];
}

/**
 * The per-application DCOM settings under `HKLM\SOFTWARE\Classes\AppID\{AppID}`, read for every AppID in one
 * export. Reported only (`remedy: 'manual'`): each application's settings are its vendor's and its admin's.
 */
export interface AppIdSetting extends SettingCommon {
  readonly kind: 'appid-permissions';
  /** The AppID key; every subkey is one application (or an executable's name pointing at one). */
  readonly key: string;
  readonly values: {
    readonly accessPermission: string;
    readonly launchPermission: string;
    readonly authenticationLevel: string;
  };
  readonly valueTypes: {
    readonly accessPermission: 'REG_BINARY';
    readonly launchPermission: 'REG_BINARY';
    readonly authenticationLevel: 'REG_DWORD';
  };
  readonly whenAbsent: { readonly meaning: string; readonly confirmed: boolean };
  /** Severity of a remote grant the machine-wide limit lets through today (else it is capped: `cappedSeverity`). */
  readonly severityByPrincipal: Readonly<Partial<Record<WatchedPrincipal, Severity>>>;
  readonly cappedSeverity: Severity;
  /** Severity of an authentication level below the profile's (NONE, which makes COM skip the ACL, uses this). */
  readonly noneSeverity: Severity;
  readonly baselines: Baselines<AppIdTarget>;
}

export type CatalogSetting =
  | DwordSetting
  | FlagsSetting
  | YesNoSetting
  | DescriptorSetting
  | RpcPortsSetting
  | FirewallExposureSetting
  | AppIdSetting;

export type SettingKind = CatalogSetting['kind'];

/** A profile target for any setting kind. */
export type SettingTarget =
  NumberTarget | FlagsTarget | YesNoTarget | DescriptorTarget | RpcPortsTarget | FirewallTarget | AppIdTarget;
