import { runCli } from '../../main/cli/program';
import type { CliIO } from '../../main/cli/io';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output: what `sinkguard <args>` would print and exit with. */
export async function runCliCaptured(
  args: readonly string[],
  options: {
    stdin?: string;
    stdinIsTTY?: boolean;
    env?: Record<string, string | undefined>;
    platform?: NodeJS.Platform;
  } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readStdin: async () => options.stdin ?? '',
    readLine: async () => (options.stdin ?? '').split(/\r?\n/)[0] ?? '',
    stdinIsTTY: options.stdinIsTTY ?? false,
    env: options.env ?? {},
    platform: options.platform ?? process.platform,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
