/**
 * What a CLI command may touch. Commands never reach for `process` directly, so the same command runs in tests
 * (in-process, captured), under plain Node, under Windows Node and inside the packaged Electron app.
 */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The whole of standard input, read once on demand (for `--lines` batch modes). */
  readonly readStdin: () => Promise<string>;
  /** One line typed at the terminal (for confirmations), without its line ending. */
  readonly readLine: () => Promise<string>;
  /** Whether standard input is a terminal someone can answer a question on. */
  readonly stdinIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  /** How this process was started (program and arguments), for the exact "run it elevated" command. */
  readonly invocation?: { readonly executable: string; readonly args: readonly string[] };
}

/** Exit codes shared by every subcommand: 0 ok, 1 findings (audit), 2 usage or input error. */
/**
 * 0 ok; 1 findings (audit) or refused/rolled back (changes); 2 error; 3 a change or restore that did not complete: the
 * registry may hold part of it, and the message names the backup to restore (installers must stop and say so);
 * 4 a fleet audit that could not read some hosts (the rest were audited and reported).
 */
export const ExitCode = { ok: 0, findings: 1, error: 2, incomplete: 3, hostsUnreadable: 4 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Thrown by a command to stop with a one-line message on stderr and the given exit code. */
export class CliExit extends Error {
  constructor(
    readonly code: ExitCode,
    message: string,
  ) {
    super(message);
  }
}
