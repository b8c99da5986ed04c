import { ExitCode } from '../io';
import type { RegisterCommand } from '../program';
import { addRegistryOption } from '../../registry/select';
import {
  CHANGE_EXIT_CODES_HELP,
  commandLog,
  guarded,
  loadProfileChoice,
  openEngine,
  runLogged,
  type ChangeCommandOptions,
} from '../change-commands';
import { renderPlanText } from '../../domain/changes/index';
import { planToJson } from '../../contract/changes';

interface PlanOptions extends ChangeCommandOptions {
  readonly technical?: boolean;
  readonly profile: string;
  /** false with --no-firewall. */
  readonly firewall: boolean;
}

export const registerPlan: RegisterCommand = (command, io, result) => {
  addRegistryOption(command)
    .option('--profile <profile>', 'recommended, strict, or a profile file (JSON or YAML)', 'recommended')
    .option(
      '--no-firewall',
      "leave the profile's firewall part out (a firewall managed elsewhere, or where the firewall cmdlets cannot run)",
    )
    .option('--json', 'print the plan as JSON')
    .option(
      '--technical',
      'also show the registry values, SDDL, rule strings and commands behind each change',
    )
    .option('--log <file>', 'append a plain-text log of the plan, and of how the command ended, to this file')
    .addHelpText('after', CHANGE_EXIT_CODES_HELP)
    .action((options: PlanOptions) => {
      const log = commandLog(options.log);
      return runLogged(
        log,
        `plan --profile ${options.profile}${options.firewall ? '' : ' --no-firewall'}`,
        result,
        async () => {
          const profile = await loadProfileChoice(options.profile);
          const { engine } = await openEngine(options, io);
          const plan = await guarded(() => engine.createPlan({ profile, noFirewall: !options.firewall }), io);
          io.stdout(
            options.json
              ? `${JSON.stringify(planToJson(plan), null, 2)}\n`
              : renderPlanText(plan, { technical: options.technical === true }),
          );
          result.code = ExitCode.ok;
          return `plan ${plan.id}: ${plan.valueChanges.length} value change(s), ${plan.firewallChanges.length} firewall change(s), ${plan.skipped.length} setting(s) left out`;
        },
      );
    });
};
