/**
 * pwsh runs what SinkGuard's platform layer asks of PowerShell and icacls: the elevated relaunch
 * (`powershell.exe -Command Start-Process … -Verb RunAs`), the data folder's lock-down (icacls) and ACL check
 * (`(Get-Acl -LiteralPath …).Sddl`), and the lock-down command the refusal tells an admin to paste, for ordinary and
 * hostile paths and arguments, against mocks with the real parameter sets.
 */
import { describe, expect, inject, it } from 'vitest';
import { elevatedRelaunchCommand, quoteWindowsArgument } from '../../main/domain/changes/elevation';
import { lockDownAdvice, windowsDataFolderGuard } from '../../main/platform/data-folder';
import { dotSource, psData, psLiteral, runPester, type PesterRun } from './support/pwsh';

const pwsh = inject('pwsh');
const SDDL = 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)';

// Each would run Invoke-SgPwned (a mock that only records) if it were ever parsed as code.
const HOSTILE = [
  "it's",
  '$(Invoke-SgPwned)',
  '"quoted" and \\"escaped\\"',
  'trailing\\',
  '‘typographic’ ‛quotes‚',
  '`n; & Invoke-SgPwned #',
  '',
  'a b  c',
];

const relaunches = [
  ['C:\\Program Files\\SinkGuard\\SinkGuard.exe', ['apply', '--profile', 'strict', '--yes']],
  ["C:\\Users\\o'brien\\$(Invoke-SgPwned)\\SinkGuard.exe", HOSTILE],
  ['C:\\SinkGuard\\SinkGuard.exe', []],
] as const;

const FOLDERS = [
  'C:\\ProgramData\\SinkGuard',
  "C:\\ProgramData\\Sink'Guard $(Invoke-SgPwned) `$env:x ‘q’",
  'D:\\data\\a;b&c"d',
];

/** The programs the data-folder guard runs for `prepare` of a new folder, as (file, args). */
async function guardCalls(folder: string): Promise<{ file: string; args: readonly string[] }[]> {
  const calls: { file: string; args: readonly string[] }[] = [];
  const guard = windowsDataFolderGuard({
    env: { SystemRoot: 'C:\\Windows' },
    runner: {
      run: async (file, args) => {
        calls.push({ file, args });
        return { exitCode: 0, stdout: SDDL, stderr: '' };
      },
    },
    makeDirectory: async () => 'created',
    listDirectory: async () => [],
  });
  await guard.prepare(folder);
  return calls;
}

const it_ = (name: string, body: string) => `  It ${psLiteral(name)} {\n    ${body}\n  }`;

function relaunchTests(): string[] {
  return relaunches.map(([exe, args], index) => {
    const command = elevatedRelaunchCommand(exe, args);
    const expected = [
      {
        Command: 'Start-Process',
        Parameters: {
          ...(args.length > 0 ? { ArgumentList: [args.map(quoteWindowsArgument).join(' ')] } : {}),
          FilePath: exe,
          Verb: 'RunAs',
        },
      },
    ];
    return it_(
      `relaunch ${index + 1}: Start-Process binds the executable and the argument line as literals`,
      `$c = ConvertFrom-SgData ${psData({ command, expected })}
    $c.command.program | Should -BeExactly 'powershell.exe'
    @($c.command.args[0..1]) | Should -BeExactly @('-NoProfile', '-Command')
    Get-SgNonLiteral $c.command.args[2] -Bare | Should -BeNullOrEmpty
    Reset-SgCalls
    & ([scriptblock]::Create($c.command.args[2]))
    Get-SgCallsJson | Should -BeExactly (ConvertTo-Json -InputObject @($c.expected) -Depth 6 -Compress)`,
    );
  });
}

async function folderTests(): Promise<string[]> {
  const tests: string[] = [];
  for (const [index, folder] of FOLDERS.entries()) {
    const calls = await guardCalls(folder);
    const icacls = calls.filter((call) => call.file.endsWith('icacls.exe'));
    const check = calls.filter((call) => call.file.endsWith('powershell.exe'));
    expect(icacls).toHaveLength(2);
    expect(check).toHaveLength(1);
    const data = psData({ folder, icacls, check: check[0], sddl: SDDL, advice: lockDownAdvice(folder) });
    tests.push(
      it_(
        `folder ${index + 1}: icacls takes the lock-down arguments`,
        `$c = ConvertFrom-SgData ${data}
    foreach ($call in $c.icacls) {
      Reset-SgCalls
      $arguments = @($call.args)
      $out = & icacls.exe @arguments
      $out | Should -BeExactly ('processed file: ' + $c.folder)
      $LASTEXITCODE | Should -Be 0
    }`,
      ),
      it_(
        `folder ${index + 1}: the ACL check reads the folder's SDDL by literal path`,
        `$c = ConvertFrom-SgData ${data}
    @($c.check.args[0..2]) | Should -BeExactly @('-NoProfile', '-NonInteractive', '-Command')
    Get-SgNonLiteral $c.check.args[3] -Bare -AllowMember | Should -BeNullOrEmpty
    Reset-SgCalls
    $global:SgAcls = @{ $c.folder = $c.sddl }
    $ErrorActionPreference = 'Stop'
    & ([scriptblock]::Create($c.check.args[3])) | Should -BeExactly $c.sddl
    $global:SgCalls[0].Parameters.LiteralPath | Should -BeExactly @($c.folder)`,
      ),
      it_(
        `folder ${index + 1}: the lock-down command the refusal gives an admin runs in PowerShell as meant`,
        `$c = ConvertFrom-SgData ${data}
    $command = ($c.advice -split 'PowerShell commands: ', 2)[1]
    Reset-SgCalls
    $ErrorActionPreference = 'Stop'
    & ([scriptblock]::Create($command)) | Out-Null
    $LASTEXITCODE | Should -Be 0
    $calls = @($global:SgCalls | ForEach-Object { ,@($_.Parameters.Arguments) })
    ConvertTo-Json -Compress -InputObject $calls | Should -BeExactly (ConvertTo-Json -Compress -InputObject @($c.icacls | ForEach-Object { ,@($_.args) }))`,
      ),
    );
  }
  return tests;
}

const tests = [...relaunchTests(), ...(await folderTests())];
const names = tests.map((test) => /^ {2}It '((?:[^']|'')*)'/.exec(test)![1]!.replace(/''/g, "'"));

describe.skipIf(!pwsh)('pwsh runs the elevated relaunch and the data folder scripts', () => {
  let run: PesterRun;
  it('runs the suite in one pwsh', async () => {
    run = await runPester(
      pwsh!,
      'platform',
      [
        'BeforeAll {',
        dotSource('Windows.ps1'),
        `. ${psLiteral(new URL('./support/Commands.ps1', import.meta.url).pathname)}`,
        '}',
        "Describe 'platform' {",
        ...tests,
        '}',
      ].join('\n'),
    );
    expect(run.ContainerErrors).toEqual([]);
    expect(run.Tests).toHaveLength(tests.length);
  }, 300_000);

  it.each(names.map((name) => [name]))('%s', (name) => {
    const test = run.test(`platform > ${name}`);
    expect(test.Error).toBe('');
    expect(test.Result).toBe('Passed');
  });
});
