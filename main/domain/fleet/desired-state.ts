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
  FlagsSetting,
  NamedValue,
  NumberTarget,
  RpcPortsSetting,
  YesNo,
  YesNoSetting,
  YesNoTarget,
} from '../catalog/types';
import { encodeSecurityDescriptor } from '../descriptors/binary';
import { BUILT_IN_WMI_RULES } from '../firewall/built-in-rules';
import { parseAddressToken } from '../firewall/addresses';
import { DEFAULT_COM_DESCRIPTORS } from '../descriptors/com';
import { formatSddl } from '../descriptors/sddl';
import { targetFor, type Profile } from '../profiles/profile';
import type { RegistryValue } from '../registry-port/types';
import { desiredApplications, type DesiredApplication } from './applications';

/** Which values already on a machine meet the profile (so a script that checks first leaves them alone). */
export type AcceptRule =
  /** Only the value written (descriptors, port lists). */
  | { readonly kind: 'exactly' }
  /** Any of these; strings compare case-insensitively, as Windows reads Y/N. */
  | { readonly kind: 'one-of'; readonly values: readonly (number | string)[] }
  | { readonly kind: 'at-least'; readonly value: number }
  | { readonly kind: 'at-most'; readonly value: number }
  /**
   * A DWORD of flag bits: these bits on, those off, the others as the machine has them. Only a script that reads
   * the value first can carry it (ps1); `value` is what it writes where the value is missing.
   */
  | { readonly kind: 'bits'; readonly set: number; readonly clear: number };

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

/** A setting SinkGuard only reports (catalog remedy `manual`): no export carries it, each says so. */
export interface ReportedOnly {
  readonly settingId: string;
  readonly title: string;
  /** Where and how the admin fixes it (the catalog's manualFix). */
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
  readonly reportedOnly: readonly ReportedOnly[];
  /** The DCOM applications the profile names, with the values each is set to (see applications.ts). */
  readonly applications: readonly DesiredApplication[];
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

/** A subnet as the firewall cmdlets print it: the network address, IPv4 masks dotted; other entries as given. */
function reportedAddress(entry: string): string {
  const parsed = parseAddressToken(entry, null, { allowKeywords: true });
  if (parsed.kind !== 'subnet') return entry;
  return parsed.family === 4
    ? `${parsed.network}/${ipaddr.IPv4.subnetMaskFromPrefixLength(parsed.prefixLength).toString()}`
    : `${parsed.network}/${parsed.prefixLength}`;
}

interface Collected {
  values: DesiredValue[];
  firewall: DesiredFirewall[];
  policyDescriptors: DesiredPolicyDescriptor[];
  leftAlone: LeftAlone[];
  reportedOnly: ReportedOnly[];
}

function collectFlags(setting: FlagsSetting, profile: Profile, into: Collected): void {
  const target = targetFor(profile, setting);
  if (!target) return;
  const mask = (names: readonly string[]): number =>
    names.reduce((bits, name) => {
      const flag = setting.flags.find((candidate) => candidate.name === name);
      if (!flag) throw new Error(`internal: ${setting.id} has no flag ${name}`);
      return (bits | flag.value) >>> 0;
    }, 0);
  const set = mask(target.set);
  const clear = mask(target.clear);
  if (set === 0 && clear === 0) {
    into.leftAlone.push({ settingId: setting.id, title: setting.title, reason: 'the profile names no flag' });
    return;
  }
  const absent = setting.whenAbsent.value ?? 0;
  into.values.push({
    settingId: setting.id,
    key: setting.location.key,
    name: setting.location.value,
    value: { type: 'REG_DWORD', data: ((absent & ~clear) | set) >>> 0 },
    accept: { kind: 'bits', set, clear },
  });
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
  if (setting.remedy === 'manual') {
    if (profile.settings[setting.id] === undefined) return;
    into.reportedOnly.push({
      settingId: setting.id,
      title: setting.title,
      reason: `reported only, never changed by SinkGuard. ${setting.manualFix ?? 'Fix it on each machine.'}`,
    });
    return;
  }
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
    case 'flags':
      return collectFlags(setting, profile, into);
    case 'appid-permissions':
      // Reported only (remedy manual, above); a catalog that made it fixable would need an export of its own.
      throw new Error(`internal: ${setting.id} has remedy ${setting.remedy}, which no export carries`);
    default: {
      const unknown: never = setting;
      throw new Error(`internal: no fleet export for setting kind ${(unknown as CatalogSetting).kind}`);
    }
  }
}

/** Values under HKLM\SOFTWARE\Policies: Group Policy's to set, so only the Registry.pol export carries them. */
export const POLICY_KEY = /^HKLM\\SOFTWARE\\Policies\\/i;

export function isPolicyValue(desired: DesiredValue): boolean {
  return POLICY_KEY.test(desired.key);
}

/** The values a local write may carry (ps1): everything but the policy values. */
export function localValues(state: DesiredState): DesiredValue[] {
  return state.values.filter((desired) => !isPolicyValue(desired));
}

/** The local values written whole, as reg and ansible (win_regedit) write: all but the flag bits. */
export function wholeValues(state: DesiredState): DesiredValue[] {
  return localValues(state).filter((desired) => desired.accept.kind !== 'bits');
}

/** The end state a profile asks for on every machine, in catalog order. Pure; the same for every machine. */
export function profileDesiredState(profile: Profile): DesiredState {
  const into: Collected = {
    values: [],
    firewall: [],
    policyDescriptors: [],
    leftAlone: [],
    reportedOnly: [],
  };
  for (const setting of CATALOG) collect(setting, profile, into);
  return {
    profile: {
      name: profile.name,
      description: profile.description ?? null,
      managementScope: [...profile.managementScope],
    },
    ...into,
    applications: desiredApplications(profile),
  };
}
