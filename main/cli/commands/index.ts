import { registerCommands } from '../program';
import { registerSd } from './sd';

// Every subcommand is listed once, here.
registerCommands(registerSd);
