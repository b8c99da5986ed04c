import { CliExit, ExitCode } from '../io';
import { renderRestorePlanText } from '../../domain/changes/index';
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

const RESTORE_HELP = `
What a restore touches:
  Only the values, created keys and firewall rules the change itself touched (its journal record lists them).
  Values added since to the same keys, by an admin, an installer or Group Policy, are left alone. A touched value
  someone changed since the change is pointed out before you confirm. Firewall rules are set back with
  Set-NetFirewallRule (removed with Remove-NetFirewallRule if the change created them), never by importing the
  FirewallRules key.

What a restore refuses (nothing is written):
  A backup the change journal does not vouch for: no journal record, a SHA-256 or key list that differs from the
  one recorded when the backup was taken (the checksum beside the file is not trusted), or any key outside the
  keys SinkGuard manages (its catalog's keys, the AppID tree, the rules the change touched).

Without a terminal, --yes is required.
`;

interface RestoreOptions extends ChangeCommandOptions {
  readonly interrupted?: boolean;
  readonly technical?: boolean;
}

export const registerRestore: RegisterCommand = (command, io, result) => {
  addRegistryOption(command)
    .argument('[id]', 'the change to undo: an `id` from `sinkguard history`')
    .option('--interrupted', 'undo every change that began and never finished (start-up recovery)')
    .option('--yes', 'do not ask for confirmation (unattended use, installers)')
    .option('--technical', 'also show the registry operations and rule strings behind the plan')
    .option(
      '--log <file>',
      'append a plain-text log of every step, and of how the command ended, to this file',
    )
    .addHelpText('after', `${RESTORE_HELP}${CHANGE_EXIT_CODES_HELP}`)
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
        // The plan first: what the restore will do from the machine as it is now, for exactly what the change
        // touched; a backup the journal does not vouch for is refused here, before anything is asked or written.
        const plan = await guarded(() => setup.engine.planRestore(id!), io);
        io.stdout(renderRestorePlanText(plan, options.technical));
        if (plan.operations.length === 0) {
          result.code = ExitCode.ok;
          return 'nothing to restore';
        }
        if (!(await confirm(io, 'Restore it?', options.yes))) {
          io.stdout('Nothing was changed.\n');
          result.code = EXIT_REFUSED;
          return 'declined: nothing was changed';
        }
        // What runs is the plan shown: a machine changed since is refused (stale-plan), never restored blind.
        const outcome = await guarded(
          () => setup.engine.restoreBackup(id!, { fingerprint: plan.fingerprint }),
          io,
        );
        io.stdout(renderOutcome(outcome));
        result.code = exitCodeFor(outcome);
        return `${outcome.status}: ${outcome.message}`;
      });
    });
};
