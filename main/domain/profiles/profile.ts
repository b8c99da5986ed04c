import { CATALOG } from '../catalog/settings';
import type {
  AppIdTarget,
  BuiltInProfileName,
  CatalogSetting,
  DescriptorTarget,
  FirewallTarget,
  FlagsTarget,
  NumberTarget,
  RpcPortsTarget,
  SettingTarget,
  YesNoTarget,
} from '../catalog/types';
import type { ProfileApplication } from './applications';

/** A validated profile: what the audit measures the machine against. */
export interface Profile {
  readonly name: string;
  readonly description?: string;
  /** Where remote management may come from (firewall targets `management-scope` use it). */
  readonly managementScope: readonly string[];
  /** Target per catalog setting id; a setting without one is not assessed. */
  readonly settings: Readonly<Record<string, SettingTarget | undefined>>;
  /** Per-application settings (AppIDs by GUID or executable name); absent: the profile sets none. */
  readonly applications?: readonly ProfileApplication[];
}

export const BUILT_IN_PROFILE_NAMES: readonly BuiltInProfileName[] = ['recommended', 'strict'];

const DESCRIPTIONS: Record<BuiltInProfileName, string> = {
  recommended:
    'Safe for domain machines: enforce the UnsecApp access check, authentication of at least packet integrity, no anonymous or Everyone remote DCOM grants beyond the Windows defaults (machine-wide or per application), DCOM hardening on, and TCP 135, dynamic RPC and callbacks reachable only from the management scope.',
  strict:
    'For machines whose management is fully authenticated: recommended plus packet privacy, Identify impersonation, secure reference counting, no unauthenticated DCOM activation or object-resolution retries, authenticated RPC clients and endpoint-mapper lookups and no local activation-check exemptions (those three by Group Policy), a restricted RPC port range and no inbound asynchronous callbacks.',
};

/** The built-in profiles, built from the catalog's per-profile recommendations. */
export function builtInProfile(name: BuiltInProfileName): Profile {
  const settings: Record<string, SettingTarget> = {};
  for (const setting of CATALOG) {
    const target = setting.baselines[name];
    if (target) settings[setting.id] = target;
  }
  return { name, description: DESCRIPTIONS[name], managementScope: ['LocalSubnet'], settings };
}

export function isBuiltInProfileName(name: string): name is BuiltInProfileName {
  return (BUILT_IN_PROFILE_NAMES as readonly string[]).includes(name);
}

/** The built-in profile a name means, in any case (`Recommended`, `STRICT`), or undefined. */
export function builtInProfileNamed(text: string): BuiltInProfileName | undefined {
  return BUILT_IN_PROFILE_NAMES.find((name) => name === text.toLowerCase());
}

type TargetOf<S extends CatalogSetting> = S extends { kind: 'dword' }
  ? NumberTarget
  : S extends { kind: 'flags' }
    ? FlagsTarget
    : S extends { kind: 'yes-no' }
      ? YesNoTarget
      : S extends { kind: 'descriptor' }
        ? DescriptorTarget
        : S extends { kind: 'rpc-ports' }
          ? RpcPortsTarget
          : S extends { kind: 'appid-permissions' }
            ? AppIdTarget
            : FirewallTarget;

/** The profile's target for a setting; the schema guarantees its shape matches the setting's kind. */
export function targetFor<S extends CatalogSetting>(profile: Profile, setting: S): TargetOf<S> | undefined {
  return profile.settings[setting.id] as TargetOf<S> | undefined;
}

/** The catalog's firewall settings (the rules SinkGuard opens, scopes or closes). */
export function isFirewallSetting(settingId: string): boolean {
  return CATALOG.some((setting) => setting.id === settingId && setting.kind === 'firewall-exposure');
}

/**
 * The profile without its firewall part (`--no-firewall`, the review step's switch): for a machine whose firewall is
 * managed elsewhere, or a lab on Wine's registry where the firewall cmdlets cannot run.
 */
export function withoutFirewall(profile: Profile): Profile {
  return {
    ...profile,
    name: `${profile.name} (without firewall)`,
    settings: Object.fromEntries(
      Object.entries(profile.settings).filter(([settingId]) => !isFirewallSetting(settingId)),
    ),
  };
}
