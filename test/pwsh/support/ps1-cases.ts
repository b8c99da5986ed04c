/**
 * The ps1 export's cases for the pwsh lane: the script for each profile, the mocked machine it runs on (registry
 * values it reads, local firewall rules), and the calls it must make there: a registry write for each value that
 * falls short of the profile (by the profile's acceptance rules) and a Set-NetFirewallRule for each built-in rule
 * that is not yet as the profile wants it.
 */
import {
  compilePowerShell,
  powerShellData,
  profileDesiredState,
  type PowerShellValue,
} from '../../../main/domain/fleet/index';
import { parseFirewallRule } from '../../../main/domain/firewall/rule-string';
import { LOCAL_RULES_KEY } from '../../../main/domain/firewall/store';
import type { Profile } from '../../../main/domain/profiles/index';
import { openSimulatedMachine, type MachineProfile } from '../../../main/registry/machines';
import type { RegistryValue } from '../../../main/registry/types';
import { mockRule, stateOf, type ExpectedCall, type MockRule } from './firewall-cases';

/** The one statement the lane replaces: pwsh off Windows cannot open HKLM, so the script gets the mock's. */
export const OPEN_HKLM =
  '[Microsoft.Win32.RegistryKey]::OpenBaseKey(\r\n    [Microsoft.Win32.RegistryHive]::LocalMachine, [Microsoft.Win32.RegistryView]::Registry64)';

interface SeedValue {
  readonly name: string;
  readonly type: string;
  readonly data: number | string | readonly string[];
}

export interface Ps1Case {
  readonly name: string;
  readonly script: string;
  readonly registry: readonly { key: string; values: SeedValue[] }[];
  readonly rules: readonly MockRule[];
  /** Registry writes and firewall changes, in the order the script makes them. */
  readonly calls: readonly ExpectedCall[];
  /** SinkGuard's narrow rules for the Domain profile: what -OpenFromScopeOn Domain creates. */
  readonly narrow: readonly { ruleId: string; remote: string; reported: string }[];
}

const KINDS: Readonly<Record<PowerShellValue['type'], string>> = {
  REG_DWORD: 'DWord',
  REG_SZ: 'String',
  REG_MULTI_SZ: 'MultiString',
  REG_BINARY: 'Binary',
};

function seed(value: RegistryValue): Omit<SeedValue, 'name'> | null {
  switch (value.type) {
    case 'REG_DWORD':
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
    case 'REG_MULTI_SZ':
      return { type: value.type, data: value.data };
    case 'REG_BINARY':
      return { type: value.type, data: Buffer.from(value.data).toString('base64') };
    default:
      return null;
  }
}

/** Whether the machine's value meets the profile: the acceptance rules as the profile data defines them. */
function meets(entry: PowerShellValue, current: Omit<SeedValue, 'name'> | null): boolean {
  if (current === null || current.type !== entry.type) return false;
  const same = (wanted: unknown): boolean =>
    entry.type === 'REG_DWORD'
      ? Number(current.data) >>> 0 === Number(wanted) >>> 0
      : entry.type === 'REG_SZ'
        ? String(current.data).toLowerCase() === String(wanted).toLowerCase()
        : JSON.stringify(current.data) === JSON.stringify(wanted);
  const number = Number(current.data) >>> 0;
  const accept = entry.accept;
  switch (accept.kind) {
    case 'exactly':
      return same(entry.data);
    case 'one-of':
      return accept.values.some(same);
    case 'at-least':
      return number >= accept.value;
    case 'at-most':
      return number <= accept.value;
    case 'bits':
      return (number & accept.set) === accept.set && (number & accept.clear) === 0;
  }
}

const lowerSorted = (values: readonly string[]): string =>
  [...new Set(values.map((value) => value.toLowerCase()))].sort().join(',');

export async function ps1Case(
  machine: MachineProfile,
  profileName: string,
  profile: Profile,
): Promise<Ps1Case> {
  const state = profileDesiredState(profile);
  const artifact = compilePowerShell(state);
  if (artifact.content.kind !== 'text') throw new Error('the ps1 export is text');
  const text = artifact.content.text;
  if (text.split(OPEN_HKLM).length !== 2)
    throw new Error('the ps1 export no longer opens HKLM in one statement');
  const data = powerShellData(state);
  const port = await openSimulatedMachine(machine);
  const keys = [...new Set(data.values.map((value) => value.key))];
  const snapshots = await port.readKeys([...keys.map((key) => `HKLM\\${key}`), LOCAL_RULES_KEY]);
  const registry = snapshots
    .filter((snapshot) => snapshot.exists && snapshot.path !== LOCAL_RULES_KEY)
    .map((snapshot) => ({
      key: snapshot.path.replace(/^HKLM\\/i, ''),
      values: [...snapshot.values].flatMap(([name, value]) => {
        const seeded = seed(value);
        return seeded ? [{ name, ...seeded }] : [];
      }),
    }));
  const stored = snapshots.find((snapshot) => snapshot.path === LOCAL_RULES_KEY)!;
  const rules = [...stored.values].flatMap(([id, value]) =>
    value.type === 'REG_SZ' ? [mockRule(id, value.data)] : [],
  );
  const calls: ExpectedCall[] = [];
  for (const entry of data.values) {
    const key = registry.find((candidate) => candidate.key.toLowerCase() === entry.key.toLowerCase());
    const current =
      key?.values.find((value) => value.name.toLowerCase() === entry.name.toLowerCase()) ?? null;
    if (!meets(entry, current))
      calls.push({
        Command: 'SetValue',
        Parameters: { Key: entry.key, Name: entry.name, Kind: KINDS[entry.type] },
      });
  }
  for (const entry of data.firewall) {
    for (const ruleId of entry.ruleIds) {
      const value = stored.values.get(ruleId);
      if (value?.type !== 'REG_SZ') continue;
      const rule = parseFirewallRule(value.data);
      if (entry.action === 'disable') {
        if (rule.active)
          calls.push({ Command: 'Set-NetFirewallRule', Parameters: { Enabled: 'False', Name: [ruleId] } });
        continue;
      }
      const have = stateOf(rule).Remote;
      if (have !== lowerSorted(entry.remoteAddresses) && have !== lowerSorted(entry.reportedRemoteAddresses))
        calls.push({
          Command: 'Set-NetFirewallRule',
          Parameters: { Name: [ruleId], RemoteAddress: [...entry.remoteAddresses] },
        });
    }
  }
  const narrow = data.narrowRules
    .filter((rule) => rule.profile === 'Domain')
    .map((rule) => ({
      ruleId: rule.ruleId,
      // The mock keeps the addresses as given; Windows reports IPv4 blocks with a dotted mask.
      remote: lowerSorted(rule.remoteAddresses),
      reported: lowerSorted(rule.reportedRemoteAddresses),
    }));
  return { name: `${profileName} on ${machine}`, script: text, registry, rules, calls, narrow };
}
