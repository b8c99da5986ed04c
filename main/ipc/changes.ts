import type { z } from 'zod';
import { ChangeRefusedError, type ChangeEngine, type TransactionOutcome } from '../changes/index';
import type { changeChannels } from '../contract/changes';
import { changeEvents, planToJson, restorePlanToJson } from '../contract/changes';
import { AppError } from '../contract/errors';
import { PlanInputError, type HistoryEntry } from '../domain/changes/index';
import { builtInProfile } from '../domain/profiles/index';
import { RegistryError } from '../registry/errors';

type Channels = typeof changeChannels;
export type ChangeHandlers = {
  readonly [C in keyof Channels]: (
    request: z.output<Channels[C]['request']>,
  ) => Promise<z.output<Channels[C]['response']>>;
};

export interface ChangeHandlerDeps {
  readonly engine: ChangeEngine;
  /** Pushes a progress event to the renderer. */
  readonly publish: (
    event: 'apply:progress',
    payload: z.output<(typeof changeEvents)['apply:progress']>,
  ) => void;
}

/** Failures as the contract's typed errors: the renderer shows a specific message and a way forward. */
async function typed<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ChangeRefusedError)
      throw new AppError(error.code, error.message, [...error.details]);
    if (error instanceof PlanInputError)
      throw new AppError('invalid-input', error.message, [error.settingId]);
    if (error instanceof RegistryError) {
      throw new AppError(error.code === 'access-denied' ? 'not-elevated' : 'backend', error.message);
    }
    throw error;
  }
}

/**
 * The change channels. The engine's progress callback must be `forwardProgress(publish)` (see below) for the UI to
 * see each step as it happens; the composition root builds the engine with it.
 */
export function createChangeHandlers(deps: ChangeHandlerDeps): ChangeHandlers {
  const { engine } = deps;
  return {
    'plan:create': (request) =>
      typed(async () => {
        if ('appId' in request) return planToJson(await engine.createPlan({ appId: request.appId }));
        const noFirewall = request.noFirewall === true;
        const plan = await engine.createPlan(
          'profile' in request
            ? { profile: builtInProfile(request.profile), noFirewall }
            : { edits: request.edits, noFirewall },
        );
        return planToJson(plan);
      }),
    'plan:apply': (request) => typed(async () => outcomeView(await engine.applyPlan(request.planId))),
    'history:list': () =>
      typed(async () => {
        const entries = (await engine.history()).map(historyView);
        return { entries, interrupted: entries.filter((entry) => entry.outcome === null) };
      }),
    'backup:restore': (request) =>
      typed(async () => {
        if (request.recoversInterrupted) {
          const next = await engine.nextRecovery();
          if (next?.backupId !== request.backupId) {
            throw new AppError(
              'not-found',
              next
                ? `${request.backupId} is not the interrupted change to restore now: restore ${next.backupId} first`
                : `no interrupted change ${request.backupId}: it may have been restored already`,
            );
          }
        }
        // The engine closes the interrupted change(s) the restore undoes, and refuses any other restore meanwhile.
        return outcomeView(
          await engine.restoreBackup(
            request.backupId,
            request.fingerprint === undefined ? {} : { fingerprint: request.fingerprint },
          ),
        );
      }),
    'backup:restore-plan': (request) =>
      typed(async () => restorePlanToJson(await engine.planRestore(request.backupId))),
    'recovery:status': () =>
      typed(async () => {
        const interrupted = await engine.interrupted();
        const next = await engine.nextRecovery();
        return { interrupted: interrupted.map(historyView), next: next ? historyView(next) : null };
      }),
  };
}

/** The engine's `onProgress` that publishes `apply:progress` events, validated against the contract. */
export function forwardProgress(publish: ChangeHandlerDeps['publish']) {
  return (event: z.input<(typeof changeEvents)['apply:progress']>): void => {
    publish('apply:progress', changeEvents['apply:progress'].parse(event));
  };
}

const outcomeView = (outcome: TransactionOutcome) => ({ ...outcome, details: [...outcome.details] });

const historyView = (entry: HistoryEntry) => ({
  ...entry,
  details: [...entry.details],
  diff: entry.diff.map((item) => ({ ...item, lines: [...item.lines] })),
  changes: entry.changes && [...entry.changes],
});
