import { CliExit, ExitCode } from '../io';
import type { RegisterCommand } from '../program';
import { addRegistryOption } from '../../registry/select';
import {
  EXIT_REFUSED,
  confirm,
  exitCodeFor,
  guarded,
  openEngine,
  recoverOrOffer,
  renderOutcome,
  type ChangeCommandOptions,
} from '../../changes/cli-commands';

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
    .option('--log <file>', 'append a plain-text log of every step to this file')
    .action(async (id: string | undefined, options: RestoreOptions) => {
      const setup = await openEngine(options, io);
      if (options.interrupted) {
        if (id !== undefined)
          throw new CliExit(ExitCode.error, 'give either an id or --interrupted, not both');
        const recovered = await guarded(() => recoverOrOffer(setup, io, options.yes));
        result.code = recovered ? ExitCode.ok : EXIT_REFUSED;
        return;
      }
      if (id === undefined)
        throw new CliExit(
          ExitCode.error,
          'which change? give an id from `sinkguard history`, or --interrupted',
        );
      const entry = (await guarded(() => setup.engine.history())).find((candidate) => candidate.id === id);
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
        return;
      }
      const outcome = await guarded(() => setup.engine.restoreBackup(id));
      io.stdout(renderOutcome(outcome));
      result.code = exitCodeFor(outcome);
    });
};
