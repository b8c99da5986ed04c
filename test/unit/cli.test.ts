import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli';
import pkg from '../../package.json';
import { COMMANDS } from '../../main/cli/commands/index';

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

  it('lists every command of the command table in --help', async () => {
    const run = await runCliCaptured(['--help']);
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command.name} `, 'm'));
  });

  it("prints a command's own help for `help <command>` as for `<command> --help`", async () => {
    const viaHelp = await runCliCaptured(['help', 'audit']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toContain('--fail-on <severity>');
    expect(viaHelp.stdout).toBe((await runCliCaptured(['audit', '--help'])).stdout);
  });

  it('exits 2 on an unknown command', async () => {
    const run = await runCliCaptured(['no-such-command']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command');
  });

  it('exits 2 on an unknown option', async () => {
    const run = await runCliCaptured(['--no-such-flag']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option');
  });
});

describe('exit codes in --help of the commands that read, report or compile', () => {
  it.each([
    { command: ['audit'], codes: [0, 1, 2] },
    { command: ['exposure'], codes: [0, 1, 2] },
    { command: ['export'], codes: [0, 2] },
    { command: ['profile'], codes: [0, 2] },
    { command: ['sd'], codes: [0, 2] },
    { command: ['fw-rule'], codes: [0, 2] },
  ])('$command.0 --help states exit codes $codes', async ({ command, codes }) => {
    const run = await runCliCaptured([...command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Exit codes?:/);
    for (const code of codes) expect(run.stdout).toMatch(new RegExp(`(^| )${code}( |$)`, 'm'));
    // A command that cannot find anything has no 1.
    if (!codes.includes(1)) expect(run.stdout).not.toMatch(/^ {2}1 {2}/m);
  });
});
