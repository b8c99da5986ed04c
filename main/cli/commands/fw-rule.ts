import { CliExit, ExitCode } from '../io';
import { answerLines, LINES_HELP, type LineAnswer } from '../lines';
import type { RegisterCommand } from '../program';
import {
  FirewallRuleSyntaxError,
  formatFirewallRule,
  parseFirewallRule,
} from '../../domain/firewall/rule-string';

/** One stdin line's answer in `--lines` mode. */
function parseLine(line: string, lineNumber: number): LineAnswer {
  try {
    const rule = parseFirewallRule(line);
    return { ok: true, formatted: formatFirewallRule(rule), rule };
  } catch (error) {
    if (!(error instanceof FirewallRuleSyntaxError)) throw error;
    return { ok: false, error: `line ${lineNumber}: ${error.message}` };
  }
}

export const registerFwRule: RegisterCommand = (command, io, result) => {
  command
    .argument('[rule]', "the rule string, e.g. 'v2.30|Action=Allow|Dir=In|…|' (quote it: it holds '|')")
    .option('--lines', 'read one rule string per line on stdin; print one JSON object per line, in order')
    .addHelpText('after', LINES_HELP)
    .action(async (rule: string | undefined, options: { lines?: boolean }) => {
      if (options.lines) {
        if (rule !== undefined)
          throw new CliExit(ExitCode.error, 'give either a rule string or --lines, not both');
        result.code = await answerLines(io, parseLine);
        return;
      }
      if (rule === undefined)
        throw new CliExit(ExitCode.error, 'give a rule string, or --lines to read them from stdin');
      try {
        io.stdout(`${JSON.stringify(parseFirewallRule(rule), null, 2)}\n`);
        result.code = ExitCode.ok;
      } catch (error) {
        // The message quotes the rule's own text: a line break in it must not split the one error line.
        if (error instanceof FirewallRuleSyntaxError)
          throw new CliExit(
            ExitCode.error,
            `invalid rule string: ${error.message.replace(/\r/g, '\\r').replace(/\n/g, '\\n')}`,
          );
        throw error;
      }
    });
};
