/**
 * What a profile sets, computed from the profile and the catalog alone: the desired end state a fleet artifact
 * takes to thousands of machines in unknown states. Nothing here reads a machine (the audit's `change` is per
 * machine and would be wrong elsewhere).
 */
import ipaddr from 'ipaddr.js';
import { CATALOG } from '../catalog/settings';
import type {
  CatalogSetting,
  DescriptorSetting,
  DwordSetting,
  FirewallExposureSetting,
  NamedValue,
  NumberTarget,
  RpcPortsSetting,
  YesNo,
  YesNoSetting,
  YesNoTarget,
} from '../catalog/types';
import { encodeSecurityDescriptor } from '../descriptors/binary';
import { BUILT_IN_WMI_RULES } from '../firewall/built-in-rules';
import { DEFAULT_COM_DESCRIPTORS } from '../descriptors/com';
import { formatSddl } from '../descriptors/sddl';
import { targetFor, type Profile } from '../profiles/profile';
import type { RegistryValue } from '../../registry/types';

/** Which values already on a machine meet the profile (so a script that checks first leaves them alone). */
export type AcceptRule =
  /** Only the value written (descriptors, port lists). */
  | { readonly kind: 'exactly' }
  /** Any of these; strings compare case-insensitively, as Windows reads Y/N. */
  | { readonly kind: 'one-of'; readonly values: readonly (number | string)[] }
  | { readonly kind: 'at-least'; readonly value: number }
  | { readonly kind: 'at-most'; readonly value: number };

/** One registry value the profile sets, with the value written where it is missing or falls short. */
export interface DesiredValue {
  readonly settingId: string;
  /** `HKLM\SOFTWARE\...`, as the registry port spells keys. */
  readonly key: string;
  readonly name: string;
  readonly value: RegistryValue;
  readonly accept: AcceptRule;
}

export type FirewallTargetName = FirewallExposureSetting['target'];

/** The built-in Windows rules (stable rule ids, domain.md §7) that open each target: one definition, shared. */
export { BUILT_IN_WMI_RULES };

/**
 * What happens to the built-in rules of one target. `restrict-remote`: their remote addresses become the
 * management scope and their enabled state is left as it is (an export never opens what was closed);
 * `disable`: they are disabled.
 */
export interface DesiredFirewall {
  readonly settingId: string;
  readonly target: FirewallTargetName;
  readonly ruleIds: readonly string[];
  readonly action: 'restrict-remote' | 'disable';
  /** The management scope, as given to `-RemoteAddress` (empty for `disable`). */
  readonly remoteAddresses: readonly string[];
  /**
   * The same scope as the NetSecurity cmdlets report it back (IPv4 blocks with a dotted mask), for comparing
   * before and after. Windows' exact spelling is UNCONFIRMED for blocks; LocalSubnet, addresses and ranges echo.
   */
  readonly reportedRemoteAddresses: readonly string[];
}

/** The Group Policy form of a descriptor setting: a Security Options SDDL string (GptTmpl.inf, domain.md §3). */
export interface DesiredPolicyDescriptor {
  readonly settingId: string;
  /** The Security Options policy name as the Group Policy editor shows it. */
  readonly optionName: string;
  /** `HKLM\SOFTWARE\Policies\...` */
  readonly key: string;
  readonly name: string;
  readonly sddl: string;
}

/** A setting the profile assesses but that every valid value meets: exports leave it as it is. */
export interface LeftAlone {
  readonly settingId: string;
  readonly title: string;
  readonly reason: string;
}

export interface DesiredState {
  readonly profile: {
    readonly name: string;
    readonly description: string | null;
    readonly managementScope: readonly string[];
  };
  readonly values: readonly DesiredValue[];
  readonly firewall: readonly DesiredFirewall[];
  readonly policyDescriptors: readonly DesiredPolicyDescriptor[];
  readonly leftAlone: readonly LeftAlone[];
}

const SECURITY_OPTION_NAMES: Readonly<Record<string, string>> = {
  MachineAccessRestriction:
    'DCOM: Machine Access Restrictions in Security Descriptor Definition Language (SDDL) syntax',
  MachineLaunchRestriction:
    'DCOM: Machine Launch Restrictions in Security Descriptor Definition Language (SDDL) syntax',
};

function satisfying(target: NumberTarget | YesNoTarget, candidate: number | string): boolean {
  if ('equals' in target) return candidate === target.equals;
  if ('anyOf' in target) return (target.anyOf as readonly (number | string)[]).includes(candidate);
  if ('atLeast' in target) return typeof candidate === 'number' && candidate >= target.atLeast;
  return typeof candidate === 'number' && candidate <= target.atMost;
}

/** The value the change engine writes for a scalar target (catalog types: `equals`, first `anyOf`, the bound). */
function writtenValue<V>(
  target: { equals: V } | { anyOf: readonly V[] } | { atLeast: V } | { atMost: V },
): V {
  if ('equals' in target) return target.equals;
  if ('anyOf' in target) return target.anyOf[0]!;
  if ('atLeast' in target) return target.atLeast;
  return target.atMost;
}

function acceptRule(target: NumberTarget | YesNoTarget): AcceptRule {
  if ('equals' in target) return { kind: 'one-of', values: [target.equals] };
  if ('anyOf' in target) return { kind: 'one-of', values: [...target.anyOf] };
  if ('atLeast' in target) return { kind: 'at-least', value: target.atLeast };
  return { kind: 'at-most', value: target.atMost };
}

