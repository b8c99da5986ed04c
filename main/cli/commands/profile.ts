import { Option } from 'commander';
import { exitCodesHelp } from '../exit-codes-help';
import { stringify } from 'yaml';
import { CliExit, ExitCode } from '../io';
import type { RegisterCommand } from '../program';
import {
  BUILT_IN_PROFILE_NAMES,
  builtInProfile,
  builtInProfileNamed,
  profileJsonSchema,
} from '../../domain/profiles/index';

const FORMATS = ['json', 'yaml'] as const;

/** Where the printed profile expects its schema: saved beside it by `sinkguard profile schema > profile.schema.json`. */
const SCHEMA_FILE = './profile.schema.json';

/**
 * `sinkguard profile show NAME` prints a built-in profile as a file to copy and edit (it loads back as the same
 * profile); `sinkguard profile schema` prints the JSON Schema editors validate profile files with.
 */
export const registerProfile: RegisterCommand = (command, io, result) => {
  const exitCodes = exitCodesHelp({ ok: 'printed', error: 'bad usage, or no built-in profile of that name' });
  const profile = command.addHelpText('after', exitCodes);
  profile
    .command('show')
    .description('print a built-in profile (recommended or strict) as a profile file')
    .addHelpText('after', exitCodes)
    .argument('<name>', `${BUILT_IN_PROFILE_NAMES.join(' or ')} (any case)`)
    .addOption(new Option('--format <format>', 'file format').choices(FORMATS).default('json'))
    .action((choice: string, options: { format: (typeof FORMATS)[number] }) => {
      const name = builtInProfileNamed(choice);
      if (name === undefined) {
        throw new CliExit(
          ExitCode.error,
          `no built-in profile '${choice}': ${BUILT_IN_PROFILE_NAMES.join(' or ')} (a profile file is yours already)`,
        );
      }
      const body = builtInProfile(name);
      io.stdout(
        options.format === 'json'
          ? `${JSON.stringify({ $schema: SCHEMA_FILE, ...body }, null, 2)}\n`
          : `# yaml-language-server: $schema=${SCHEMA_FILE}\n${stringify(body, { lineWidth: 0 })}`,
      );
      result.code = ExitCode.ok;
    });
  profile
    .command('schema')
    .description(
      'print the JSON Schema of profile files (save it as profile.schema.json beside your profile)',
    )
    .addHelpText('after', exitCodes)
    .action(() => {
      io.stdout(`${JSON.stringify(profileJsonSchema(), null, 2)}\n`);
      result.code = ExitCode.ok;
    });
};
