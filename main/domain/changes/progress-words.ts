import type { TransactionStep } from './transaction';
import type { ProgressEvent } from './vocabulary';

/**
 * How an apply's or a restore's progress reads, defined once: the app's progress log and the CLI's `--log` both
 * print `progressLine`. The engine's messages are whole sentences that say whether a step is starting or done, so a
 * line is the step's name and that sentence; only a failure adds a word. Technical identifiers (the state
 * fingerprint, a backup's SHA-256) stay in the journal.
 */
export const PROGRESS_STEP_LABELS: Readonly<Record<TransactionStep, string>> = {
  read: 'Machine check',
  backup: 'Backup',
  begin: 'Journal',
  write: 'Registry',
  verify: 'Registry check',
  firewall: 'Firewall',
  'firewall-verify': 'Firewall check',
  commit: 'Journal',
  rollback: 'Rollback',
  done: 'Result',
};

/** One progress event as the admin reads it, e.g. "Machine check: The machine has not changed since the review." */
export function progressLine(event: Pick<ProgressEvent, 'step' | 'status' | 'message'>): string {
  const label = PROGRESS_STEP_LABELS[event.step];
  // The result's own sentence says how it ended ("Rolled back: …"): "Result failed" would say it twice.
  const failed = event.status === 'failed' && event.step !== 'done' ? ' failed' : '';
  return `${label}${failed}: ${event.message}`;
}

/** "1 value", "3 values": counts in progress sentences without "value(s)". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
