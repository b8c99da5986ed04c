import { exitCodesHelp } from '../exit-codes-help';
import { CliExit, ExitCode, type CliIO } from '../io';
import type { RegisterCommand } from '../program';
import {
  appIdTargetOf,
  isAtFault,
  lookupAppId,
  readAppIdInventory,
  type AppIdInventory,
} from '../../domain/appids/index';
import { loadProfileChoice } from '../profile-choice';
import { RegistryError } from '../../registry/errors';
import { addRegistryOption, openRegistry } from '../../registry/select';
import { renderAppIdList, renderAppIdShow } from '../appid-text';
import { registerAppIdSet } from './appid-set';

interface ReadOptions {
  readonly registry: string;
  readonly profile: string;
  readonly json?: boolean;
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The inventory through the chosen backend, against the profile's AppID target (two batch reads). */
async function readInventory(
  options: ReadOptions,
  io: CliIO,
): Promise<{ inventory: AppIdInventory; machine: string }> {
  const profile = await loadProfileChoice(options.profile, (text) => io.stderr(`sinkguard: note: ${text}\n`));
  let port;
  try {
    port = (await openRegistry(options.registry, { platform: io.platform, env: io.env })).port;
  } catch (error) {
    throw new CliExit(ExitCode.error, reason(error));
  }
  try {
    return { inventory: await readAppIdInventory(port, appIdTargetOf(profile)), machine: port.description };
  } catch (error) {
    if (error instanceof RegistryError)
      throw new CliExit(ExitCode.error, `reading the registry: ${error.message}`);
    throw error;
  }
}

const PROFILE_HELP =
  'recommended, strict (any case), or a profile file: the AppID rules findings are weighed against';

/**
 * `sinkguard appid list` and `appid show ID`: every DCOM application's identity, hosting, permissions and findings
 * (reported here), and `appid set ID`, which changes one through the change engine.
 */
export const registerAppId: RegisterCommand = (command, io, result) => {
  const listCodes = exitCodesHelp({
    ok: 'no application at fault',
    findings: 'an application at fault, or an AppID key that could not be read',
    error: 'bad usage, a profile that does not load, or the registry backend failing',
  });
  const showCodes = exitCodesHelp({
    ok: 'the application is not at fault',
    findings: 'the application is at fault',
    error:
      'bad usage or input (an unknown AppID, an executable name mapped to several), or the registry\nbackend failing',
  });
  command.addHelpText('after', listCodes);

  addRegistryOption(
    command
      .command('list')
      .description('list every DCOM application (AppID): who it runs as, how it is hosted, what is wrong')
      .addHelpText('after', listCodes),
  )
    .option('--at-fault', 'only the applications at fault')
    .option('--profile <profile>', PROFILE_HELP, 'recommended')
    .option('--json', 'print the inventory as JSON')
    .action(async (options: ReadOptions & { atFault?: boolean }) => {
      const { inventory, machine } = await readInventory(options, io);
      const shown = options.atFault ? inventory.entries.filter(isAtFault) : inventory.entries;
      io.stdout(
        options.json
          ? `${JSON.stringify({ ...inventory, entries: shown }, null, 2)}\n`
          : renderAppIdList(inventory, shown, machine),
      );
      result.code =
        inventory.entries.some(isAtFault) || inventory.unreadable.length > 0
          ? ExitCode.findings
          : ExitCode.ok;
    });

  addRegistryOption(
    command
      .command('show')
      .description('explain one DCOM application: identity, hosting, launch and access permissions, findings')
      .argument('<id>', 'its AppID ({GUID}, braces optional, any case) or an executable name mapped to it')
      .addHelpText('after', showCodes),
  )
    .option('--profile <profile>', PROFILE_HELP, 'recommended')
    .option('--json', 'print the application as JSON')
    .action(async (id: string, options: ReadOptions) => {
      const { inventory } = await readInventory(options, io);
      const found = lookupAppId(inventory, id);
      if (!found.ok) throw new CliExit(ExitCode.error, found.message);
      io.stdout(options.json ? `${JSON.stringify(found.entry, null, 2)}\n` : renderAppIdShow(found.entry));
      result.code = isAtFault(found.entry) ? ExitCode.findings : ExitCode.ok;
    });

  // Changes go through the change engine, as `apply` does: its own module.
  registerAppIdSet(command.command('set'), io, result);
};
