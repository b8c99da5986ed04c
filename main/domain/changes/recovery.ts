import { interruptedTransactions, type JournalRecord } from './journal';
import type { HistoryEntry } from './vocabulary';

export interface RecoveryState {
  /** Began and never ended, oldest first. */
  readonly pending: HistoryEntry[];
  /** The one whose backup is restored next (the newest root), or null when none is pending. */
  readonly next: HistoryEntry | null;
  /** The pending transactions that restoring `next`'s backup closes. */
  readonly closes: string[];
}

/**
 * What is pending. An interrupted restore that was itself recovering another interrupted transaction is closed
 * along with that one: the older backup is the state to go back to.
 */
export function recoveryStateOf(records: readonly JournalRecord[]): RecoveryState {
  const pending = interruptedTransactions(records);
  if (pending.length === 0) return { pending, next: null, closes: [] };
  const recovering = new Map<string, string>();
  for (const record of records)
    if (record.type === 'begin' && record.recovers) recovering.set(record.id, record.recovers);
  const pendingIds = new Set(pending.map((entry) => entry.id));
  const rootOf = (id: string): string => {
    const seen = new Set<string>();
    let current = id;
    while (recovering.has(current) && pendingIds.has(recovering.get(current)!) && !seen.has(current)) {
      seen.add(current);
      current = recovering.get(current)!;
    }
    return current;
  };
  const roots = pending.filter((entry) => rootOf(entry.id) === entry.id);
  const next = roots.at(-1) ?? null;
  const closes = next ? pending.filter((entry) => rootOf(entry.id) === next.id).map((entry) => entry.id) : [];
  return { pending, next, closes };
}
