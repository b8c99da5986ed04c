/**
 * pwsh runs every firewall command SinkGuard's change engine builds (apply, rollback and restore, every plan × simulated
 * machine, a machine whose rules carry hostile names and descriptions, and each kind of change the builder makes)
 * against mocks of the NetSecurity cmdlets declared with the real parameter sets: the -EncodedCommand payload must
 * decode to the script shown to the admin, hold literal arguments only, bind to the real parameters, make exactly
 * the calls the plan says and leave the rule as the plan predicts.
 */
import { describe, expect, inject, it } from 'vitest';
import { builderCases } from './support/builder-cases';
import { commandSuite, planCases } from './support/firewall-cases';
import { runPester, type PesterRun } from './support/pwsh';

const pwsh = inject('pwsh');
const cases = [...(await planCases()), ...builderCases()];

describe.skipIf(!pwsh)('pwsh runs the firewall commands SinkGuard builds', () => {
  let run: PesterRun;
  it('covers apply, rollback (set back, remove), restore and the live read on every machine, and every kind of change', async () => {
    expect(new Set(cases.map((testCase) => testCase.name)).size).toBe(cases.length);
    for (const set of ['apply', 'rollback', 'remove', 'read', 'restore'])
      for (const machine of ['stock', 'legacy', 'hostile'])
        expect(
          cases.some((testCase) => testCase.set === set && testCase.name.includes(` on ${machine}:`)),
          `${set} ${machine}`,
        ).toBe(true);
    run = await runPester(pwsh!, 'firewall-commands', commandSuite(cases));
    expect(run.ContainerErrors).toEqual([]);
    expect(run.Tests).toHaveLength(cases.length);
  }, 300_000);

  it.each(cases.map((testCase) => [testCase.name]))('%s', (name) => {
    const test = run.test(`firewall commands > ${name}`);
    expect(test.Error).toBe('');
    expect(test.Result).toBe('Passed');
  });
});
