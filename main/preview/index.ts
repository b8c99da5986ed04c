import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeApp } from '../app/compose';
import { createPreviewFaults } from './faults';
import { previewMachine, previewMachineChosenBy } from './machine';
import { startPreviewServer } from './server';

/**
 * `npm run preview`: serves out/renderer with the real router on a simulated machine. Only simulated machines are
 * allowed here: the preview must never touch a real registry.
 */
let choice: string;
try {
  choice = previewMachine(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
const out = new URL('..', import.meta.url);
// SINKGUARD_PREVIEW_FAULTS=1 serves the fault switch (end-to-end tests of the backend-failure messages).
const faults = process.env.SINKGUARD_PREVIEW_FAULTS === '1' ? createPreviewFaults() : undefined;
const { router, events, interruptedAtStartup } = await composeApp({
  runtime: 'preview',
  electronVersion: null,
  registryChoice: choice,
  registryChosenBy: previewMachineChosenBy(process.env),
  env: {},
  // SINKGUARD_PREVIEW_ELEVATED=0 shows the read-only mode an admin sees without administrator rights.
  simulateNotElevated: process.env.SINKGUARD_PREVIEW_ELEVATED === '0',
  simulatedFault: faults?.fault,
  // SINKGUARD_PREVIEW_EXTRA_APPIDS=N adds N generated DCOM applications (the e2e's 2,000-AppID machine).
  simulatedExtraAppIds: Number(process.env.SINKGUARD_PREVIEW_EXTRA_APPIDS ?? 0) || 0,
  // The preview's backups and journal are throwaway, like its simulated machine; SINKGUARD_PREVIEW_DATA_DIR names
  // one to start from (the end-to-end test of start-up recovery seeds an interrupted change there).
  dataDirectory:
    process.env.SINKGUARD_PREVIEW_DATA_DIR || (await mkdtemp(join(tmpdir(), 'sinkguard-preview-'))),
});
if (interruptedAtStartup?.length)
  console.log(
    `${interruptedAtStartup.length} change(s) began and never finished: the app offers their restore.`,
  );
const preview = await startPreviewServer({
  router,
  events,
  rendererDir: fileURLToPath(new URL('renderer/', out)),
  bridgeScript: await readFile(new URL('preview/bridge.js', out), 'utf8'),
  port: process.env.SINKGUARD_PREVIEW_PORT ? Number(process.env.SINKGUARD_PREVIEW_PORT) : 0,
  faults,
});
console.log(`SinkGuard preview (${choice}): ${preview.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void preview.close().then(() => process.exit(0)));
}
