import { Command, CommanderError } from 'commander';
import { CliExit, ExitCode, type CliIO } from './io';
import { APP_VERSION } from '../platform/version';

/** A subcommand module: adds itself to the program; its action sets `result.code`. */
export type RegisterCommand = (program: Command, io: CliIO, result: { code: ExitCode }) => void;

const commands: RegisterCommand[] = [];

/** Subcommands register here (see main/cli/commands/index.ts), so the program knows them all. */
export function registerCommands(...more: RegisterCommand[]): void {
  commands.push(...more);
}

export function buildProgram(io: CliIO, result: { code: ExitCode }): Command {
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
    });
  for (const register of commands) register(program, io, result);
  return program;
}

/** Runs the CLI with `args` (without the node and script paths) and returns the exit code; never calls exit. */
export async function runCli(args: readonly string[], io: CliIO): Promise<ExitCode> {
  const result: { code: ExitCode } = { code: ExitCode.ok };
  const program = buildProgram(io, result);
  if (args.length === 0) {
    io.stdout(program.helpInformation());
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
