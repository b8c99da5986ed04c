import { ExitCode } from './io';

/** The heading every command's `--help` ends with (the tests find each command's section by it). */
export const EXIT_CODES_HEADING = 'Exit codes:';

/** What each exit code means for one command; codes a command never returns are left out. */
export type ExitCodeMeanings = { readonly ok: string; readonly error: string } & Partial<
  Record<keyof typeof ExitCode, string>
>;

/** Codes whose meaning starts with their name, so that every command states 2 and 3 the same way. */
const NAMED: Partial<Record<keyof typeof ExitCode, string>> = {
  error: 'error: ',
  incomplete: 'incomplete: ',
};

/**
 * The "Exit codes" paragraph that ends every command's `--help`, numbered from ExitCode (the one list of codes). A
 * meaning may run over several lines: they are indented under its text.
 */
export function exitCodesHelp(codes: ExitCodeMeanings): string {
  const lines = ['', EXIT_CODES_HEADING];
  for (const name of Object.keys(ExitCode) as (keyof typeof ExitCode)[]) {
    const meaning = codes[name];
    if (meaning === undefined) continue;
    lines.push(`  ${ExitCode[name]}  ${NAMED[name] ?? ''}${meaning.replaceAll('\n', '\n     ')}`);
  }
  lines.push('');
  return lines.join('\n');
}
