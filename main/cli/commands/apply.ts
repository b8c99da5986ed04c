import type { RegisterCommand } from '../program';
import { addRegistryOption } from '../../registry/select';
import {
  CHANGE_EXIT_CODES_HELP,
  EXIT_REFUSED,
  commandLog,
  confirm,
  exitCodeFor,
  guarded,
  loadProfileChoice,
  openEngine,
  recoverOrOffer,
  renderOutcome,
  runLogged,
  type ChangeCommandOptions,
} from '../change-commands';
import { ExitCode } from '../io';
import { renderPlanText } from '../../domain/changes/index';
import { planToJson } from '../../contract/changes';

interface ApplyOptions extends ChangeCommandOptions {
  readonly technical?: boolean;
  readonly profile: string;
  /** false with --no-firewall. */
  readonly firewall: boolean;
}

export const registerApply: RegisterCommand = (command, io, result) => {
  addRegistryOption(command)
    .option('--profile <profile>', 'recommended, strict, or a profile file (JSON or YAML)', 'recommended')
    .option(
      '--no-firewall',
      "leave the profile's firewall part out (a firewall managed elsewhere, or where the firewall cmdlets cannot run)",
    )
    .option('--yes', 'do not ask for confirmation; first restore any change interrupted earlier (installers)')
    .option('--json', 'print the plan and the outcome as JSON')
    .option(
      '--technical',
      'also show the registry values, SDDL, rule strings and commands behind each change',
    )
    .option(
      '--log <file>',
      'append a plain-text log of every step, and of how the command ended, to this file',
    )
    .addHelpText('after', CHANGE_EXIT_CODES_HELP)
    .action((options: ApplyOptions) => {
      const log = commandLog(options.log);
      return runLogged(
        log,
        `apply --profile ${options.profile}${options.firewall ? '' : ' --no-firewall'}`,
        result,
        async () => {
          const profile = await loadProfileChoice(options.profile);
          const setup = await openEngine(options, io);
          const recovery = await guarded(() => recoverOrOffer(setup, io, options.yes), io);
          await log.line('-', `start-up recovery: ${recovery}`);
          if (recovery === 'declined' || recovery === 'failed') {
            result.code = recovery === 'declined' ? EXIT_REFUSED : ExitCode.incomplete;
            return recovery === 'declined'
              ? 'refused: a change interrupted earlier was not restored'
              : 'the interrupted change could not be restored';
          }
          const plan = await guarded(
            () => setup.engine.createPlan({ profile, noFirewall: !options.firewall }),
            io,
          );
          await log.line(plan.id, `plan ok: ${plan.diff.length} setting(s) for ${profile.name}`);
          if (!options.json) io.stdout(renderPlanText(plan, { technical: options.technical === true }));
          if (
            plan.valueChanges.length + plan.firewallChanges.length > 0 &&
            !(await confirm(io, 'Apply these changes?', options.yes))
          ) {
            io.stdout('Nothing was changed.\n');
            result.code = EXIT_REFUSED;
            return 'declined: nothing was changed';
          }
          const outcome = await guarded(() => setup.engine.applyPlan(plan.id), io);
          io.stdout(
            options.json
              ? `${JSON.stringify({ plan: planToJson(plan), outcome }, null, 2)}\n`
              : renderOutcome(outcome),
          );
          result.code = exitCodeFor(outcome);
          return `${outcome.status}: ${outcome.message}`;
        },
      );
    });
};
