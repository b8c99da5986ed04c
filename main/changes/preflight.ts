import type { TransactionStep } from '../domain/changes/index';
import { RegistryError } from '../domain/registry-port/errors';
import type { KeySnapshot } from '../domain/registry-port/types';
import { UntrustedDataFolderError } from '../platform/data-folder';
import type { EngineContext, ProgressFn } from './context';
import { ChangeRefusedError, describeFailure } from './errors';

/** Checks made before anything is written: each refuses with a ChangeRefusedError naming what and how to go on. */

export async function requireElevation(context: EngineContext): Promise<void> {
  const elevated = await context.options.detectElevation();
  if (elevated === false) {
    throw new ChangeRefusedError(
      'not-elevated',
      'read-only: not elevated. Writing HKLM needs an elevated (administrator) SinkGuard; relaunch it elevated.',
    );
  }
}

/** Checks the data folder before relying on it (`prepare` also creates it, locked down). */
export async function trustDataFolder(context: EngineContext, mode: 'prepare' | 'verify'): Promise<void> {
  if (context.dataFolderTrusted) return;
  try {
    if (mode === 'prepare') await context.dataFolder.prepare(context.options.dataDirectory);
    else if ((await context.dataFolder.verify(context.options.dataDirectory)) === 'missing') return;
  } catch (error) {
    if (error instanceof UntrustedDataFolderError)
      throw new ChangeRefusedError(
        // Administrators only may read the folder: not an unsafe folder, a process without the rights to see.
        error.accessDenied ? 'not-elevated' : 'untrusted-data-folder',
        error.message,
        [...error.problems],
      );
    throw error;
  }
  context.dataFolderTrusted = true;
}

/** Reads in one batch; `reportUnreadable`: a key that may not be read comes back marked, for planning to refuse. */
export async function readOrRefuse(
  context: EngineContext,
  keys: readonly string[],
  reportUnreadable = false,
): Promise<KeySnapshot[]> {
  try {
    return await context.port.readKeys(keys, reportUnreadable ? { reportUnreadable } : undefined);
  } catch (error) {
    if (error instanceof RegistryError) {
      throw new ChangeRefusedError('backend', `the registry backend is not healthy: ${error.message}`, [
        context.port.description,
      ]);
    }
    throw error;
  }
}

/**
 * Runs the work of one step before anything is written; a refusal or failure ends the step as 'failed' (the UI and
 * the log never show a step that started and stopped silently), then goes on to the caller.
 */
export async function orFailStep<T>(
  progress: ProgressFn,
  step: TransactionStep,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await progress(step, 'failed', describeFailure(error).message);
    throw error;
  }
}
