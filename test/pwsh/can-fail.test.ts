/**
 * The lane can fail: run on a copy of SinkGuard's builders with one slip each, the same Pester suites fail. A copy
 * of the firewall command builder that names a parameter Set-NetFirewallRule does not have, and a copy of the ps1
 * export with one quote dropped, are written beside the originals' imports (in a temp folder) and imported.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import type * as Commands from '../../main/domain/firewall/commands';
import type * as Ps1 from '../../main/domain/fleet/ps1';
import { builtInProfile } from '../../main/domain/profiles/index';
import { builderCases } from './support/builder-cases';
import { commandSuite } from './support/firewall-cases';
import { ps1Case, ps1Suite } from './support/ps1-cases';
import { runPester } from './support/pwsh';

const pwsh = inject('pwsh');

/** Imports a copy of `source` (a repository file) with `slip` applied; its relative imports point at the originals. */
async function brokenCopy<T>(source: string, slip: [string, string]): Promise<T> {
  const file = fileURLToPath(new URL(`../../${source}`, import.meta.url));
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(slip[0]);
  const copy = text
    .replace(slip[0], slip[1])
    .replace(/from '(\.\.?\/[^']+)'/g, (_, path: string) => `from '${join(dirname(file), path)}'`);
  const target = join(mkdtempSync(join(tmpdir(), 'sinkguard-slip-')), 'copy.ts');
  writeFileSync(target, copy);
  return (await import(/* @vite-ignore */ target)) as T;
}

describe.skipIf(!pwsh)('the pwsh lane fails on a slip in the builders', () => {
  it('fails the firewall suite when the builder names a parameter the cmdlet does not have', async () => {
    const broken = await brokenCopy<typeof Commands>('main/domain/firewall/commands.ts', [
      '`Set-NetFirewallRule -Name ${quotePowerShell(ruleId)} -RemoteAddress',
      '`Set-NetFirewallRule -Name ${quotePowerShell(ruleId)} -RemoteAddresses',
    ]);
    const narrow = builderCases().find((testCase) => testCase.name.startsWith('builder: narrow'))!;
    const planned = broken.planFirewallChange(
      {
        kind: 'narrow',
        ruleId: narrow.ruleId,
        scope: broken.parseNarrowScope('10.0.10.0/24'),
        profiles: ['Domain'],
      },
      'powershell',
    );
    const run = await runPester(
      pwsh!,
      'slip-firewall',
      commandSuite([{ ...narrow, command: planned.command }]),
      { summary: false },
    );
    const [test] = run.Tests;
    expect(test?.Result).toBe('Failed');
    expect(test?.Error).toMatch(/parameter cannot be found that matches parameter name 'RemoteAddresses'/);
  }, 300_000);

  it('fails the ps1 suite when the export drops a quote', async () => {
    // The data literal's closing quote.
    const broken = await brokenCopy<typeof Ps1>('main/domain/fleet/ps1.ts', [
      "utf8Base64(JSON.stringify(data))}'`",
      'utf8Base64(JSON.stringify(data))}`',
    ]);
    const testCase = await ps1Case(
      'legacy',
      'recommended',
      builtInProfile('recommended'),
      broken.compilePowerShell,
    );
    const run = await runPester(pwsh!, 'slip-ps1', ps1Suite([testCase]).suite, { summary: false });
    const failed = run.Tests.filter((test) => test.Result === 'Failed').map((test) => test.Name);
    expect(failed).toContain(
      'ps1 > ps1 1: recommended on legacy > parses with pwsh and uses nothing Windows PowerShell 5.1 lacks',
    );
    expect(failed).toContain(
      'ps1 > ps1 1: recommended on legacy > makes exactly the planned writes, after backing up',
    );
  }, 300_000);
});
