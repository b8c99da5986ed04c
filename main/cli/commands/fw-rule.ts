import { CliExit, ExitCode } from '../io';
import type { RegisterCommand } from '../program';
import {
  FirewallRuleSyntaxError,
  formatFirewallRule,
  parseFirewallRule,
} from '../../domain/firewall/rule-string';

/** One stdin line's answer in `--lines` mode. */
type LineResult = { ok: true; formatted: string; rule: unknown } | { ok: false; error: string };

function parseLine(line: string, lineNumber: number): LineResult {
  try {
    const rule = parseFirewallRule(line);
    return { ok: true, formatted: formatFirewallRule(rule), rule };
  } catch (error) {
    if (!(error instanceof FirewallRuleSyntaxError)) throw error;
    return { ok: false, error: `line ${lineNumber}: ${line === '' ? 'empty line' : error.message}` };
  }
}

export const registerFwRule: RegisterCommand = (program, io, result) => {
  program
    .command('fw-rule')
    .description('parse a Windows Firewall rule string ([MS-GPFAS] 2.2.2.19) and print it as JSON')
    .argument('[rule]', "the rule string, e.g. 'v2.30|Action=Allow|Dir=In|…|' (quote it: it holds '|')")
    .option('--lines', 'read one rule string per line on stdin; print one JSON object per line, in order')
    .action(async (rule: string | undefined, options: { lines?: boolean }) => {
      if (options.lines) {
        if (rule !== undefined)
          throw new CliExit(ExitCode.error, 'give either a rule string or --lines, not both');
        const text = await io.readStdin();
        const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
        // A final newline ends the last line; it does not start another one.
        if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
        let failed = false;
        for (const [index, line] of lines.entries()) {
          const answer = parseLine(line, index + 1);
          failed ||= !answer.ok;
          io.stdout(`${JSON.stringify(answer)}\n`);
        }
        result.code = failed ? ExitCode.error : ExitCode.ok;
        return;
      }
      if (rule === undefined)
        throw new CliExit(ExitCode.error, 'give a rule string, or --lines to read them from stdin');
      try {
        io.stdout(`${JSON.stringify(parseFirewallRule(rule), null, 2)}\n`);
        result.code = ExitCode.ok;
      } catch (error) {
        if (error instanceof FirewallRuleSyntaxError)
          throw new CliExit(ExitCode.error, `invalid rule string: ${error.message}`);
        throw error;
      }
    });
};
