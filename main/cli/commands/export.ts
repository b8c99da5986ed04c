import { writeFile } from 'node:fs/promises';
import { exitCodesHelp } from '../exit-codes-help';
import { Option } from 'commander';
import { CliExit, ExitCode } from '../io';
import type { RegisterCommand } from '../program';
import { EXPORT_FORMATS, FleetExportError, exportProfile, type ExportFormat } from '../../domain/fleet/index';
import { loadProfileChoice } from '../profile-choice';

interface ExportOptions {
  profile: string;
  format: ExportFormat;
  out?: string;
}

export const registerExport: RegisterCommand = (command, io, result) => {
  command
    .addHelpText(
      'after',
      exitCodesHelp({
        ok: 'written (what the format cannot carry is named on stderr)',
        error: 'bad usage, a profile that does not load, or --out that cannot be written',
      }),
    )
    .requiredOption('--profile <profile>', 'recommended, strict (any case), or a profile file (JSON or YAML)')
    .addOption(
      new Option('--format <format>', 'what to produce').choices([...EXPORT_FORMATS]).makeOptionMandatory(),
    )
    .option('--out <file>', 'write to this file (needed for the binary formats reg and pol); default stdout')
    .action(async (options: ExportOptions) => {
      const profile = await loadProfileChoice(options.profile, (text) =>
        io.stderr(`sinkguard: note: ${text}\n`),
      );
      let artifact;
      try {
        artifact = exportProfile(profile, options.format);
      } catch (error) {
        if (error instanceof FleetExportError) throw new CliExit(ExitCode.error, error.message);
        throw error;
      }
      const { content } = artifact;
      if (content.kind === 'bytes' && options.out === undefined) {
        throw new CliExit(
          ExitCode.error,
          `--format ${options.format} writes a binary file (${artifact.fileName}); give --out FILE`,
        );
      }
      for (const item of artifact.notCarried) {
        io.stderr(`sinkguard: not carried by ${options.format}: ${item.settingId}: ${item.reason}\n`);
      }
      if (options.out === undefined) {
        if (content.kind === 'text') io.stdout(content.text);
      } else {
        try {
          await writeFile(options.out, content.kind === 'text' ? content.text : content.bytes);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
          throw new CliExit(ExitCode.error, `--out: cannot write '${options.out}' (${code})`);
        }
      }
      result.code = ExitCode.ok;
    });
};
