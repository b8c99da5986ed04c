import { Command, CommanderError } from 'commander';
import { CliExit, ExitCode, type CliIO } from './io';
import { APP_VERSION } from '../platform/version';
import { COMMANDS, commandFor } from './commands/index';
import { exitCodesHelp } from './exit-codes-help';

/**
 * A subcommand module: given its command (named and described by main/cli/commands/index.ts), adds its arguments,
 * options and action; the action sets `result.code`.
 */
export type RegisterCommand = (command: Command, io: CliIO, result: { code: ExitCode }) => void;

/** What the codes mean across commands; each command's own `--help` says which it returns, and when. */
const PROGRAM_EXIT_CODES =
  "\nRun 'sinkguard <command> --help' for a command's options and its exit codes.\n" +
  exitCodesHelp({
    ok: 'done: clean audit, change applied or restored, or the output printed',
    findings:
      'audit: findings at or above --fail-on; apply, restore: refused, or failed and rolled back\n' +
      '(nothing changed, verified)',
    error: 'bad usage or input, or the registry backend failing before anything was written',
    incomplete: 'apply, restore: part of a change remains (the message names it, and the backup to restore)',
    hostsUnreadable: 'fleet audit: some hosts could not be read (the rest were audited; the report says why)',
  });

/**
 * The program for `args`: every subcommand by name and summary, and the one `args` run (or ask help for) in full.
 * Only that command's module is imported, so a run loads what it uses and no more.
 */
export async function buildProgram(
  io: CliIO,
  result: { code: ExitCode },
  args: readonly string[],
): Promise<Command> {
  const program = new Command('sinkguard')
    .description(
      'Audit and harden WMI callback security, DCOM machine-wide limits and the RPC firewall exposure.',
    )
    .version(APP_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // Usage errors read like every other error: one line, `sinkguard: …`.
      outputError: (text) => io.stderr(text.replace(/^error: /, 'sinkguard: ')),
    })
    .addHelpText('after', PROGRAM_EXIT_CODES);
  const target = commandFor(args);
  const register = await target?.load();
  for (const entry of COMMANDS) {
    const command = program.command(entry.name).description(entry.summary);
    if (entry === target) register?.(command, io, result);
  }
  return program;
}

/** Runs the CLI with `args` (without the node and script paths) and returns the exit code; never calls exit. */
export async function runCli(args: readonly string[], io: CliIO): Promise<ExitCode> {
  const result: { code: ExitCode } = { code: ExitCode.ok };
  const program = await buildProgram(io, result, args);
  if (args.length === 0) {
    io.stdout(program.helpInformation() + PROGRAM_EXIT_CODES);
    return ExitCode.ok;
  }
  try {
    await program.parseAsync([...args], { from: 'user' });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
    }
    if (error instanceof CliExit) {
      io.stderr(`sinkguard: ${error.message}\n`);
      return error.code;
    }
    io.stderr(`sinkguard: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.error;
  }
}
