/**
 * pwsh runs the ps1 export against mocked machines (stock, legacy, gpo-managed) for every built-in profile and the
 * hostile one: -WhatIf changes nothing; a run makes exactly the planned writes; a second run changes nothing;
 * -OpenFromScopeOn creates SinkGuard's narrow rules; a failing change makes the script restore what it changed.
 * pwsh's own parser checks that the script needs nothing newer than the Windows PowerShell 5.1 it #Requires.
 */
import { describe, expect, inject, it } from 'vitest';
import { BUILT_IN_PROFILE_NAMES, builtInProfile, type Profile } from '../../main/domain/profiles/index';
import { MACHINE_PROFILES } from '../../main/registry/machines';
import { hostileProfile } from '../unit/fleet/support';
import { ps1Case, type Ps1Case } from './support/ps1-cases';
import { dotSource, psData, psLiteral, runPester, type PesterRun } from './support/pwsh';

const pwsh = inject('pwsh');
const support = (file: string) => `. ${psLiteral(new URL(`./support/${file}`, import.meta.url).pathname)}`;

const profiles: [string, Profile][] = [
  ...BUILT_IN_PROFILE_NAMES.map((name): [string, Profile] => [name, builtInProfile(name)]),
  ['hostile', hostileProfile()],
];
const cases: Ps1Case[] = [];
for (const machine of MACHINE_PROFILES)
  for (const [name, profile] of profiles) cases.push(await ps1Case(machine, name, profile));

const it_ = (name: string, body: string) => `    It ${psLiteral(name)} {\n      ${body}\n    }`;

function describeCase(testCase: Ps1Case, index: number): string[] {
  const tests = [
    it_(
      'parses with pwsh and uses nothing Windows PowerShell 5.1 lacks',
      `Get-SgRequiredVersion $c.script | Should -BeExactly '5.1'
      Find-SgNewerThan51 $c.script | Should -BeNullOrEmpty`,
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

describe.skipIf(!pwsh)('pwsh runs the ps1 export on mocked machines', () => {
  let run: PesterRun;
  it('runs the suite in one pwsh, with a restore case and an -OpenFromScopeOn case', async () => {
    expect(names.some((name) => name.endsWith('put back everything it changed'))).toBe(true);
    expect(names.some((name) => name.includes('-OpenFromScopeOn'))).toBe(true);
    run = await runPester(pwsh!, 'ps1-export', suite);
    expect(run.ContainerErrors).toEqual([]);
    expect(run.Tests).toHaveLength(names.length);
  }, 300_000);

  it.each(names.map((name) => [name]))('%s', (name) => {
    const test = run.test(name);
    expect(test.Error).toBe('');
    expect(test.Result).toBe('Passed');
  });
});
