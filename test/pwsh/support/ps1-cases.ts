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
import { builtInProfile, type Profile } from '../../../main/domain/profiles/index';
import { openSimulatedMachine, type MachineProfile } from '../../../main/registry/machines';
import type { RegistryValue } from '../../../main/registry/types';
import { mockRule, stateOf, type ExpectedCall, type MockRule } from './firewall-cases';
import { dotSource, psData, psLiteral } from './pwsh';

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
  /** The recommended profile's script: every profile's must run the same code. */
  readonly reference: string;
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

/** `compile` is the export's compiler (a test of the lane passes a broken copy). */
export async function ps1Case(
  machine: MachineProfile,
  profileName: string,
  profile: Profile,
  compile: typeof compilePowerShell = compilePowerShell,
): Promise<Ps1Case> {
  const state = profileDesiredState(profile);
  const artifact = compile(state);
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
  const reference = compilePowerShell(profileDesiredState(builtInProfile('recommended')));
  if (reference.content.kind !== 'text') throw new Error('the ps1 export is text');
  return {
    name: `${profileName} on ${machine}`,
    script: text,
    reference: reference.content.text,
    registry,
    rules,
    calls,
    narrow,
  };
}

const support = (file: string) => `. ${psLiteral(new URL(`./${file}`, import.meta.url).pathname)}`;

const it_ = (name: string, body: string) => `    It ${psLiteral(name)} {\n      ${body}\n    }`;

function describeCase(testCase: Ps1Case, index: number): string[] {
  const tests = [
    it_(
      'parses with pwsh and uses nothing Windows PowerShell 5.1 lacks',
      `Get-SgRequiredVersion $c.script | Should -BeExactly '5.1'
      Find-SgNewerThan51 $c.script | Should -BeNullOrEmpty`,
    ),
    it_(
      'runs the same code as every profile: profile text only in comments and the data literal',
      `$code = Get-SgCodeTokens $c.script
      @($code | Where-Object { $_ -eq 'data' }).Count | Should -Be 1
      $code | Should -BeExactly (Get-SgCodeTokens $c.reference)`,
    ),
    it_(
      '-WhatIf changes nothing',
      `Reset-SgMachine $c
      $before = Get-SgMachineJson
      $backups = Join-Path $TestDrive 'whatif'
      Invoke-SgScript $script @{ WhatIf = $true; BackupRoot = $backups } | Should -Be 0
      Get-SgMutatingJson | Should -BeExactly '[]'
      Get-SgMachineJson | Should -BeExactly $before
      Test-Path -LiteralPath $backups | Should -BeFalse`,
    ),
    it_(
      'makes exactly the planned writes, after backing up',
      `Reset-SgMachine $c
      Invoke-SgScript $script @{ BackupRoot = (Join-Path $TestDrive 'run') } | Should -Be 0
      Get-SgMutatingJson | Should -BeExactly (ConvertTo-Json -InputObject @($c.calls) -Depth 6 -Compress)
      if (@($c.calls).Count -gt 0) { @(Get-ChildItem -Recurse -File (Join-Path $TestDrive 'run')).Count | Should -BeGreaterThan 1 }
      $global:AfterFirstRun = Get-SgMachineJson`,
    ),
    it_(
      'a second run changes nothing',
      `Reset-SgCalls
      Invoke-SgScript $script @{ BackupRoot = (Join-Path $TestDrive 'again') } | Should -Be 0
      Get-SgMutatingJson | Should -BeExactly '[]'
      Get-SgMachineJson | Should -BeExactly $global:AfterFirstRun`,
    ),
  ];
  if (testCase.narrow.length > 0)
    tests.push(
      it_(
        '-OpenFromScopeOn Domain creates the narrow rules, from the scope only',
        `Reset-SgMachine $c
      Invoke-SgScript $script @{ OpenFromScopeOn = 'Domain'; BackupRoot = (Join-Path $TestDrive 'open') } | Should -Be 0
      @($global:SgCalls | Where-Object Command -eq 'New-NetFirewallRule' | ForEach-Object { $_.Parameters.Name }) |
        Should -BeExactly @($c.narrow | ForEach-Object { $_.ruleId })
      foreach ($rule in $c.narrow) {
        $state = Get-SgRuleState $rule.ruleId
        $state.Enabled | Should -BeExactly 'True'
        $state.Profiles | Should -BeExactly 'Domain'
        $state.Remote | Should -BeIn @($rule.remote, $rule.reported)
      }
      @($global:SgCalls | Where-Object Command -eq 'PWNED').Count | Should -Be 0`,
      ),
    );
  const firewallSet = testCase.calls.some((call) => call.Command === 'Set-NetFirewallRule');
  if (firewallSet && testCase.calls.some((call) => call.Command === 'SetValue'))
    tests.push(
      it_(
        'a failing firewall change makes the script put back everything it changed',
        `Reset-SgMachine $c
      $before = Get-SgMachineJson
      $global:SgFaults = @{ 'Set-NetFirewallRule' = @('*') }
      Invoke-SgScript $script @{ BackupRoot = (Join-Path $TestDrive 'fail') } | Should -Be 1
      @($global:SgCalls | Where-Object Command -eq 'SetValue').Count | Should -BeGreaterThan 0
      $global:SgFaults = @{}
      Get-SgMachineJson | Should -BeExactly $before`,
      ),
    );
  return [
    `  Describe ${psLiteral(`ps1 ${index + 1}: ${testCase.name}`)} {`,
    `    BeforeAll { $c = ConvertFrom-SgData ${psData(testCase)}; $script = New-SgScript $c $TestDrive }`,
    ...tests,
    '  }',
  ];
}

/** The Pester suite for these cases, and the full names of its tests. */
export function ps1Suite(cases: readonly Ps1Case[]): { suite: string; names: string[] } {
  const suite = [
    'BeforeAll {',
    dotSource('NetSecurity.ps1', 'Registry.ps1'),
    support('Commands.ps1'),
    support('Compat.ps1'),
    support('Ps1.ps1'),
    '}',
    "Describe 'ps1' {",
    ...cases.flatMap(describeCase),
    '}',
  ].join('\n');
  const names = [...suite.matchAll(/^ {2}Describe '((?:[^']|'')*)' \{\n(?:(?! {2}\}).*\n)*/gm)].flatMap(
    (block) => {
      const describe = block[1]!.replace(/''/g, "'");
      return [...block[0].matchAll(/^ {4}It '((?:[^']|'')*)'/gm)].map(
        (test) => `ps1 > ${describe} > ${test[1]!.replace(/''/g, "'")}`,
      );
    },
  );

  return { suite, names };
}
