import { Option } from 'commander';
import { CliExit, ExitCode } from '../io';
import { answerLines, LINES_HELP, type LineAnswer } from '../lines';
import type { RegisterCommand } from '../program';
import {
  bytesToHex,
  decodeSecurityDescriptor,
  DescriptorError,
  encodeSecurityDescriptor,
  formatSddl,
  hexToBytes,
  normalizeSid,
  parseSddl,
  type SecurityDescriptor,
  type SidContext,
} from '../../domain/descriptors';

type Target = 'sddl' | 'hex' | 'json';

interface SdOptions {
  sddl?: string;
  hex?: string;
  to?: Target;
  lines?: boolean;
  machineSid?: string;
  domainSid?: string;
}

function render(sd: SecurityDescriptor, to: Target, context: SidContext): string {
  if (to === 'sddl') return formatSddl(sd, context);
  if (to === 'hex') return bytesToHex(encodeSecurityDescriptor(sd));
  return JSON.stringify(sd, null, 2);
}

/** One `--lines` input: `sddl <SDDL>` or `hex <HEX>`. */
function convertLine(line: string, lineNumber: number, context: SidContext): LineAnswer {
  const match = /^\s*(sddl|hex)\s+(.*)$/i.exec(line);
  if (!match) return { ok: false, error: `line ${lineNumber}: expected 'sddl <SDDL>' or 'hex <HEX>'` };
  try {
    const sd =
      match[1]!.toLowerCase() === 'sddl'
        ? parseSddl(match[2]!, context)
        : decodeSecurityDescriptor(hexToBytes(match[2]!));
    return { ok: true, sddl: formatSddl(sd, context), hex: bytesToHex(encodeSecurityDescriptor(sd)) };
  } catch (error) {
    if (!(error instanceof DescriptorError)) throw error;
    return { ok: false, error: `line ${lineNumber}: ${error.message}` };
  }
}

function sidOption(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const sid = normalizeSid(value);
  if (!sid) throw new CliExit(ExitCode.error, `${flag}: ${JSON.stringify(value)} is not a SID (S-1-5-21-…)`);
  return sid;
}

export const registerSd: RegisterCommand = (command, io, result) => {
  command
    .option('--sddl <sddl>', 'an SDDL string, e.g. "O:BAG:BAD:(A;;CCDCLC;;;WD)"')
    .option('--hex <hex>', 'self-relative descriptor bytes in hex (as in .reg files; commas allowed)')
    .addOption(
      new Option('--to <form>', 'output form (default: the other one)').choices(['sddl', 'hex', 'json']),
    )
    .option('--lines', 'read lines "sddl <SDDL>" or "hex <HEX>" on stdin; print one JSON object per line')
    .option('--machine-sid <sid>', 'the machine SID prefix that LA/LG stand for (S-1-5-21-x-y-z)')
    .option('--domain-sid <sid>', 'the domain SID prefix that DA, DU, … stand for')
    .addHelpText('after', LINES_HELP)
    .action(async (options: SdOptions) => {
      const context: SidContext = {
        ...(options.machineSid !== undefined && {
          machineSid: sidOption(options.machineSid, '--machine-sid'),
        }),
        ...(options.domainSid !== undefined && { domainSid: sidOption(options.domainSid, '--domain-sid') }),
      };
      const inputs = [options.sddl, options.hex, options.lines].filter((given) => given !== undefined).length;
      if (inputs !== 1) throw new CliExit(ExitCode.error, 'give exactly one of --sddl, --hex or --lines');
      if (options.lines) {
        if (options.to !== undefined)
          throw new CliExit(
            ExitCode.error,
            '--to does not apply to --lines (each answer holds sddl and hex)',
          );
        result.code = await answerLines(io, (line, lineNumber) => convertLine(line, lineNumber, context));
        return;
      }
      try {
        const sd =
          options.sddl !== undefined
            ? parseSddl(options.sddl, context)
            : decodeSecurityDescriptor(hexToBytes(options.hex!));
        const to = options.to ?? (options.sddl !== undefined ? 'hex' : 'sddl');
        io.stdout(`${render(sd, to, context)}\n`);
        result.code = ExitCode.ok;
      } catch (error) {
        if (error instanceof DescriptorError) throw new CliExit(ExitCode.error, error.message);
        throw error;
      }
    });
};
