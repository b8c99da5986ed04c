import type { ChannelRequest, ChannelResponse, EventPayload, IpcError } from '../../main/contract';
import { call } from './ipc';

/** The change channels (plan, apply, history, restore, relaunch) as the UI uses them, typed from the contract. */

export type UiPlan = ChannelResponse<'plan:create'>;
export type SettingEdit = Extract<ChannelRequest<'plan:create'>, { edits: unknown }>['edits'][number];
export type TransactionOutcome = ChannelResponse<'plan:apply'>;
export type HistoryList = ChannelResponse<'history:list'>;
export type HistoryEntry = HistoryList['entries'][number];
export type ApplyProgress = EventPayload<'apply:progress'>;

/** What a wizard asks to change: catalog settings, or one DCOM application (its AppID). */
export type PlanSubject =
  { readonly edits: readonly SettingEdit[] } | Extract<ChannelRequest<'plan:create'>, { appId: unknown }>;

/** Plans the subject; `noFirewall` leaves the firewall part out (the review step's switch off). */
export const createPlan = (subject: PlanSubject, noFirewall = false) =>
  call(
    'plan:create',
    'appId' in subject
      ? subject
      : noFirewall
        ? { edits: [...subject.edits], noFirewall }
        : { edits: [...subject.edits] },
  );

export const applyPlan = (plan: UiPlan) => call('plan:apply', { planId: plan.id });

/**
 * Restores a backup; resolves to null when the registry is back as it was, or to the error to show: a refusal, or
 * a restore that did not finish (its message says what state it left).
 */
export async function restoreBackup(
  backupId: string,
  recoversInterrupted = false,
  fingerprint?: string,
): Promise<IpcError | null> {
  const outcome = await call(
    'backup:restore',
    fingerprint === undefined
      ? { backupId, recoversInterrupted }
      : { backupId, recoversInterrupted, fingerprint },
  );
  if ('error' in outcome) return outcome.error;
  if (outcome.value.status === 'restored') return null;
  return { code: 'backend', message: outcome.value.message, details: outcome.value.details };
}

export type RestorePlan = ChannelResponse<'backup:restore-plan'>;

/** What restoring a backup would do, for the confirmation dialog (reads only). */
export const planRestore = (backupId: string) => call('backup:restore-plan', { backupId });

export const listHistory = () => call('history:list', {});

export const relaunchElevated = () => call('app:relaunch-elevated', {});

/** Listens to apply:progress; returns the unsubscribe function. */
export const onApplyProgress = (listener: (progress: ApplyProgress) => void): (() => void) =>
  window.sinkguard.on('apply:progress', listener);
