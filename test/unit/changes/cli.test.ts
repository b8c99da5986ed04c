import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, guarded, relaunchHint } from '../../../main/cli/change-commands';
import { ChangeRefusedError } from '../../../main/changes/index';
import { CliExit } from '../../../main/cli/io';
import { elevatedRelaunchCommand } from '../../../main/domain/changes/index';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { openSimulatedMachine } from '../../../main/registry/machines';
import { runCliCaptured } from '../../support/cli';
import { engineFor, interruptApply, tempDirectory } from './support';

const env = () => ({ SINKGUARD_DATA_DIR: tempDirectory() });

describe('sinkguard plan / apply / history / restore', () => {
  it('plan prints the diff and writes nothing', async () => {
    const run = await runCliCaptured(['plan', '--profile', 'strict', '--registry', 'simulated:legacy'], {
      env: env(),
    });
    expect(run.code).toBe(0);
    // The access limit as a principal × rights table: ANONYMOUS LOGON loses Remote Access; no SDDL unless asked.
    expect(run.stdout).toMatch(/ANONYMOUS LOGON \(changed\) +Allow +\* Allow → —/);
    expect(run.stdout).not.toMatch(/O:BA|\(A;|v2\.\d+\||Set-NetFirewallRule/);
    expect(run.stdout).toContain('Who is affected:');
    const technical = await runCliCaptured(
      ['plan', '--technical', '--profile', 'strict', '--registry', 'simulated:legacy'],
      { env: env() },
    );
    expect(technical.stdout).toContain('Technical details:');
    expect(technical.stdout).toMatch(/O:BAG:BAD:\(A;/);
    expect(technical.stdout).toContain('Set-NetFirewallRule');
  });

  it('plan --json is the plan view', async () => {
    const run = await runCliCaptured(['plan', '--json', '--registry', 'simulated:legacy'], { env: env() });
    const plan = JSON.parse(run.stdout) as { id: string; valueChanges: unknown[] };
    expect(plan.valueChanges.length).toBeGreaterThan(0);
  });

  it('apply without --yes and without a terminal refuses with exit 2', async () => {
    const run = await runCliCaptured(['apply', '--registry', 'simulated:legacy'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pass --yes');
  });

  it('apply asks on a terminal and does nothing on "n"', async () => {
    const run = await runCliCaptured(['apply', '--registry', 'simulated:legacy'], {
      env: env(),
      stdin: 'n\n',
      stdinIsTTY: true,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[y/N]');
    expect(run.stdout).toContain('Nothing was changed.');
  });

  it('apply --yes applies, history --json lists it, restore ID finds nothing to put back on a fresh machine', async () => {
    const environment = env();
    const applied = await runCliCaptured(['apply', '--yes', '--registry', 'simulated:legacy'], {
      env: environment,
    });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/applied: Applied/);
    const history = JSON.parse(
      (await runCliCaptured(['history', '--json'], { env: environment })).stdout,
    ) as { id: string; outcome: string }[];
    expect(history).toHaveLength(1);
    expect(history[0]!.outcome).toBe('applied');
    // Each CLI run opens a fresh simulated machine: what the change touched already holds the backup's values, so
    // the restore plan is empty and nothing is written or journaled (restore-cli.test.ts restores for real).
    const restored = await runCliCaptured(
      ['restore', history[0]!.id, '--yes', '--registry', 'simulated:legacy'],
      { env: environment },
    );
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('Nothing to restore');
    const after = JSON.parse((await runCliCaptured(['history', '--json'], { env: environment })).stdout) as {
      operation: string;
    }[];
    expect(after.map((entry) => entry.operation)).toEqual(['apply']);
  });

  it('restore of an unknown id is an error naming it', async () => {
    const run = await runCliCaptured(
      ['restore', '20200101T000000Z-00000000', '--yes', '--registry', 'simulated:stock'],
      { env: env() },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no backup 20200101T000000Z-00000000');
  });
});

/** A data folder holding an apply of "recommended" to the legacy machine that began and never finished. */
async function interruptedDataFolder(): Promise<string> {
  const data = tempDirectory();
  await interruptApply(await openSimulatedMachine('legacy'), data, 'write ok');
  return data;
}

const history = async (data: string) =>
  JSON.parse((await runCliCaptured(['history', '--json'], { env: { SINKGUARD_DATA_DIR: data } })).stdout) as {
    operation: string;
    outcome: string | null;
  }[];

describe('start-up recovery in the CLI', () => {
  it('apply without --yes offers the restore of a change that began and never finished, and changes nothing', async () => {
    const data = await interruptedDataFolder();
    const run = await runCliCaptured(['apply', '--registry', 'simulated:legacy'], {
      env: { SINKGUARD_DATA_DIR: data },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1 change(s) began and never finished (interrupted)');
    expect(run.stderr).toMatch(/ {2}\d{8}T\d{6}Z-[0-9a-f]{8} {2}apply recommended \(began .* by tester\)/);
    expect(run.stderr).toContain('Run `sinkguard restore --interrupted --yes`');
    expect(await history(data)).toEqual([expect.objectContaining({ operation: 'apply', outcome: null })]);
  });

  it('apply asks on a terminal; "y" restores, then the apply goes on', async () => {
    const data = await interruptedDataFolder();
    const run = await runCliCaptured(['apply', '--registry', 'simulated:legacy'], {
      env: { SINKGUARD_DATA_DIR: data },
      stdin: 'y\n',
      stdinIsTTY: true,
    });
    expect(run.stdout).toContain('Restore the registry as it was before them? [y/N]');
    expect(run.code).toBe(0);
    expect((await history(data)).map((entry) => [entry.operation, entry.outcome])).toEqual([
      ['apply', 'recovered'],
      ['restore', 'restored'],
      ['apply', 'applied'],
    ]);
  });

  it('apply --yes restores the interrupted change first, then applies', async () => {
    const data = await interruptedDataFolder();
    const run = await runCliCaptured(['apply', '--yes', '--registry', 'simulated:legacy'], {
      env: { SINKGUARD_DATA_DIR: data },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/sinkguard: restored: Restored backup \d{8}T/);
    expect(run.stdout).toMatch(/applied: Applied/);
    expect((await history(data)).map((entry) => [entry.operation, entry.outcome])).toEqual([
      ['apply', 'recovered'],
      ['restore', 'restored'],
      ['apply', 'applied'],
    ]);
  });

  it('restore --interrupted --yes restores; without --yes or a terminal it only offers (exit 1)', async () => {
    const data = await interruptedDataFolder();
    const env = { SINKGUARD_DATA_DIR: data };
    const unattended = await runCliCaptured(['restore', '--interrupted', '--registry', 'simulated:legacy'], {
      env,
    });
    expect(unattended.code).toBe(1);
    expect((await history(data)).map((entry) => entry.outcome)).toEqual([null]);
    const run = await runCliCaptured(
      ['restore', '--interrupted', '--yes', '--registry', 'simulated:legacy'],
      {
        env,
      },
    );
    expect(run.code).toBe(0);
    expect((await history(data)).map((entry) => [entry.operation, entry.outcome])).toEqual([
      ['apply', 'recovered'],
      ['restore', 'restored'],
    ]);
    const again = await runCliCaptured(
      ['restore', '--interrupted', '--yes', '--registry', 'simulated:legacy'],
      {
        env,
      },
    );
    expect(again).toMatchObject({ code: 0, stdout: 'No change was interrupted: nothing to restore.\n' });
  });

  it('restore of another backup while a change is interrupted is refused (exit 1), naming the way forward', async () => {
    const data = tempDirectory();
    const port = await openSimulatedMachine('legacy');
    const engine = engineFor(port, data);
    const applied = await engine.applyPlan(
      (await engine.createPlan({ profile: builtInProfile('recommended') })).id,
    );
    await interruptApply(port, data, 'verify ok', { profile: builtInProfile('strict') });
    const run = await runCliCaptured(
      ['restore', applied.backupId!, '--yes', '--registry', 'simulated:legacy'],
      {
        env: { SINKGUARD_DATA_DIR: data },
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('refused (interrupted): a change that began');
    expect(run.stderr).toContain('sinkguard restore --interrupted --yes');
  });
});

describe('--log FILE', () => {
  const logOf = (file: string) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.replace(/^\S+ /, ''));

  it('apply logs its start, every step, and how it ended with the exit code', async () => {
    const data = tempDirectory();
    const log = join(data, 'apply.log');
    const run = await runCliCaptured(['apply', '--yes', '--log', log, '--registry', 'simulated:legacy'], {
      env: { SINKGUARD_DATA_DIR: data },
    });
    expect(run.code).toBe(0);
    const lines = logOf(log);
    expect(lines[0]).toBe('- sinkguard apply --profile recommended started');
    expect(lines[1]).toBe('- start-up recovery: none');
    expect(lines[2]).toMatch(/^\S+ plan ok: \d+ setting\(s\) for recommended$/);
    // The engine's steps in the app's words (progressLine): no fingerprint, no "done: done".
    const steps = lines.slice(3, -1).map((line) => line.replace(/^\S+ /, ''));
    expect(steps).toEqual(
      expect.arrayContaining([
        'Machine check: The machine has not changed since the review.',
        expect.stringMatching(/^Backup: Saved as backup \S+\.$/),
        expect.stringMatching(/^Registry: Wrote \d+ values? and deleted \d+ values?\.$/),
        expect.stringMatching(
          /^Result: Applied \d+ registry value changes? and \d+ firewall changes?; backup /,
        ),
      ]),
    );
    expect(steps[0]).toMatch(/^Machine check: Checking administrator rights/);
    expect(steps.join('\n')).not.toMatch(/fingerprint|sha256/i);
    expect(lines.at(-1)).toMatch(/^- sinkguard apply --profile recommended exit 0: applied: Applied /);
  });

  it('a refusal and an error are logged with their exit codes and messages', async () => {
    const data = await interruptedDataFolder();
    const log = join(data, 'refused.log');
    const refused = await runCliCaptured(['apply', '--log', log, '--registry', 'simulated:legacy'], {
      env: { SINKGUARD_DATA_DIR: data },
    });
    expect(refused.code).toBe(1);
    expect(logOf(log).at(-1)).toBe(
      '- sinkguard apply --profile recommended exit 1: refused: a change interrupted earlier was not restored',
    );
    const error = await runCliCaptured(['restore', '--log', log, '--registry', 'simulated:legacy'], {
      env: { SINKGUARD_DATA_DIR: data },
    });
    expect(error.code).toBe(2);
    expect(logOf(log).at(-1)).toBe(
      '- sinkguard restore exit 2: which change? give an id from `sinkguard history`, or --interrupted',
    );
    const unknown = await runCliCaptured(
      ['restore', '20200101T000000Z-00000000', '--yes', '--log', log, '--registry', 'simulated:legacy'],
      { env: { SINKGUARD_DATA_DIR: tempDirectory() } },
    );
    expect(unknown.code).toBe(2);
    expect(logOf(log).at(-1)).toMatch(
      /^- sinkguard restore 20200101T000000Z-00000000 exit 2: refused \(not-found\)/,
    );
  });

  it('plan and history take --log too', async () => {
    const data = tempDirectory();
    const log = join(data, 'read.log');
    const env = { SINKGUARD_DATA_DIR: data };
    expect(
      (await runCliCaptured(['plan', '--log', log, '--registry', 'simulated:legacy'], { env })).code,
    ).toBe(0);
    expect((await runCliCaptured(['history', '--log', log], { env })).code).toBe(0);
    const lines = logOf(log);
    expect(lines[0]).toBe('- sinkguard plan --profile recommended started');
    expect(lines[1]).toMatch(
      /^- sinkguard plan --profile recommended exit 0: plan \S+: \d+ value change\(s\)/,
    );
    expect(lines.slice(2)).toEqual(['- sinkguard history started', '- sinkguard history exit 0: 0 entries']);
  });

  it('a log that cannot be written stops the command before anything changes', async () => {
    const data = tempDirectory();
    const run = await runCliCaptured(
      ['apply', '--yes', '--log', join(data, 'no', 'such', 'dir', 'x.log'), '--registry', 'simulated:legacy'],
      { env: { SINKGUARD_DATA_DIR: data } },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sinkguard: cannot write the log file .*x\.log: ENOENT/);
    expect(await history(data)).toEqual([]);
  });
});

describe('exit codes and the way back to elevation', () => {
  it.each(['plan', 'apply', 'history', 'restore'])('%s --help documents the exit codes', async (command) => {
    const run = await runCliCaptured([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exit codes:');
    expect(run.stdout).toMatch(/ 0 {2}done/);
    expect(run.stdout).toMatch(/ 1 {2}refused, nothing written/);
    expect(run.stdout).toMatch(/ 2 {2}error/);
    expect(run.stdout).toMatch(/ 3 {2}incomplete/);
  });

  it('tells an installer apart what ended well, what left nothing changed, and what may be half-applied', () => {
    const outcome = (status: Parameters<typeof exitCodeFor>[0]['status']) =>
      exitCodeFor({ status, transactionId: 'x', backupId: null, message: '', details: [] });
    expect([outcome('applied'), outcome('restored'), outcome('nothing-to-do')]).toEqual([0, 0, 0]);
    expect(outcome('rolled-back')).toBe(1);
    expect(outcome('rollback-failed')).toBe(3);
  });

  it('not elevated on Windows: the refusal prints the exact elevated command for this same invocation', async () => {
    const io = {
      platform: 'win32' as const,
      invocation: {
        executable: 'C:\\Program Files\\nodejs\\node.exe',
        args: ['C:\\SinkGuard\\out\\cli\\index.js', 'apply', '--profile', 'strict', '--yes'],
      },
    };
    const error = await guarded(async () => {
      throw new ChangeRefusedError('not-elevated', 'read-only: not elevated. Relaunch it elevated.');
    }, io).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CliExit);
    expect((error as CliExit).code).toBe(1);
    const expected = elevatedRelaunchCommand(io.invocation.executable, io.invocation.args);
    expect((error as CliExit).message.split('\n').at(-1)).toBe(
      `  powershell.exe -NoProfile -Command "${expected.args[2]!.replace(/"/g, '\\"')}"`,
    );
    expect((error as CliExit).message).toContain(
      "Start-Process -FilePath 'C:\\Program Files\\nodejs\\node.exe' -ArgumentList 'C:\\SinkGuard\\out\\cli\\index.js apply --profile strict --yes' -Verb RunAs",
    );
    // Elsewhere there is no UAC to go through: the message alone.
    expect(relaunchHint({ ...io, platform: 'linux' })).toBeNull();
    expect(relaunchHint({ platform: 'win32' })).toBeNull();
  });
});
