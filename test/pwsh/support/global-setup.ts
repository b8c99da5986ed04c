/**
 * Once per run of the pwsh lane: finds pwsh and Pester (skip locally with a printed reason, fail under CI=true, as
 * requireTool does), hands the pwsh path to the test files, and at the end prints the lane's summary: the
 * PowerShell version and the number of Pester tests passed.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { isCI, requireTool } from '../../support/lane';
import { PESTER_MODULE, findPwsh, psLiteral } from './pwsh';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The full path of pwsh, or null when the lane skips (the reason was printed). */
    pwsh: string | null;
  }
}

const LANE = 'pwsh lane';

function pesterAvailable(): boolean {
  try {
    readFileSync(PESTER_MODULE);
    return true;
  } catch {
    const reason = `${LANE}: Pester 6.2.0 is not restored at ${PESTER_MODULE} (dotnet restore test/pwsh/tools)`;
    if (isCI) throw new Error(`${reason}; under CI=true this lane must run (.ci/run restores it)`);
    console.warn(`SKIPPED ${reason}`);
    return false;
  }
}

export default function setup(project: TestProject): () => void {
  const found = findPwsh();
  const pwsh =
    requireTool(LANE, found ?? 'pwsh', [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      '$PSVersionTable.PSVersion',
    ]) &&
    pesterAvailable() &&
    requireTool(LANE, found!, [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      `Import-Module ${psLiteral(PESTER_MODULE)}`,
    ])
      ? found
      : null;
  project.provide('pwsh', pwsh);
  const summary = mkdtempSync(join(tmpdir(), 'sinkguard-pwsh-summary-'));
  process.env.SINKGUARD_PWSH_SUMMARY = summary;
  return () => {
    const suites = readdirSync(summary).map(
      (file) =>
        JSON.parse(readFileSync(join(summary, file), 'utf8')) as {
          powershell: string;
          pester: string;
          passed: number;
          failed: number;
        },
    );
    if (suites.length === 0) return;
    const sum = (key: 'passed' | 'failed') => suites.reduce((total, suite) => total + suite[key], 0);
    console.log(
      `pwsh lane: PowerShell ${suites[0]!.powershell}, Pester ${suites[0]!.pester}: ` +
        `${sum('passed')} Pester tests passed, ${sum('failed')} failed, in ${suites.length} suites`,
    );
  };
}
