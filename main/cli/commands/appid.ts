import { exitCodesHelp } from '../exit-codes-help';
import type { RegisterCommand } from '../program';
import { registerAppIdSet } from './appid-set';

/**
 * `sinkguard appid`: the DCOM applications (AppIDs). Each subcommand lives in its own module and is registered here.
 */
export const registerAppId: RegisterCommand = (command, io, result) => {
  command.addHelpText(
    'after',
    exitCodesHelp({ ok: 'the subcommand succeeded', error: 'bad usage, or no such subcommand' }),
  );
  registerAppIdSet(command.command('set'), io, result);
};
