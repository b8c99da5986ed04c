import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PlanInputError,
  elevatedRelaunchCommand,
  parseJournal,
  quoteWindowsArgument,
  JournalFormatError,
} from '../../../main/domain/changes/index';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { openSimulatedMachine } from '../../../main/registry/machines';
import { refusal } from './expectations';
import { engineFor, tempDirectory, wholeRegistry } from './support';

describe('refusals: nothing written', () => {
  it('refuses when not elevated, with the specific read-only message', async () => {
    const port = await openSimulatedMachine('legacy', { elevated: false });
    const engine = engineFor(port, tempDirectory(), { detectElevation: async () => port.elevated });
    const before = await wholeRegistry(port);
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    const error = await refusal(engine.applyPlan(plan.id));
    expect(error.code).toBe('not-elevated');
    expect(error.message).toMatch(/^read-only: not elevated/);
    expect(await wholeRegistry(port)).toBe(before);
    expect(await engine.history()).toEqual([]);
  });

  it('refuses an edit of a value Group Policy manages', async () => {
    const port = await openSimulatedMachine('gpo-managed');
    const engine = engineFor(port, tempDirectory());
    const error = await refusal(
      engine.createPlan({
        edits: [{ settingId: 'dcom.machine-access-restriction', value: 'O:BAG:BAD:(A;;CCDCLC;;;BA)' }],
      }),
    );
    expect(error.code).toBe('policy-managed');
    expect(error.message).toContain('MachineAccessRestriction');
  });

  it('leaves policy-managed settings out of a profile plan, with a reason', async () => {
    const engine = engineFor(await openSimulatedMachine('gpo-managed'), tempDirectory());
    const plan = await engine.createPlan({ profile: builtInProfile('strict') });
    expect(plan.skipped.filter((skip) => skip.reason === 'policy-managed').length).toBeGreaterThan(0);
    for (const skip of plan.skipped)
      expect(plan.valueChanges.map((change) => change.settingId)).not.toContain(skip.settingId);
  });

  it('refuses a stale plan, naming the value changed behind its back', async () => {
    const port = await openSimulatedMachine('legacy');
    const engine = engineFor(port, tempDirectory());
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    await port.writeValues([
      {
        key: 'HKLM\\SOFTWARE\\Microsoft\\Ole',
        name: 'LegacyImpersonationLevel',
        value: { type: 'REG_DWORD', data: 4 },
      },
    ]);
    const before = await wholeRegistry(port);
    const error = await refusal(engine.applyPlan(plan.id));
    expect(error.code).toBe('stale-plan');
    expect(error.message).toMatch(/^stale plan/);
    expect(error.details).toEqual([
      'HKLM\\SOFTWARE\\Microsoft\\Ole\\LegacyImpersonationLevel: REG_DWORD 3 (0x3) → REG_DWORD 4 (0x4)',
    ]);
    expect(await wholeRegistry(port)).toBe(before);
    // A re-plan from the new state applies.
    const again = await engine.createPlan({ profile: builtInProfile('recommended') });
    expect((await engine.applyPlan(again.id)).status).toBe('applied');
  });

  it('rolls back when a value is changed behind its back between write and verify', async () => {
    const port = await openSimulatedMachine('legacy');
    const before = await wholeRegistry(port);
    const engine = engineFor(port, tempDirectory(), {
      onProgress: async (event) => {
        if (event.step === 'verify' && event.status === 'started') {
          await port.writeValues([
            {
              key: 'HKLM\\SOFTWARE\\Microsoft\\Ole',
              name: 'LegacyAuthenticationLevel',
              value: { type: 'REG_DWORD', data: 1 },
            },
          ]);
        }
      },
    });
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    const outcome = await engine.applyPlan(plan.id);
    expect(outcome.status).toBe('rolled-back');
    expect(outcome.details).toContain(
      'HKLM\\SOFTWARE\\Microsoft\\Ole\\LegacyAuthenticationLevel does not read back as written (reads REG_DWORD 1 (0x1))',
    );
    expect(await wholeRegistry(port)).toBe(before);
  });

  it('rejects an edit the catalog does not allow, naming the setting', async () => {
    const engine = engineFor(await openSimulatedMachine('stock'), tempDirectory());
    await expect(
      engine.createPlan({ edits: [{ settingId: 'dcom.legacy-authentication-level', value: 9 }] }),
    ).rejects.toThrow(PlanInputError);
    await expect(engine.createPlan({ edits: [{ settingId: 'no.such', value: 1 }] })).rejects.toThrow(
      /no\.such: no such setting/,
    );
  });

  it('plans admin edits in catalog terms', async () => {
    const engine = engineFor(await openSimulatedMachine('stock'), tempDirectory());
    const plan = await engine.createPlan({
      edits: [
        { settingId: 'wmi.unsecapp-access-check', value: 1 },
        { settingId: 'dcom.legacy-secure-references', value: 'Y' },
      ],
    });
    expect(plan.valueChanges.map((change) => [change.name, change.after])).toEqual([
      ['UnsecAppAccessControlDefault', { type: 'REG_DWORD', data: 1 }],
      ['LegacySecureReferences', { type: 'REG_SZ', data: 'Y' }],
    ]);
    expect(
      plan.warnings.some((warning) => warning.breaksCallbacks && /PKT_PRIVACY/.test(warning.message)),
    ).toBe(true);
    expect((await engine.applyPlan(plan.id)).status).toBe('applied');
  });
});

