import { ExitCode } from '../io';
import type { RegisterCommand } from '../program';
import { addRegistryOption } from '../../registry/select';
import { guarded, openEngine, type ChangeCommandOptions } from '../../changes/cli-commands';
import { renderHistoryText } from '../../domain/changes/index';

export const registerHistory: RegisterCommand = (program, io, result) => {
  addRegistryOption(program.command('history'))
    .description('list past applies and restores with their diffs (newest last)')
    .option('--json', 'print a JSON array, newest last; each entry has the `id` that `restore` takes')
    .action(async (options: ChangeCommandOptions) => {
      const { engine } = await openEngine(options, io);
      const entries = await guarded(() => engine.history());
      io.stdout(options.json ? `${JSON.stringify(entries, null, 2)}\n` : renderHistoryText(entries));
      result.code = ExitCode.ok;
    });
};
