/**
 * The `--lines` batch convention shared by `sd` and `fw-rule`: standard input is read as lines (LF or CRLF; a final
 * line ending does not start another line), and every input line gets exactly one JSON object on standard output, in
 * order - a blank line too, as an `{"ok":false,…}` answer, so a caller can pair answers with inputs by position.
 * The exit code is 0 when every line was answered `ok`, 2 when any was not.
 */
import { exitCodesHelp } from './exit-codes-help';
import { ExitCode, type CliIO } from './io';

export type LineAnswer =
  { readonly ok: true; readonly [field: string]: unknown } | { readonly ok: false; readonly error: string };

/** Help text for a command's `--lines` option, so every batch command states the same contract. */
export const LINES_HELP =
  '\nWith --lines: one JSON object per input line, in order ({"ok":false,"error":"line N: …"} for a line that ' +
  'fails, a blank one included).\n' +
  exitCodesHelp({
    ok: 'converted (with --lines: every line ok)',
    error: 'bad usage or input (with --lines: any line failed)',
  });

export function inputLines(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Answers every stdin line with `answer(line, lineNumber)` (blank lines never reach it); returns the exit code. */
export async function answerLines(
  io: CliIO,
  answer: (line: string, lineNumber: number) => LineAnswer,
): Promise<ExitCode> {
  let failed = false;
  for (const [index, line] of inputLines(await io.readStdin()).entries()) {
    const lineNumber = index + 1;
    const result: LineAnswer =
      line.trim() === '' ? { ok: false, error: `line ${lineNumber}: empty line` } : answer(line, lineNumber);
    failed ||= !result.ok;
    io.stdout(`${JSON.stringify(result)}\n`);
  }
  return failed ? ExitCode.error : ExitCode.ok;
}
