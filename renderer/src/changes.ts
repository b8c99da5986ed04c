import type { ChannelRequest, ChannelResponse, EventPayload } from '../../main/contract';
import { call } from './ipc';

/** The change channels (plan, apply, history, restore, relaunch) as the UI uses them, typed from the contract. */

export type UiPlan = ChannelResponse<'plan:create'>;
export type SettingEdit = Extract<ChannelRequest<'plan:create'>, { edits: unknown }>['edits'][number];
export type TransactionOutcome = ChannelResponse<'plan:apply'>;
export type HistoryList = ChannelResponse<'history:list'>;
export type HistoryEntry = HistoryList['entries'][number];
export type ApplyProgress = EventPayload<'apply:progress'>;

export const createPlan = (edits: readonly SettingEdit[]) => call('plan:create', { edits: [...edits] });

export const applyPlan = (plan: UiPlan) => call('plan:apply', { planId: plan.id });

export const restoreBackup = (backupId: string, recoversInterrupted = false) =>
  call('backup:restore', { backupId, recoversInterrupted });

export const listHistory = () => call('history:list', {});

export const relaunchElevated = () => call('app:relaunch-elevated', {});

/** Listens to apply:progress; returns the unsubscribe function. */
export const onApplyProgress = (listener: (progress: ApplyProgress) => void): (() => void) =>
  window.sinkguard.on('apply:progress', listener);
