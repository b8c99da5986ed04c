import { ExitCode } from '../io';
import type { RegisterCommand } from '../program';
import { addRegistryOption } from '../../registry/select';
import {
  CHANGE_EXIT_CODES_HELP,
  commandLog,
  guarded,
  openEngine,
  runLogged,
  type ChangeCommandOptions,
} from '../change-commands';
import { renderHistoryText } from '../../domain/changes/index';

export const registerHistory: RegisterCommand = (command, io, result) => {
  addRegistryOption(command)
    .option('--json', 'print a JSON array, newest last; each entry has the `id` that `restore` takes')
    .option('--log <file>', 'append how the command ended to this file')
    .option(
      '--technical',
      'also show the registry values, SDDL, rule strings and commands behind each change',
    )
    .addHelpText('after', CHANGE_EXIT_CODES_HELP)
    .action((options: ChangeCommandOptions & { readonly technical?: boolean }) => {
      const log = commandLog(options.log);
      return runLogged(log, 'history', result, async () => {
        const { engine } = await openEngine(options, io);
        const entries = await guarded(() => engine.history(), io);
        io.stdout(
          options.json
            ? `${JSON.stringify(entries, null, 2)}\n`
            : renderHistoryText(entries, { technical: options.technical === true }),
        );
        result.code = ExitCode.ok;
        const pending = entries.filter((entry) => entry.outcome === null).length;
        return `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}${pending > 0 ? `, ${pending} interrupted` : ''}`;
      });
    });
};
