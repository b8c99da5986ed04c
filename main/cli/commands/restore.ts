import { CliExit, ExitCode } from '../io';
import type { RegisterCommand } from '../program';
import { addRegistryOption } from '../../registry/select';
import {
  CHANGE_EXIT_CODES_HELP,
  EXIT_REFUSED,
  commandLog,
  confirm,
  exitCodeFor,
  guarded,
  openEngine,
  recoverOrOffer,
  renderOutcome,
  runLogged,
  type ChangeCommandOptions,
} from '../change-commands';

interface RestoreOptions extends ChangeCommandOptions {
  readonly interrupted?: boolean;
}

export const registerRestore: RegisterCommand = (program, io, result) => {
  addRegistryOption(program.command('restore'))
    .description(
      'put the registry back as it was before a recorded change (its backup), itself backed up first',
    )
    .argument('[id]', 'the change to undo: an `id` from `sinkguard history`')
    .option('--interrupted', 'undo every change that began and never finished (start-up recovery)')
    .option('--yes', 'do not ask for confirmation (unattended use, installers)')
    .option(
      '--log <file>',
      'append a plain-text log of every step, and of how the command ended, to this file',
    )
    .addHelpText('after', CHANGE_EXIT_CODES_HELP)
    .action((id: string | undefined, options: RestoreOptions) => {
      const log = commandLog(options.log);
      const command = options.interrupted ? 'restore --interrupted' : `restore ${id ?? ''}`.trim();
      return runLogged(log, command, result, async () => {
        if (options.interrupted && id !== undefined)
          throw new CliExit(ExitCode.error, 'give either an id or --interrupted, not both');
        if (!options.interrupted && id === undefined)
          throw new CliExit(
            ExitCode.error,
            'which change? give an id from `sinkguard history`, or --interrupted',
          );
        const setup = await openEngine(options, io);
        if (options.interrupted) {
          const recovery = await guarded(() => recoverOrOffer(setup, io, options.yes), io);
          if (recovery === 'none') io.stdout('No change was interrupted: nothing to restore.\n');
          result.code =
            recovery === 'declined'
              ? EXIT_REFUSED
              : recovery === 'failed'
                ? ExitCode.incomplete
                : ExitCode.ok;
          return `start-up recovery: ${recovery}`;
        }
        const entry = (await guarded(() => setup.engine.history(), io)).find(
          (candidate) => candidate.id === id,
        );
        io.stdout(
          entry
            ? `Restore the state before ${entry.operation} ${entry.target} of ${entry.at} (${id}):\n` +
                entry.diff
                  .flatMap((item) => [`  ${item.title}`, ...item.lines.map((line) => `    ${line}`)])
                  .join('\n') +
                '\n'
            : `Restore backup ${id}.\n`,
        );
        if (!(await confirm(io, 'Restore it?', options.yes))) {
          io.stdout('Nothing was changed.\n');
          result.code = EXIT_REFUSED;
          return 'declined: nothing was changed';
        }
        const outcome = await guarded(() => setup.engine.restoreBackup(id!), io);
        io.stdout(renderOutcome(outcome));
        result.code = exitCodeFor(outcome);
        return `${outcome.status}: ${outcome.message}`;
      });
    });
};
