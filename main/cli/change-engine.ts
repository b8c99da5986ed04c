import { appendFile } from 'node:fs/promises';
import type { CliIO } from './io';
import { composeChangeEngine } from '../changes/compose';
import { progressLine } from '../domain/changes/index';
import type { ChangeEngine, ProgressEvent } from '../changes/engine';
import { resolveDataDirectory } from '../changes/storage';
import { dataFolderGuardFor, importFolderIn, readFolderFrom } from '../platform/data-folder';
import { openRegistry } from '../registry/select';
import type { RegistryPort } from '../registry/types';

export interface EngineSetup {
  readonly port: RegistryPort;
  readonly engine: ChangeEngine;
  readonly dataDirectory: string;
}

/** The engine as the CLI uses it; `--log FILE` appends one plain-text line per step. */
export async function openEngineForCli(
  options: { readonly registry?: string; readonly log?: string; readonly dataDir?: string },
  io: CliIO,
): Promise<EngineSetup> {
  const dataDirectory = resolveDataDirectory({
    override: options.dataDir,
    env: io.env,
    platform: io.platform,
  });
  const importFolder = importFolderIn(dataDirectory, dataFolderGuardFor(io.platform, io.env));
  const { port } = await openRegistry(options.registry ?? 'auto', {
    platform: io.platform,
    env: io.env,
    importFolder,
    readFolder: readFolderFrom(importFolder),
  });
  const log = options.log;
  const engine = composeChangeEngine({
    port,
    platform: io.platform,
    env: io.env,
    dataDirectory,
    onProgress: log === undefined ? undefined : (event) => appendFile(log, formatLogLine(event)),
  });
  return { port, engine, dataDirectory };
}

/** The same words as the app's progress log (progressLine), after the time and the transaction or plan id. */
export function formatLogLine(event: ProgressEvent): string {
  const id = event.transactionId ?? event.planId ?? '-';
  return `${event.at} ${id} ${progressLine(event)}\n`;
}