describe('journal and recovery', () => {
  it('writes begin before the registry is touched and commit after; history lists the diff', async () => {
    const dataDirectory = tempDirectory();
    const engine = engineFor(await openSimulatedMachine('legacy'), dataDirectory);
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    const outcome = await engine.applyPlan(plan.id);
    const lines = readFileSync(join(dataDirectory, 'journal.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; id: string });
    expect(lines.map((line) => line.type)).toEqual(['begin', 'commit']);
    expect(lines[0]!.id).toBe(outcome.transactionId);
    const manifest = JSON.parse(
      readFileSync(join(dataDirectory, 'backups', `${outcome.backupId}.json`), 'utf8'),
    ) as { regSha256: string; machine: string; user: string };
    expect(manifest).toMatchObject({ machine: 'TESTHOST', user: 'tester' });
    const [entry] = await engine.history();
    expect(entry!.diff.map((item) => item.settingId)).toContain('dcom.machine-access-restriction');
  });

  it('drops a record torn by a crash, and names any other bad line', () => {
    const good = JSON.stringify({
      v: 1,
      type: 'commit',
      id: 'x',
      at: 't',
      outcome: 'applied',
      message: '',
      details: [],
      by: null,
    });
    expect(parseJournal(`${good}\n{"v":1,"ty`)).toMatchObject({ tornTail: true });
    expect(() => parseJournal(`${good}\nnot json\n`)).toThrow(JournalFormatError);
    expect(() => parseJournal(`${good}\nnot json\n`)).toThrow(/journal line 2/);
  });
});

describe('elevated relaunch', () => {
  it('builds the exact PowerShell argv with strict quoting', () => {
    const relaunch = elevatedRelaunchCommand("C:\\Program Files\\Sink'Guard\\SinkGuard.exe", [
      'apply',
      '--profile',
      'C:\\my profiles\\a b.yaml',
      'say "hi"',
    ]);
    expect(relaunch.program).toBe('powershell.exe');
    expect(relaunch.args).toEqual([
      '-NoProfile',
      '-Command',
      'Start-Process -FilePath \'C:\\Program Files\\Sink\'\'Guard\\SinkGuard.exe\' -ArgumentList \'apply --profile "C:\\my profiles\\a b.yaml" "say \\"hi\\""\' -Verb RunAs',
    ]);
  });

  it('doubles typographic quotes and refuses line breaks', () => {
    expect(elevatedRelaunchCommand('C:\\x.exe', ['it’s']).args[2]).toContain("'it’’s'");
    expect(() => elevatedRelaunchCommand('C:\\x.exe', ['a\nb'])).toThrow(/argument 1/);
  });

  it('quotes arguments the way CommandLineToArgvW reads them back', () => {
    expect(quoteWindowsArgument('plain')).toBe('plain');
    expect(quoteWindowsArgument('')).toBe('""');
    expect(quoteWindowsArgument('C:\\dir with space\\')).toBe('"C:\\dir with space\\\\"');
    expect(quoteWindowsArgument('a\\"b')).toBe('"a\\\\\\"b"');
  });
});
