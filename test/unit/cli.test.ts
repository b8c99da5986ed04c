import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli';
import pkg from '../../package.json';

describe('sinkguard CLI', () => {
  it('prints its version', async () => {
    const run = await runCliCaptured(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('prints help naming the command', async () => {
    const run = await runCliCaptured(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: sinkguard');
  });

  it('exits 2 on an unknown option', async () => {
    const run = await runCliCaptured(['--no-such-flag']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option');
  });
});
