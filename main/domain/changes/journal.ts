import { z } from 'zod';
import { SettingChange } from './change-view';
import { CHANGE_OPERATIONS, JOURNAL_OUTCOMES, type HistoryEntry } from './vocabulary';

/**
 * The change journal: one JSON object per line, append-only. Every apply and restore writes `begin` (durably)
 * before touching the registry and `commit` or `rollback` after; a `begin` with neither is an interrupted change.
 * The transaction id is also the id of the backup taken before it, so `restore <id>` undoes that transaction.
 */
/** A registry value as the journal keeps it: its type code and exact bytes (hex), so it compares byte for byte. */
export const StoredValue = z.object({
  typeCode: z.number().int().nonnegative(),
  hex: z.string().regex(/^(?:[0-9a-f]{2})*$/),
});
export type StoredValue = z.infer<typeof StoredValue>;

/**
 * Exactly what a transaction changed, written in its `begin` record before the first write: a restore of its
 * backup puts back these values, deletes these created keys and sets back these rules, and nothing else.
 */
export const TouchedRecord = z.object({
  /** `written`: what the transaction wrote (null: it deleted the value). */
  values: z.array(
    z.object({ settingId: z.string(), key: z.string(), name: z.string(), written: StoredValue.nullable() }),
  ),
  /** Keys the transaction created (the topmost missing ancestor of each key it wrote to). */
  createdKeys: z.array(z.string()),
  /** `after`: the rule string the change left (null: it removed the rule). */
  firewallRules: z.array(
    z.object({ settingId: z.string(), ruleId: z.string(), after: z.string().nullable() }),
  ),
});
export type TouchedRecord = z.infer<typeof TouchedRecord>;

/**
 * The backup taken before a transaction, as the journal vouches for it: a restore trusts a backup file only when its
 * SHA-256 and key lists match these, never the manifest's checksum beside the file (which whoever rewrote the file
 * could rewrite too).
 */
export const BackupRecord = z.object({
  exportedKeys: z.array(z.string()),
  missingKeys: z.array(z.string()),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupRecord = z.infer<typeof BackupRecord>;

export const JournalBegin = z.object({
  v: z.literal(1),
  type: z.literal('begin'),
  id: z.string(),
  operation: z.enum(CHANGE_OPERATIONS),
  at: z.string(),
  machine: z.string(),
  user: z.string(),
  backend: z.string(),
  /** Apply: the profile name, or `edits`; restore: the backup restored. */
  target: z.string(),
  planId: z.string().nullable(),
  fingerprint: z.string().nullable(),
  /** The plan's diff, display lines per setting. */
  diff: z.array(z.object({ settingId: z.string(), title: z.string(), lines: z.array(z.string()) })),
  /**
   * What the transaction changes in the admin's words (a restore: its own change, back to the backup). Absent in
   * records written before SinkGuard kept it: History shows their `diff` lines instead.
   */
  changes: z.array(SettingChange).optional(),
  /** For a restore that recovers an interrupted transaction: its id. */
  recovers: z.string().nullable(),
  /** Absent in records written before SinkGuard kept them: such a backup cannot be restored (nothing vouches for it). */
  touched: TouchedRecord.optional(),
  backup: BackupRecord.optional(),
});
export type JournalBegin = z.infer<typeof JournalBegin>;

export const JournalEnd = z.object({
  v: z.literal(1),
  type: z.enum(['commit', 'rollback']),
  id: z.string(),
  at: z.string(),
  /**
   * commit: applied | restored. rollback: rolled-back (the state before is back), rollback-failed (it may not be:
   * `details` says what is left), recovered (an interrupted transaction undone at start-up by the restore `by`).
   */
  outcome: z.enum(JOURNAL_OUTCOMES),
  message: z.string(),
  details: z.array(z.string()),
  by: z.string().nullable(),
});
export type JournalEnd = z.infer<typeof JournalEnd>;

export const JournalRecord = z.discriminatedUnion('type', [JournalBegin, JournalEnd]);
export type JournalRecord = z.infer<typeof JournalRecord>;

export class JournalFormatError extends Error {
  override readonly name = 'JournalFormatError';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`journal line ${line}: ${reason}`);
  }
}

/**
 * Parses the journal text. A last line without its newline is a record torn by a crash mid-write: it is dropped
 * (its `begin` was never durable, so nothing was written after it). Any other bad line is an error naming it.
 */
export function parseJournal(text: string): { records: JournalRecord[]; tornTail: boolean } {
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  const records: JournalRecord[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      throw new JournalFormatError(index + 1, 'not JSON');
    }
    const parsed = JournalRecord.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new JournalFormatError(
        index + 1,
        `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    records.push(parsed.data);
  });
  return { records, tornTail: tail.trim() !== '' };
}

export type { HistoryEntry };

/** Every transaction, oldest first, with how it ended. */
export function historyOf(records: readonly JournalRecord[]): HistoryEntry[] {
  const entries = new Map<string, HistoryEntry>();
  for (const record of records) {
    if (record.type === 'begin') {
      entries.set(record.id, {
        id: record.id,
        operation: record.operation,
        at: record.at,
        machine: record.machine,
        user: record.user,
        backend: record.backend,
        target: record.target,
        planId: record.planId,
        backupId: record.id,
        diff: record.diff,
        changes: record.changes ?? null,
        outcome: null,
        message: null,
        details: [],
        endedAt: null,
      });
      continue;
    }
    const entry = entries.get(record.id);
    if (!entry) continue;
    entries.set(record.id, {
      ...entry,
      outcome: record.outcome,
      message: record.message,
      details: record.details,
      endedAt: record.at,
    });
  }
  return [...entries.values()];
}

/** Transactions that began and never ended: the process died between touching the registry and recording it. */
export function interruptedTransactions(records: readonly JournalRecord[]): HistoryEntry[] {
  return historyOf(records).filter((entry) => entry.outcome === null);
}
