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
import { ps1Case, ps1Suite, type Ps1Case } from './support/ps1-cases';
import { runPester, type PesterRun } from './support/pwsh';

const pwsh = inject('pwsh');
const profiles: [string, Profile][] = [
  ...BUILT_IN_PROFILE_NAMES.map((name): [string, Profile] => [name, builtInProfile(name)]),
  ['hostile', hostileProfile()],
];
const cases: Ps1Case[] = [];
for (const machine of MACHINE_PROFILES)
  for (const [name, profile] of profiles) cases.push(await ps1Case(machine, name, profile));

const { suite, names } = ps1Suite(cases);

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
