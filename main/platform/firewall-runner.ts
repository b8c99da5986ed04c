/**
 * The real FirewallCommandRunner: runs netsh.exe or powershell.exe from System32 (see programs.ts). Refuses to run
 * anywhere but Windows.
 */
import {
  FirewallRunnerError,
  type FirewallCommand,
  type FirewallCommandResult,
  type FirewallCommandRunner,
  type FirewallProgram,
} from '../domain/firewall/runner';
import { ProgramRunError, runProgram, systemProgramPath } from './programs';

export interface FirewallRunnerOptions {
  readonly platform: NodeJS.Platform;
  /** For SystemRoot; the runner never searches PATH. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
  /** Tests substitute the program (e.g. node) to exercise the spawn path off Windows. */
  readonly resolveProgram?: (program: FirewallProgram) => string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

const PROGRAM_PARTS: Readonly<Record<FirewallProgram, readonly string[]>> = {
  netsh: ['netsh.exe'],
  powershell: ['WindowsPowerShell', 'v1.0', 'powershell.exe'],
};

export function createFirewallCommandRunner(options: FirewallRunnerOptions): FirewallCommandRunner {
  return {
    async run(command: FirewallCommand): Promise<FirewallCommandResult> {
      if (options.platform !== 'win32') {
        throw new FirewallRunnerError(
          'unsupported-platform',
          `firewall commands run only on Windows (this is ${options.platform}); nothing was changed`,
        );
      }
      try {
        const file = options.resolveProgram
          ? options.resolveProgram(command.program)
          : systemProgramPath(options.env, ...PROGRAM_PARTS[command.program]);
        return await runProgram(file, command.args, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
      } catch (error) {
        if (!(error instanceof ProgramRunError)) throw error;
        throw new FirewallRunnerError(error.reason === 'timeout' ? 'timeout' : 'spawn-failed', error.message);
      }
    },
  };
}
