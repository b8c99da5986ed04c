import type { SettingChange } from './change-view';
import { TRANSACTION_STEPS, type TransactionStep } from './transaction';

/**
 * The change vocabulary, defined once: the contract's schemas, the journal, the CLI and the renderer all spell
 * outcomes, progress and refusals with these lists (a new word is added here, and every user sees it).
 */

export { TRANSACTION_STEPS, type TransactionStep };

/** What an apply or a restore returns. applied / restored: done and verified; rolled-back: failed, and the state
 * before is back (verified); rollback-failed: incomplete, `details` names what remains. */
export const OUTCOME_STATUSES = [
  'applied',
  'restored',
  'rolled-back',
  'rollback-failed',
  'nothing-to-do',
] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

/** How a journaled transaction ended; `recovered`: interrupted, undone at start-up by a later restore. */
export const JOURNAL_OUTCOMES = [
  'applied',
  'restored',
  'rolled-back',
  'rollback-failed',
  'recovered',
] as const;
export type JournalOutcome = (typeof JOURNAL_OUTCOMES)[number];

export const CHANGE_OPERATIONS = ['apply', 'restore'] as const;
export type ChangeOperation = (typeof CHANGE_OPERATIONS)[number];

export const PROGRESS_STATUSES = ['started', 'ok', 'failed'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** Why a change was refused before anything was written. */
export const CHANGE_REFUSAL_CODES = [
  'not-elevated',
  'policy-managed',
  'stale-plan',
  'backend',
  'invalid-input',
  'not-found',
  /** A change began and never finished: its backup must be restored before anything else is changed. */
  'interrupted',
  /** The data folder (backups, journal) could be written by someone other than administrators. */
  'untrusted-data-folder',
  /** A step of the plan cannot run on this machine (no firewall cmdlets here, a rule owned by Group Policy...). */
  'cannot-run-here',
  /**
   * A backup the journal does not vouch for (no record, another SHA-256 or key list) or holding keys outside what
   * SinkGuard manages: never restored.
   */
  'untrusted-backup',
] as const;
export type ChangeRefusalCode = (typeof CHANGE_REFUSAL_CODES)[number];

export interface ProgressEvent {
  readonly transactionId: string | null;
  readonly planId: string | null;
  readonly step: TransactionStep;
  readonly status: ProgressStatus;
  readonly message: string;
  readonly at: string;
}

export interface TransactionOutcome {
  readonly status: OutcomeStatus;
  readonly transactionId: string | null;
  readonly backupId: string | null;
  readonly message: string;
  readonly details: readonly string[];
}

/** One setting's lines of a change's diff, as the journal keeps it. */
export interface DiffSummary {
  readonly settingId: string;
  readonly title: string;
  readonly lines: readonly string[];
}

/** One transaction of the journal, with how it ended. */
export interface HistoryEntry {
  readonly id: string;
  readonly operation: ChangeOperation;
  readonly at: string;
  readonly machine: string;
  readonly user: string;
  readonly backend: string;
  readonly target: string;
  readonly planId: string | null;
  readonly backupId: string;
  readonly diff: readonly DiffSummary[];
  /** What it changed in the admin's words; null for entries journaled before SinkGuard kept it. */
  readonly changes: readonly SettingChange[] | null;
  /** null: began and never finished (interrupted). */
  readonly outcome: JournalOutcome | null;
  readonly message: string | null;
  readonly details: readonly string[];
  readonly endedAt: string | null;
}
