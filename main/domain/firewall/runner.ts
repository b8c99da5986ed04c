/**
 * The port through which firewall changes are carried out: one command (program + argv, never a shell string) in,
 * exit code and output out. The real implementation (main/platform/firewall-runner.ts) spawns netsh or
 * powershell.exe on Windows; the recording one here lets tests see exactly what would have run.
 */

/** Programs are named logically; the runner resolves them to absolute System32 paths (no PATH lookup). */
export type FirewallProgram = 'netsh' | 'powershell';

export interface FirewallCommand {
  readonly program: FirewallProgram;
  readonly args: readonly string[];
  /** What the admin is shown: the netsh line, or the PowerShell script behind `-EncodedCommand`. */
  readonly display: string;
}

export interface FirewallCommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface FirewallCommandRunner {
  run(command: FirewallCommand): Promise<FirewallCommandResult>;
}

export type FirewallRunnerErrorCode = 'unsupported-platform' | 'spawn-failed' | 'timeout';

export class FirewallRunnerError extends Error {
  override readonly name = 'FirewallRunnerError';
  constructor(
    readonly code: FirewallRunnerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Records every command; answers with exit code 0 unless told to fail. */
export class RecordingFirewallRunner implements FirewallCommandRunner {
  readonly recorded: FirewallCommand[] = [];
  private failure: FirewallCommandResult | FirewallRunnerError | null = null;

  /** Every later run answers with this result (a non-zero exit) or throws this error. */
  failWith(failure: FirewallCommandResult | FirewallRunnerError): void {
    this.failure = failure;
  }

  async run(command: FirewallCommand): Promise<FirewallCommandResult> {
    this.recorded.push(command);
    if (this.failure instanceof FirewallRunnerError) throw this.failure;
    return this.failure ?? { exitCode: 0, stdout: '', stderr: '' };
  }
}
