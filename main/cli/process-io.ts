import { createInterface } from 'node:readline/promises';
import type { CliIO } from './io';

export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    readLine: async () => {
      const terminal = createInterface({ input: process.stdin });
      try {
        return await terminal.question('');
      } finally {
        terminal.close();
      }
    },
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    platform: process.platform,
    // node.exe + the script, or SinkGuard.exe alone: argv[0] is the executable, the rest is passed again as is.
    invocation: { executable: process.execPath, args: process.argv.slice(1) },
  };
}
