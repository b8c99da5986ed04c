/**
 * The real FirewallCommandRunner: runs netsh.exe or powershell.exe from System32 with execFile (no shell, hidden
 * window, timeout). Refuses to run anywhere but Windows.
 */
import { execFile } from 'node:child_process';
import {
  FirewallRunnerError,
  type FirewallCommand,
  type FirewallCommandResult,
  type FirewallCommandRunner,
  type FirewallProgram,
} from '../domain/firewall/runner';

export interface FirewallRunnerOptions {
  readonly platform: NodeJS.Platform;
  /** For SystemRoot; the runner never searches PATH. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
  /** Tests substitute the program (e.g. node) to exercise the spawn path off Windows. */
  readonly resolveProgram?: (program: FirewallProgram) => string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

function systemProgramPath(program: FirewallProgram, env: FirewallRunnerOptions['env']): string {
  const systemRoot = env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows';
  // A SystemRoot with anything but a plain path in it is not trusted to name the program.
  if (!/^[A-Za-z]:\\[A-Za-z0-9 ._\\-]*$/.test(systemRoot)) {
    throw new FirewallRunnerError(
      'spawn-failed',
      `SystemRoot ${JSON.stringify(systemRoot)} is not a plain path`,
    );
  }
  const root = systemRoot.replace(/\\+$/, '');
  return program === 'netsh'
    ? `${root}\\System32\\netsh.exe`
    : `${root}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;
}

export function createFirewallCommandRunner(options: FirewallRunnerOptions): FirewallCommandRunner {
  return {
    run(command: FirewallCommand): Promise<FirewallCommandResult> {
      if (options.platform !== 'win32') {
        return Promise.reject(
          new FirewallRunnerError(
            'unsupported-platform',
            `firewall commands run only on Windows (this is ${options.platform}); nothing was changed`,
          ),
        );
      }
      let file: string;
      try {
        file = options.resolveProgram
          ? options.resolveProgram(command.program)
          : systemProgramPath(command.program, options.env);
      } catch (error) {
        return Promise.reject(error);
      }
      const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      return new Promise((resolve, reject) => {
        execFile(
          file,
          [...command.args],
          { shell: false, windowsHide: true, timeout, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
          (error, stdout, stderr) => {
            if (!error) return resolve({ exitCode: 0, stdout, stderr });
            if (error.killed || error.signal) {
              return reject(
                new FirewallRunnerError('timeout', `${command.program} did not finish within ${timeout} ms`),
              );
            }
            if (typeof error.code === 'number') return resolve({ exitCode: error.code, stdout, stderr });
            reject(new FirewallRunnerError('spawn-failed', `could not run ${file}: ${error.message}`));
          },
        );
      });
    },
  };
}