function scalarState(
  setting: DwordSetting | YesNoSetting,
  target: NumberTarget | YesNoTarget,
  toRegistry: (value: number | YesNo) => RegistryValue,
): DesiredValue | LeftAlone {
  const allowed = setting.allowed as readonly NamedValue<number | YesNo>[];
  if (allowed.every((named) => satisfying(target, named.value))) {
    return {
      settingId: setting.id,
      title: setting.title,
      reason: `the profile accepts every value (${allowed.map((named) => named.value).join(', ')})`,
    };
  }
  return {
    settingId: setting.id,
    key: setting.location.key,
    name: setting.location.value,
    value: toRegistry(writtenValue<number | YesNo>(target)),
    accept: acceptRule(target),
  };
}

/** A CIDR block as the firewall cmdlets print it: the network address, IPv4 masks dotted. */
function reportedAddress(entry: string): string {
  if (!entry.includes('/')) return entry;
  const [address, prefix] = ipaddr.parseCIDR(entry);
  return address.kind() === 'ipv4'
    ? `${ipaddr.IPv4.networkAddressFromCIDR(entry).toString()}/${ipaddr.IPv4.subnetMaskFromPrefixLength(prefix).toString()}`
    : `${ipaddr.IPv6.networkAddressFromCIDR(entry).toString()}/${prefix}`;
}

interface Collected {
  values: DesiredValue[];
  firewall: DesiredFirewall[];
  policyDescriptors: DesiredPolicyDescriptor[];
  leftAlone: LeftAlone[];
}

function collectDescriptor(setting: DescriptorSetting, profile: Profile, into: Collected): void {
  const target = targetFor(profile, setting);
  if (!target) return;
  if (target.noRemoteBeyondDefault.length === 0) {
    into.leftAlone.push({
      settingId: setting.id,
      title: setting.title,
      reason: 'the profile watches no principal, so every descriptor meets it',
    });
    return;
  }
  // The Windows default grants nobody a remote right beyond itself, so it meets every such target on every
  // machine; it is what the change engine writes when it resets a descriptor.
  const descriptor = DEFAULT_COM_DESCRIPTORS[setting.windowsDefault];
  into.values.push({
    settingId: setting.id,
    key: setting.location.key,
    name: setting.location.value,
    value: { type: 'REG_BINARY', data: encodeSecurityDescriptor(descriptor) },
    accept: { kind: 'exactly' },
  });
  const optionName = SECURITY_OPTION_NAMES[setting.location.value];
  if (setting.policy && optionName) {
    into.policyDescriptors.push({
      settingId: setting.id,
      optionName,
      key: setting.policy.key,
      name: setting.policy.value,
      sddl: formatSddl(descriptor),
    });
  }
}

function collectRpcPorts(setting: RpcPortsSetting, profile: Profile, into: Collected): void {
  const target = targetFor(profile, setting);
  if (!target) return;
  if (!target.restrict) {
    into.leftAlone.push({
      settingId: setting.id,
      title: setting.title,
      reason:
        'the profile requires no port restriction (a restriction already present must be valid: audit the machines)',
    });
    return;
  }
  const location = (name: string) => ({ settingId: setting.id, key: setting.key, name });
  into.values.push(
    {
      ...location(setting.values.ports),
      value: { type: 'REG_MULTI_SZ', data: [...target.ports] },
      accept: { kind: 'exactly' },
    },
    {
      ...location(setting.values.portsInternetAvailable),
      value: { type: 'REG_SZ', data: 'Y' },
      accept: { kind: 'one-of', values: ['Y'] },
    },
    {
      ...location(setting.values.useInternetPorts),
      value: { type: 'REG_SZ', data: 'Y' },
      accept: { kind: 'one-of', values: ['Y'] },
    },
  );
}

function collectFirewall(setting: FirewallExposureSetting, profile: Profile, into: Collected): void {
  const target = targetFor(profile, setting);
  if (!target) return;
  const restrict = target.reachableFrom === 'management-scope';
  into.firewall.push({
    settingId: setting.id,
    target: setting.target,
    ruleIds: BUILT_IN_WMI_RULES[setting.target],
    action: restrict ? 'restrict-remote' : 'disable',
    remoteAddresses: restrict ? [...profile.managementScope] : [],
    reportedRemoteAddresses: restrict ? profile.managementScope.map(reportedAddress) : [],
  });
}

function collect(setting: CatalogSetting, profile: Profile, into: Collected): void {
  switch (setting.kind) {
    case 'dword': {
      const target = targetFor(profile, setting);
      if (!target) return;
      const state = scalarState(setting, target, (value) => ({ type: 'REG_DWORD', data: value as number }));
      if ('reason' in state) into.leftAlone.push(state);
      else into.values.push(state);
      return;
    }
    case 'yes-no': {
      const target = targetFor(profile, setting);
      if (!target) return;
      const state = scalarState(setting, target, (value) => ({ type: 'REG_SZ', data: value as YesNo }));
      if ('reason' in state) into.leftAlone.push(state);
      else into.values.push(state);
      return;
    }
    case 'descriptor':
      return collectDescriptor(setting, profile, into);
    case 'rpc-ports':
      return collectRpcPorts(setting, profile, into);
    case 'firewall-exposure':
      return collectFirewall(setting, profile, into);
  }
}

/** The end state a profile asks for on every machine, in catalog order. Pure; the same for every machine. */
export function profileDesiredState(profile: Profile): DesiredState {
  const into: Collected = { values: [], firewall: [], policyDescriptors: [], leftAlone: [] };
  for (const setting of CATALOG) collect(setting, profile, into);
  return {
    profile: {
      name: profile.name,
      description: profile.description ?? null,
      managementScope: [...profile.managementScope],
    },
    ...into,
  };
}
