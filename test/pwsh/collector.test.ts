/**
 * pwsh runs the PowerShell collector on mocked hosts (reg.exe and Get-CimInstance mocked, the registry a simulated
 * machine's): it writes a bundle (one export per present key and a manifest saying which keys were exported, absent
 * or unreadable) that the offline audit reads to the same findings as a live audit of that machine. A host name that
 * could not name a folder stops it before anything is written.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { auditOffline } from '../../main/app/offline-audit';
import { readForAudit, runAudit } from '../../main/domain/audit/index';
import { compileCollector } from '../../main/domain/fleet/collector';
import {
  CollectionManifestSchema,
  MANIFEST_FILE_NAME,
  collectorFacts,
  collectorKeys,
} from '../../main/domain/fleet/manifest';
import { builtInProfile } from '../../main/domain/profiles/index';
import { parseRegFile } from '../../main/domain/regfile/index';
import { AUDIT_KEYS, AUDIT_KEY_LIST } from '../../main/registry/audit-keys';
import { openSimulatedMachine, type MachineProfile } from '../../main/registry/machines';
import { OPEN_HKLM } from './support/ps1-cases';
import { dotSource, psData, psLiteral, runPester, type PesterRun } from './support/pwsh';

const pwsh = inject('pwsh');
const destination = mkdtempSync(join(tmpdir(), 'sinkguard-collector-'));
afterAll(() => rmSync(destination, { recursive: true, force: true }));

const script = compileCollector('ps1', AUDIT_KEY_LIST);
const KEYS = collectorKeys(AUDIT_KEY_LIST);
const DENIED = AUDIT_KEYS.cimom;

interface HostCase {
  readonly name: string;
  readonly machine: MachineProfile;
  readonly host: string;
  readonly denied: readonly string[];
}
const HOSTS: HostCase[] = [
  {
    name: 'a domain member with a key it may not read',
    machine: 'legacy',
    host: 'SRV-LEGACY-01',
    denied: [DENIED],
  },
  {
    name: 'a workgroup server with Group Policy keys',
    machine: 'gpo-managed',
    host: 'SRV-GPO-02',
    denied: [],
  },
];

async function caseData(host: HostCase) {
  const port = await openSimulatedMachine(host.machine);
  const present = (await port.readKeys(KEYS)).filter((snapshot) => snapshot.exists).map((s) => s.path);
  const exports: Record<string, string> = {};
  for (const key of present)
    exports[key.toLowerCase()] = Buffer.from(await port.exportKeys([key])).toString('base64');
  return {
    registry: present.map((key) => ({ key: key.slice('HKLM\\'.length), values: [] })),
    exports,
    denied: Object.fromEntries(host.denied.map((key) => [key.toLowerCase(), 'ERROR: Access is denied.'])),
    cim: {
      Win32_ComputerSystem: {
        Name: host.host,
        Domain: 'corp.example',
        PartOfDomain: host.machine === 'legacy',
      },
      Win32_OperatingSystem: { Caption: 'Microsoft Windows Server 2022 Standard', Version: '10.0.20348' },
    },
    destination,
    present,
  };
}

const seed = (data: string) =>
  [
    `$c = ConvertFrom-SgData ${data}`,
    'Reset-SgRegistry $c.registry; Reset-SgCalls',
    '$global:SgExports = @{}; foreach ($p in $c.exports.PSObject.Properties) { $global:SgExports[$p.Name] = $p.Value }',
    '$global:SgDenied = @{}; foreach ($p in $c.denied.PSObject.Properties) { $global:SgDenied[$p.Name] = $p.Value }',
    '$global:SgCim = @{}; foreach ($p in $c.cim.PSObject.Properties) { $global:SgCim[$p.Name] = $p.Value }',
  ].join('; ');

const cases = await Promise.all(HOSTS.map(async (host) => ({ host, data: await caseData(host) })));
const hostile = {
  ...cases[0]!.data,
  cim: { ...cases[0]!.data.cim, Win32_ComputerSystem: { Name: '../..', PartOfDomain: false } },
};

const suite = [
  'BeforeAll {',
  dotSource('Registry.ps1', 'Collector.ps1'),
  `  . ${psLiteral(new URL('./support/Compat.ps1', import.meta.url).pathname)}`,
  `  $ScriptPath = Join-Path $TestDrive 'sinkguard-collector.ps1'`,
  `  Set-Content -LiteralPath $ScriptPath -Value ${psLiteral(script.replace(OPEN_HKLM, 'New-SgHklm'))}`,
  '}',
  "Describe 'collector' {",
  ...cases.map(
    ({ host, data }) =>
      `  It ${psLiteral(`collects ${host.name}`)} {\n` +
      `    ${seed(psData(data))}\n` +
      `    $out = & $ScriptPath -Destination $c.destination\n` +
      `    $out | Should -Be (Join-Path $c.destination ${psLiteral(host.host)})\n` +
      `    @($global:SgCalls | Where-Object Command -eq 'reg.exe').Count | Should -Be ${data.present.length}\n` +
      '  }',
  ),
  "  It 'parses with pwsh and uses nothing Windows PowerShell 5.1 lacks' {",
  `    $text = ${psLiteral(script)}`,
  "    Get-SgRequiredVersion $text | Should -BeExactly '5.1'",
  '    Find-SgNewerThan51 $text | Should -BeNullOrEmpty',
  '  }',
  "  It 'refuses a host name that cannot name a folder, writing nothing' {",
  `    ${seed(psData({ ...hostile, destination: join(destination, 'hostile') }))}`,
  '    New-Item -ItemType Directory -Path $c.destination | Out-Null',
  "    { & $ScriptPath -Destination $c.destination } | Should -Throw '*unusable host name*'",
  '    @(Get-ChildItem -LiteralPath $c.destination -Force).Count | Should -Be 0',
  '  }',
  '}',
].join('\n');

describe.skipIf(!pwsh)('pwsh runs the PowerShell collector on mocked hosts', () => {
  let run: PesterRun;
  it('runs the suite in one pwsh', async () => {
    run = await runPester(pwsh!, 'collector', suite);
    expect(run.ContainerErrors).toEqual([]);
    for (const test of run.Tests) expect(test, test.Name).toMatchObject({ Result: 'Passed', Error: '' });
    expect(run.Tests).toHaveLength(cases.length + 2);
  }, 300_000);

  it.each(cases)('$host.name: a bundle the offline audit reads as the live audit', async ({ host, data }) => {
    const folder = join(destination, host.host);
    const manifest = CollectionManifestSchema.parse(
      JSON.parse(readFileSync(join(folder, MANIFEST_FILE_NAME), 'utf8')),
    );
    expect(manifest).toMatchObject({
      host: host.host,
      collector: 'ps1',
      domain: host.machine === 'legacy' ? 'corp.example' : null,
      osBuild: 'Microsoft Windows Server 2022 Standard, build 10.0.20348',
    });
    expect(Date.now() - Date.parse(manifest.collectedAt)).toBeLessThan(600_000);
    expect(manifest.keys.map((entry) => entry.key)).toEqual(KEYS);
    for (const entry of manifest.keys) {
      const state = host.denied.includes(entry.key)
        ? 'unreadable'
        : data.present.includes(entry.key)
          ? 'exported'
          : 'absent';
      expect(entry.state, entry.key).toBe(state);
      if (state === 'unreadable') expect(entry.error).toBe('ERROR: Access is denied.');
      if (state === 'exported')
        expect(readFileSync(join(folder, entry.file!)).toString('base64')).toBe(
          data.exports[entry.key.toLowerCase()],
        );
    }
    const files = manifest.keys.flatMap((entry) => (entry.file ? [entry.file] : []));
    expect(readdirSync(folder).sort()).toEqual([...files, MANIFEST_FILE_NAME].sort());

    const profile = builtInProfile('recommended');
    const offline = await auditOffline(
      files.map((name) => parseRegFile(new Uint8Array(readFileSync(join(folder, name))))),
      profile,
      { description: folder, facts: collectorFacts(manifest), platform: 'linux', env: {} },
    );
    expect(offline.machine).toMatchObject({ hostName: host.host, keysNotInExport: [] });
    const port = await openSimulatedMachine(host.machine, { unreadableKeys: host.denied });
    const live = runAudit(await readForAudit(port), profile);
    for (const finding of offline.findings) {
      const twin = live.findings.find((entry) => entry.settingId === finding.settingId)!;
      if (twin.verdict === 'unreadable') {
        expect(finding.verdict).toBe('unreadable');
        expect(finding.explanation).toContain('the collector could not export it: ERROR: Access is denied.');
      } else expect(finding, finding.settingId).toEqual(twin);
    }
    if (host.denied.length === 0)
      expect({ ...offline, machine: undefined }).toEqual({ ...live, machine: undefined });
  });
});
