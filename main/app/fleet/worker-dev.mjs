// The fleet worker from the source tree (tests, `tsx`): TypeScript loaded through tsx. The build has its own
// entry, out/main/fleet-worker.js, and never loads this file.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
