/**
 * Running Windows' own programs (icacls, powershell, netsh, fltmc) the one way SinkGuard does: by full path under
 * %SystemRoot%\System32, never searched on PATH, with an argument array and no shell, hidden, with a timeout.
 */
import { execFile } from 'node:child_process';
import { win32 } from 'node:path';

export interface ProgramResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The program never ran to an exit code: it could not start, or it was stopped at the timeout. */
export class ProgramRunError extends Error {
  override readonly name = 'ProgramRunError';
  constructor(
    readonly reason: 'not-started' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

/**
 * `%SystemRoot%\System32\<parts>`. A SystemRoot that is not a plain drive path is not trusted to name the program
 * (whoever set it would choose what runs elevated): a typed 'not-started' error, before anything runs.
 */
export function systemProgramPath(
  env: Readonly<Record<string, string | undefined>>,
  ...parts: readonly string[]
): string {
  const root = env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows';
  if (!/^[A-Za-z]:\\[A-Za-z0-9 ._\\-]*$/.test(root)) {
    throw new ProgramRunError('not-started', `SystemRoot ${JSON.stringify(root)} is not a plain path`);
  }
  return win32.join(root.replace(/\\+$/, ''), 'System32', ...parts);
}

/** Runs `file` and resolves to its exit code and output, whatever the code; rejects only when it never ran to one. */
export function runProgram(
  file: string,
  args: readonly string[],
  options: { readonly timeoutMs: number },
): Promise<ProgramResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      {
        shell: false,
        windowsHide: true,
        timeout: options.timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ exitCode: 0, stdout, stderr });
        if (error.killed || error.signal) {
          return reject(
            new ProgramRunError('timeout', `${file} did not finish within ${options.timeoutMs} ms`),
          );
        }
        if (typeof error.code === 'number') return resolve({ exitCode: error.code, stdout, stderr });
        reject(new ProgramRunError('not-started', `could not run ${file}: ${error.message}`));
      },
    );
  });
}
