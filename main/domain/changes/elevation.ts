/**
 * The way back when SinkGuard is not elevated: relaunch the same program with the same arguments through UAC.
 *
 * Quoting, inside out: each argument is quoted for CommandLineToArgvW (the rules the relaunched program's C runtime
 * parses its command line with), the joined command line becomes one PowerShell single-quoted literal, and the
 * executable path another. PowerShell ends a single-quoted string at any of ' ‘ ’ ‚ ‛, so each is doubled.
 */
export interface ElevatedRelaunch {
  readonly program: 'powershell.exe';
  readonly args: readonly string[];
}

export class RelaunchArgumentError extends Error {
  override readonly name = 'RelaunchArgumentError';
}

/** One argument as CommandLineToArgvW reads it back unchanged. */
export function quoteWindowsArgument(argument: string): string {
  if (argument !== '' && !/[\s"]/.test(argument)) return argument;
  let quoted = '"';
  let backslashes = 0;
  for (const char of argument) {
    if (char === '\\') {
      backslashes++;
      continue;
    }
    // Backslashes before a quote are doubled, plus one to escape the quote itself.
    quoted += char === '"' ? '\\'.repeat(backslashes * 2 + 1) + '"' : '\\'.repeat(backslashes) + char;
    backslashes = 0;
  }
  return `${quoted}${'\\'.repeat(backslashes * 2)}"`;
}

export function quotePowerShellLiteral(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`;
}

function check(value: string, what: string): void {
  // NUL cannot cross a command line; CR/LF would end the PowerShell statement.
  const bad = /[\0\r\n]/.exec(value);
  if (bad)
    throw new RelaunchArgumentError(
      `${what} holds a character a command line cannot carry (at ${bad.index + 1})`,
    );
}

/** `powershell.exe -NoProfile -Command Start-Process -FilePath '<exe>' -ArgumentList '<args>' -Verb RunAs`. */
export function elevatedRelaunchCommand(executable: string, args: readonly string[]): ElevatedRelaunch {
  check(executable, 'the executable path');
  if (executable === '') throw new RelaunchArgumentError('the executable path is empty');
  args.forEach((arg, index) => check(arg, `argument ${index + 1}`));
  const commandLine = args.map(quoteWindowsArgument).join(' ');
  const statement =
    `Start-Process -FilePath ${quotePowerShellLiteral(executable)}` +
    (args.length > 0 ? ` -ArgumentList ${quotePowerShellLiteral(commandLine)}` : '') +
    ' -Verb RunAs';
  return { program: 'powershell.exe', args: ['-NoProfile', '-Command', statement] };
}
