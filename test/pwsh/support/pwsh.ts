/**
 * The PowerShell lane's runner: each test file generates one Pester suite from SinkGuard's own builders, runs it in
 * ONE pwsh process (Run-Pester.ps1), and reads back every Pester test's result. The mocks that stand in for
 * Windows-only cmdlets are in test/pwsh/mocks.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { utf8Base64 } from '../../../main/domain/fleet/artifact';
import { quotePowerShell } from '../../../main/domain/firewall/commands';

export const PWSH_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Pester 6.2.0 as `dotnet restore` of test/pwsh/tools/Tools.csproj lays it out. */
export const PESTER_MODULE = join(PWSH_ROOT, 'tools', 'packages', 'pester', '6.2.0', 'tools', 'Pester.psd1');
export const MOCKS = join(PWSH_ROOT, 'mocks');

/** pwsh by full path: PATH first, then where `dotnet tool install --global` puts it. */
export function findPwsh(env: NodeJS.ProcessEnv = process.env): string | null {
  const directories = [...(env.PATH ?? '').split(delimiter), join(homedir(), '.dotnet', 'tools')];
  for (const directory of directories.filter(Boolean)) {
    const candidate = join(directory, 'pwsh');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** A PowerShell single-quoted literal: the product's own quoting (quotes doubled, typographic ones too). */
export const psLiteral = quotePowerShell;

/** A value carried into a generated suite: base64 of its JSON, decoded by ConvertFrom-SgData (no test text is code). */
export const psData = (value: unknown): string => psLiteral(utf8Base64(JSON.stringify(value)));

/** Dot-sources mocks by full path (for a suite's BeforeAll). */
export const dotSource = (...files: string[]): string =>
  files.map((file) => `. ${psLiteral(join(MOCKS, file))}`).join('\n');

export interface PesterTest {
  readonly Name: string;
  readonly Result: 'Passed' | 'Failed' | 'Skipped' | 'NotRun' | string;
  readonly Error: string;
}

export interface PesterRun {
  readonly PowerShell: string;
  readonly Pester: string;
  readonly Tests: readonly PesterTest[];
  readonly ContainerErrors: readonly string[];
  /** The test by its full name (`Describe > It`); throws when Pester did not run it. */
  test(name: string): PesterTest;
}

/**
 * Runs `script` (a *.Tests.ps1 body) with Pester in one pwsh process. `summary: false` keeps a suite that is meant
 * to fail (a test of the lane itself) out of the lane's summary.
 */
export async function runPester(
  pwsh: string,
  suite: string,
  script: string,
  options: { readonly summary?: boolean } = {},
): Promise<PesterRun> {
  const directory = mkdtempSync(join(tmpdir(), `sinkguard-pwsh-${suite}-`));
  const path = join(directory, `${suite}.Tests.ps1`);
  const out = join(directory, 'result.json');
  writeFileSync(path, script);
  await new Promise<void>((resolve, reject) => {
    execFile(
      pwsh,
      [
        '-NoLogo',
        '-NoProfile',
        '-NonInteractive',
        '-File',
        join(PWSH_ROOT, 'support', 'Run-Pester.ps1'),
        '-Path',
        path,
        '-Pester',
        PESTER_MODULE,
        '-Out',
        out,
      ],
      { timeout: 300_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) =>
        error
          ? reject(
              new Error(`pwsh failed on suite ${suite} (${path}): ${error.message}\n${stdout}\n${stderr}`),
            )
          : resolve(),
    );
  });
  const raw = JSON.parse(readFileSync(out, 'utf8').replace(/^\uFEFF/, '')) as Omit<PesterRun, 'test'>;
  const tests = raw.Tests ?? [];
  if (options.summary !== false) recordSummary(suite, raw.PowerShell, raw.Pester, tests);
  return {
    ...raw,
    Tests: tests,
    ContainerErrors: raw.ContainerErrors ?? [],
    test(name) {
      const found = tests.find((test) => test.Name === name);
      if (!found)
        throw new Error(
          `Pester did not run "${name}" (it ran: ${tests.map((test) => test.Name).join('; ')})`,
        );
      return found;
    },
  };
}

/** Each suite's counts go to the folder global-setup.ts made; its teardown prints the lane's summary. */
function recordSummary(
  suite: string,
  powershell: string,
  pester: string,
  tests: readonly PesterTest[],
): void {
  const folder = process.env.SINKGUARD_PWSH_SUMMARY;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  const count = (result: string) => tests.filter((test) => test.Result === result).length;
  writeFileSync(
    join(folder, `${suite}.json`),
    JSON.stringify({
      suite,
      powershell,
      pester,
      passed: count('Passed'),
      failed: count('Failed'),
      total: tests.length,
    }),
  );
}
