import type { z } from 'zod';
import type { ChannelName, IpcError } from '../../main/contract';
import type {
  ApplyProgress as ApplyProgressSchema,
  changeChannels,
  PlanView,
  TransactionOutcomeView,
} from '../../main/contract/changes';

/**
 * The change channels (plan, apply, history, restore, relaunch) as the UI uses them, typed from
 * main/contract/changes.ts. The lead wires them into the contract's channel map; until a channel is there,
 * `hasChannel` is false and the UI says so instead of failing.
 */

export const hasChannel = (name: string): boolean =>
  (window.sinkguard.channels as readonly string[]).includes(name);

export type UiPlan = PlanView;
export type SettingEdit =
  z.input<(typeof changeChannels)['plan:create']['request']> extends infer R
    ? R extends { edits: readonly (infer E)[] }
      ? E
      : never
    : never;
export type TransactionOutcome = z.output<typeof TransactionOutcomeView>;
export type HistoryList = z.output<(typeof changeChannels)['history:list']['response']>;
export type HistoryEntry = HistoryList['entries'][number];
export type ApplyProgress = z.output<typeof ApplyProgressSchema>;

export type Outcome<T> = { readonly value: T } | { readonly error: IpcError };

async function invoke<T>(name: string, request: unknown): Promise<Outcome<T>> {
  if (!hasChannel(name)) {
    return {
      error: { code: 'unknown-channel', message: `This build of SinkGuard has no "${name}" channel yet.` },
    };
  }
  const result = await window.sinkguard.invoke(name as ChannelName, request as never);
  return result.ok ? { value: result.value as T } : { error: result.error };
}

export const createPlan = (edits: readonly SettingEdit[]) => invoke<UiPlan>('plan:create', { edits });

export const applyPlan = (plan: UiPlan) => invoke<TransactionOutcome>('plan:apply', { planId: plan.id });

export const restoreBackup = (backupId: string, recoversInterrupted = false) =>
  invoke<TransactionOutcome>('backup:restore', { backupId, recoversInterrupted });

export const listHistory = () => invoke<HistoryList>('history:list', {});

export const relaunchElevated = () => invoke<unknown>('app:relaunch-elevated', {});

/** Listens to apply:progress when the contract has it; returns the unsubscribe function. */
export function onApplyProgress(listener: (progress: ApplyProgress) => void): () => void {
  if (!(window.sinkguard.events as readonly string[]).includes('apply:progress')) return () => undefined;
  return window.sinkguard.on('apply:progress' as never, listener as never);
}
