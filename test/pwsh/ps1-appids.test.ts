/**
 * pwsh runs the ps1 export of a profile naming DCOM applications against a mocked machine: each AppID key is found
 * first (by AppID, or by its executable's AppID value, 64-bit view then 32-bit) and never created; an application
 * not registered, an executable mapped to several AppIDs, or one pointing at something that is no AppID is
 * reported and skipped; the rest is set or removed exactly, -WhatIf changes nothing and a second run nothing more.
 */
import { describe, expect, inject, it } from 'vitest';
import { sddlToHex } from '../../main/domain/descriptors/index';
import { compilePowerShell, profileDesiredState } from '../../main/domain/fleet/index';
import { builtInProfile, validateProfile } from '../../main/domain/profiles/index';
import { ps1Suite, type Ps1Case } from './support/ps1-cases';
import { psData, psLiteral, runPester, type PesterRun } from './support/pwsh';

const pwsh = inject('pwsh');

const A = '{11111111-2222-3333-4444-00000000000A}';
const B = '{11111111-2222-3333-4444-00000000000B}';
const C = '{11111111-2222-3333-4444-00000000000C}';
const D = '{11111111-2222-3333-4444-00000000000D}';
const ROOT = 'SOFTWARE\\Classes\\AppID';
const ROOT32 = 'SOFTWARE\\WOW6432Node\\Classes\\AppID';
const ACCESS = Buffer.from(sddlToHex('O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;BA)'), 'hex').toString('base64');

const profile = validateProfile(
  {
    name: 'servers',
    managementScope: ['LocalSubnet'],
    settings: {},
    applications: [
      { id: A, runAs: 'network-service', access: 'default' },
      // Already runs as Network Service (spelled in lower case): nothing to do.
      { id: B, runAs: 'network-service' },
      // Registered in the 32-bit view only, named by its executable.
      { id: 'agent.exe', authenticationLevel: 6 },
      { id: 'dup.exe', runAs: 'network-service' },
      { id: D, runAs: 'network-service' },
      { id: 'evil.exe', access: 'default' },
    ],
  },
  'servers',
);

const script = (value: typeof profile) => {
  const artifact = compilePowerShell(profileDesiredState(value));
  if (artifact.content.kind !== 'text') throw new Error('the ps1 export is text');
  return artifact.content.text;
};

const sz = (name: string, data: string) => ({ name, type: 'REG_SZ', data });

const appCase: Ps1Case = {
  name: 'applications on a mocked machine',
  script: script(profile),
  reference: script(builtInProfile('recommended')),
  registry: [
    {
      key: `${ROOT}\\${A}`,
      values: [sz('', 'Report Server'), { name: 'AccessPermission', type: 'REG_BINARY', data: ACCESS }],
    },
    { key: `${ROOT}\\${B}`, values: [sz('RunAs', 'nt authority\\networkservice')] },
    { key: `${ROOT32}\\agent.exe`, values: [sz('AppID', C.toLowerCase())] },
    { key: `${ROOT32}\\${C}`, values: [sz('', 'Legacy Agent')] },
    { key: `${ROOT}\\dup.exe`, values: [sz('AppID', A)] },
    { key: `${ROOT32}\\dup.exe`, values: [sz('AppID', C)] },
    { key: `${ROOT}\\evil.exe`, values: [sz('AppID', '..\\..\\Microsoft\\Ole')] },
  ],
  rules: [],
  calls: [
    { Command: 'SetValue', Parameters: { Key: `${ROOT}\\${A}`, Name: 'RunAs', Kind: 'String' } },
    { Command: 'DeleteValue', Parameters: { Key: `${ROOT}\\${A}`, Name: 'AccessPermission' } },
    {
      Command: 'SetValue',
      Parameters: { Key: `${ROOT32}\\${C}`, Name: 'AuthenticationLevel', Kind: 'DWord' },
    },
  ],
  narrow: [],
};

const SKIPS = 'reports and skips what it cannot find, and never creates an AppID key';
const UNDO = 'a failing write puts back the values it set and the one it removed';
const built = ps1Suite([appCase]);
const extra = [
  "  Describe 'ps1 appids: skipped applications' {",
  `    BeforeAll { $c = ConvertFrom-SgData ${psData(appCase)}; $script = New-SgScript $c $TestDrive }`,
  `    It ${psLiteral(SKIPS)} {`,
  `      Reset-SgMachine $c
      $folder = Join-Path $TestDrive 'skips'
      Invoke-SgScript $script @{ BackupRoot = $folder } | Should -Be 0
      $global:SgRegistry.Contains(${psLiteral(`${ROOT}\\${D}`.toLowerCase())}) | Should -BeFalse
      $global:SgRegistry.Contains(${psLiteral(`${ROOT32}\\${D}`.toLowerCase())}) | Should -BeFalse
      $global:SgRegistry.Contains('software\\microsoft\\ole') | Should -BeFalse
      $report = Get-Content -Raw -LiteralPath (Get-ChildItem -Recurse -File -Filter 'report.json' $folder).FullName | ConvertFrom-Json
      $absent = @($report | Where-Object Status -eq 'absent')
      @($absent | ForEach-Object { $_.Item }) | Should -BeExactly @('DCOM application dup.exe', ${psLiteral(`DCOM application ${D}`)}, 'DCOM application evil.exe')
      $absent[0].Before | Should -BeLike '*maps to several AppIDs*'
      $absent[1].Before | Should -BeLike '*is not registered here*'
      $absent[2].Before | Should -BeLike '*which is no AppID*'
      @($report | Where-Object { $_.Status -eq 'ok' -and $_.Item -like '*00000000000B*RunAs' }).Count | Should -Be 1`,
  '    }',
  `    It ${psLiteral(UNDO)} {`,
  `      Reset-SgMachine $c
      $before = Get-SgMachineJson
      $global:SgFaults = @{ 'SetValue' = @('AuthenticationLevel') }
      Invoke-SgScript $script @{ BackupRoot = (Join-Path $TestDrive 'undo') } | Should -Be 1
      $global:SgFaults = @{}
      # The removal, then the undo, newest first: the failed value and RunAs deleted (both were absent), the
      # access permission set back.
      @($global:SgCalls | Where-Object { $_.Command -in 'DeleteValue', 'SetValue' } | ForEach-Object { $_.Command + ' ' + $_.Parameters.Name }) |
        Should -BeExactly @('SetValue RunAs', 'DeleteValue AccessPermission', 'DeleteValue AuthenticationLevel', 'SetValue AccessPermission', 'DeleteValue RunAs')
      Get-SgMachineJson | Should -BeExactly $before`,
  '    }',
  '  }',
];
const suite = `${built.suite.slice(0, built.suite.lastIndexOf('}'))}${extra.join('\n')}\n}`;
const names = [
  ...built.names,
  `ps1 > ps1 appids: skipped applications > ${SKIPS}`,
  `ps1 > ps1 appids: skipped applications > ${UNDO}`,
];

describe.skipIf(!pwsh)('pwsh runs the ps1 export of a profile naming DCOM applications', () => {
  let run: PesterRun;
  it('runs the suite in one pwsh', async () => {
    run = await runPester(pwsh!, 'ps1-appids', suite);
    expect(run.ContainerErrors).toEqual([]);
    expect(run.Tests).toHaveLength(names.length);
  }, 300_000);

  it.each(names.map((name) => [name]))('%s', (name) => {
    const test = run.test(name);
    expect(test.Error).toBe('');
    expect(test.Result).toBe('Passed');
  });
});
