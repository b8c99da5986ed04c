import { runCli } from './program';
import { processIO } from './process-io';

// Entry of the `sinkguard` command under plain Node (and Windows Node).
process.exitCode = await runCli(process.argv.slice(2), processIO());
