import { registerCommands } from '../program';
import { registerSd } from './sd';
import { registerFwRule } from './fw-rule';

// Every subcommand is listed once, here.
registerCommands(registerSd, registerFwRule);
