import type { Command } from 'commander';
import { AppIdChange } from '../../domain/appids/model';
import { NAMED_ACCOUNT_HELP, RUN_AS_CHOICES, runAsChoiceOf } from '../../domain/appids/run-as';
import { AUTHENTICATION_LEVELS } from '../../domain/catalog/index';
import { addRegistryOption } from '../../registry/select';
import {
  CHANGE_EXIT_CODES_HELP,
  commandLog,
  openEngine,
  planAndApply,
  runLogged,
  type ChangeCommandOptions,
} from '../change-commands';
import { CliExit, ExitCode, type CliIO } from '../io';

interface AppIdSetOptions extends ChangeCommandOptions {
  readonly runAs?: string;
  readonly access?: string;
  readonly launch?: string;
  readonly authenticationLevel?: string;
  readonly technical?: boolean;
}

const LEVELS = AUTHENTICATION_LEVELS.map((level) => `${level.value} (${level.name})`).join(', ');

const APPID_SET_HELP = `
What it changes (one application's key, HKLM\\SOFTWARE\\Classes\\AppID\\{GUID} or its WOW6432Node view):
  --run-as      RunAs: network-service (callbacks authenticate as this computer), local-service,
                interactive-user, or launching-user (RunAs removed; callbacks to other machines arrive
                as ANONYMOUS LOGON). A named account is never set here: its password belongs to
                Component Services. A service-hosted application runs as its service's account:
                change that in Services or with sc.exe config.
  --access, --launch
                default: the application's own permission removed, so the machine default applies;
                or an SDDL descriptor COM accepts (owner, group, allow/deny ACEs of COM rights).
  --authentication-level
                ${LEVELS.replaceAll(', 4', ',\n                4')}

It runs as one transaction, like apply: backup, write, read-back verification, rollback on any failure,
recorded in \`sinkguard history\` and undone with \`sinkguard restore ID\`.
`;

/** The --run-as value as a choice, or a refusal explaining why a named account is not set here. */
function runAsOf(text: string): AppIdChange['runAs'] {
  const choice = runAsChoiceOf(text);
  if (choice) return choice;
  throw new CliExit(
    ExitCode.error,
    `--run-as ${JSON.stringify(text)} is not one of ${RUN_AS_CHOICES.join(', ')}. ${NAMED_ACCOUNT_HELP}`,
  );
}

const permissionOf = (text: string): AppIdChange['access'] =>
  text.trim().toLowerCase() === 'default' ? 'default' : { sddl: text };

function levelOf(text: string): number {
  const level = Number(text);
  if (!AUTHENTICATION_LEVELS.some((named) => named.value === level))
    throw new CliExit(
      ExitCode.error,
      `--authentication-level ${JSON.stringify(text)}: expected one of ${LEVELS}`,
    );
  return level;
}

/** The change the options ask for, checked as the IPC contract checks it. */
function changeOf(options: AppIdSetOptions): AppIdChange {
  const change = AppIdChange.safeParse({
    ...(options.runAs === undefined ? {} : { runAs: runAsOf(options.runAs) }),
    ...(options.access === undefined ? {} : { access: permissionOf(options.access) }),
    ...(options.launch === undefined ? {} : { launch: permissionOf(options.launch) }),
    ...(options.authenticationLevel === undefined
      ? {}
      : { authenticationLevel: levelOf(options.authenticationLevel) }),
  });
  if (!change.success)
    throw new CliExit(ExitCode.error, change.error.issues.map((issue) => issue.message).join('; '));
  return change.data;
}

/** The command line as the log records it (an SDDL is named, not copied: the plan shows it). */
function commandLine(id: string, options: AppIdSetOptions): string {
  const permission = (value: string) => (value.trim().toLowerCase() === 'default' ? 'default' : 'SDDL');
  return [
    `appid set ${id}`,
    ...(options.runAs === undefined ? [] : [`--run-as ${options.runAs}`]),
    ...(options.access === undefined ? [] : [`--access ${permission(options.access)}`]),
    ...(options.launch === undefined ? [] : [`--launch ${permission(options.launch)}`]),
    ...(options.authenticationLevel === undefined
      ? []
      : [`--authentication-level ${options.authenticationLevel}`]),
  ].join(' ');
}

/** `sinkguard appid set ID ...`: one application's identity, permissions or level, planned and applied like `apply`. */
export function registerAppIdSet(command: Command, io: CliIO, result: { code: ExitCode }): void {
  addRegistryOption(command)
    .description(
      "change one DCOM application's identity, permissions or authentication level, as one transaction",
    )
    .argument('<id>', 'the AppID {GUID}, or the executable name that maps to one (e.g. myserver.exe)')
    .option('--run-as <identity>', RUN_AS_CHOICES.join(', '))
    .option('--access <permission>', 'default (use the machine default) or an SDDL descriptor')
    .option('--launch <permission>', 'default (use the machine default) or an SDDL descriptor')
    .option('--authentication-level <level>', 'RPC_C_AUTHN_LEVEL, 1 to 6 (5: packet integrity)')
    .option('--yes', 'do not ask for confirmation; first restore any change interrupted earlier (installers)')
    .option('--json', 'print the plan and the outcome as JSON')
    .option('--technical', 'also show the registry values and SDDL behind the change')
    .option(
      '--log <file>',
      'append a plain-text log of every step, and of how the command ended, to this file',
    )
    .addHelpText('after', `${APPID_SET_HELP}${CHANGE_EXIT_CODES_HELP}`)
    .action((id: string, options: AppIdSetOptions) => {
      const log = commandLog(options.log);
      return runLogged(log, commandLine(id, options), result, async () => {
        const change = changeOf(options);
        const setup = await openEngine(options, io);
        return planAndApply(setup, io, options, result, log, { appId: { id, change } });
      });
    });
}
