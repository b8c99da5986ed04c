import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/cli';
import { tempDirectory } from './support';

const env = () => ({ SINKGUARD_DATA_DIR: tempDirectory() });

describe('sinkguard plan / apply / history / restore', () => {
  it('plan prints the diff and writes nothing', async () => {
    const run = await runCliCaptured(['plan', '--profile', 'strict', '--registry', 'simulated:legacy'], {
      env: env(),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ANONYMOUS LOGON: - Remote Access (allow)');
    expect(run.stdout).toContain('Who is affected:');
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

  it('apply --yes applies, history --json lists it, restore ID restores it', async () => {
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
    // Each CLI run opens a fresh simulated machine: the restore runs against its stock state, and is journaled.
    const restored = await runCliCaptured(
      ['restore', history[0]!.id, '--yes', '--registry', 'simulated:legacy'],
      { env: environment },
    );
    expect(restored.code).toBe(0);
    const after = JSON.parse((await runCliCaptured(['history', '--json'], { env: environment })).stdout) as {
      operation: string;
    }[];
    expect(after.map((entry) => entry.operation)).toEqual(['apply', 'restore']);
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
