import { describe, expect, it } from 'vitest';
import {
  FirewallRunnerError,
  RecordingFirewallRunner,
  type FirewallCommand,
} from '../../../main/domain/firewall/runner';
import { createFirewallCommandRunner } from '../../../main/platform/firewall-runner';
import { planFirewallChange } from '../../../main/domain/firewall/commands';

const node = (script: string, ...rest: string[]): FirewallCommand => ({
  program: 'netsh',
  args: ['-e', script, ...rest],
  display: '',
});
/** Runs node in place of netsh so the real spawn path can be exercised off Windows. */
const viaNode = (timeoutMs?: number) =>
  createFirewallCommandRunner({
    platform: 'win32',
    env: {},
    resolveProgram: () => process.execPath,
    ...(timeoutMs ? { timeoutMs } : {}),
  });

describe('RecordingFirewallRunner', () => {
  it('records argv and can be told to fail', async () => {
    const runner = new RecordingFirewallRunner();
    const plan = planFirewallChange({ kind: 'enable', ruleId: 'WMI-ASYNC-In-TCP' }, 'powershell');
    await expect(runner.run(plan.command)).resolves.toEqual({ exitCode: 0, stdout: '', stderr: '' });
    runner.failWith({ exitCode: 1, stdout: '', stderr: 'No MSFT_NetFirewallRule objects found' });
    await expect(runner.run(plan.command)).resolves.toMatchObject({ exitCode: 1 });
    runner.failWith(new FirewallRunnerError('timeout', 'too slow'));
    await expect(runner.run(plan.command)).rejects.toMatchObject({ code: 'timeout' });
    expect(runner.recorded).toEqual([plan.command, plan.command, plan.command]);
  });
});

describe('createFirewallCommandRunner', () => {
  it('refuses to run off Windows with a typed error', async () => {
    const runner = createFirewallCommandRunner({ platform: 'linux', env: {} });
    await expect(runner.run(node('1'))).rejects.toMatchObject({
      name: 'FirewallRunnerError',
      code: 'unsupported-platform',
    });
  });

  it('passes arguments literally (no shell) and returns exit code and output', async () => {
    const hostile = 'a & b | c; $(d) `e` %PATH% "q" \'s\' >f';
    const result = await viaNode().run(
      node('process.stdout.write(process.argv[1]); process.stderr.write("e"); process.exit(3)', hostile),
    );
    expect(result).toEqual({ exitCode: 3, stdout: hostile, stderr: 'e' });
  });

  it('times out with a typed error', async () => {
    await expect(viaNode(300).run(node('setTimeout(() => {}, 20000)'))).rejects.toMatchObject({
      code: 'timeout',
    });
  });

  it('reports a program that cannot start as spawn-failed', async () => {
    const runner = createFirewallCommandRunner({
      platform: 'win32',
      env: {},
      resolveProgram: () => '/nonexistent/netsh.exe',
    });
    await expect(runner.run(node('1'))).rejects.toMatchObject({ code: 'spawn-failed' });
  });

  it('does not trust an odd SystemRoot to name the program', async () => {
    const runner = createFirewallCommandRunner({
      platform: 'win32',
      env: { SystemRoot: 'C:\\Windows" & calc' },
    });
    await expect(runner.run(node('1'))).rejects.toMatchObject({
      code: 'spawn-failed',
      message: expect.stringContaining('not a plain path'),
    });
  });
});
