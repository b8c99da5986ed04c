import { registerCommands } from '../program';

// Every subcommand is listed once, here.
registerCommands();
