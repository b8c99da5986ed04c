import type { ChannelName, IpcError } from '../../main/contract';
import type { PlanForReport } from '../../main/domain/report';

/**
 * The change channels (plan, apply, history, restore, relaunch) as the UI uses them. They are wired into the
 * contract by the lead from main/contract/changes.ts; until a channel is there, `hasChannel` is false and the UI
 * says so instead of failing.
 */

export const hasChannel = (name: string): boolean =>
  (window.sinkguard.channels as readonly string[]).includes(name);

/** One admin edit in catalog terms (see main/domain/changes/model.ts SettingEdit). */
export interface SettingEdit {
  readonly settingId: string;
  readonly value: unknown;
}

export interface UiPlan extends PlanForReport {
  readonly valueChanges: readonly {
    readonly settingId: string;
    readonly key: string;
    readonly name: string;
    readonly action: 'write' | 'delete';
  }[];
  readonly firewallChanges: readonly { readonly settingId: string; readonly allowFrom: readonly string[] }[];
  readonly createdKeys: readonly string[];
}

export type Outcome<T> = { readonly value: T } | { readonly error: IpcError };

const missing = (name: string): { error: IpcError } => ({
  error: { code: 'unknown-channel', message: `This build of SinkGuard has no "${name}" channel yet.` },
});

async function invoke<T>(name: string, request: unknown): Promise<Outcome<T>> {
  if (!hasChannel(name)) return missing(name);
  const result = await window.sinkguard.invoke(name as ChannelName, request as never);
  return result.ok ? { value: result.value as T } : { error: result.error };
}

export const createPlan = (edits: readonly SettingEdit[]) =>
  invoke<UiPlan>('plan:create', { target: { kind: 'edits', edits } });

export interface ApplyResult {
  readonly backupId: string;
  readonly verified: boolean;
  readonly problems: readonly string[];
}

export const applyPlan = (plan: UiPlan) => invoke<ApplyResult>('plan:apply', { planId: plan.id });

export const restoreBackup = (backupId: string) => invoke<unknown>('backup:restore', { backupId });

export type { HistoryEntry } from '../../main/domain/changes/journal';
import type { HistoryEntry } from '../../main/domain/changes/journal';

export const listHistory = () => invoke<readonly HistoryEntry[]>('history:list', {});

export const relaunchElevated = () => invoke<unknown>('app:relaunch-elevated', {});

export interface ApplyProgress {
  readonly planId: string;
  readonly step: number;
  readonly total: number;
  readonly message: string;
}

/** Listens to apply:progress when the contract has it; returns the unsubscribe function. */
export function onApplyProgress(listener: (progress: ApplyProgress) => void): () => void {
  if (!(window.sinkguard.events as readonly string[]).includes('apply:progress')) return () => undefined;
  return window.sinkguard.on('apply:progress' as never, listener as never);
}
