import type { RegisterCommand } from '../program';
import { addRegistryOption } from '../../registry/select';
import {
  CHANGE_EXIT_CODES_HELP,
  commandLog,
  loadProfileChoice,
  openEngine,
  planAndApply,
  runLogged,
  type ChangeCommandOptions,
} from '../change-commands';

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
          return planAndApply(setup, io, options, result, log, { profile, noFirewall: !options.firewall });
        },
      );
    });
};
