/**
 * The runner's pure decisions: which undos run, and what the outcome is. The outcome is never taken from what the
 * steps said about themselves: it is decided from a fresh read of every item the change touches.
 */

/** One thing a change touches (a registry value, a key it created, a firewall rule), as a fresh read shows it. */
export interface ReadBackItem {
  /** How the admin knows it: `HKLM\...\Name`, `firewall rule WMI-RPCSS-In-TCP`. */
  readonly label: string;
  /** Whether it reads as before the change; null: it could not be read. */
  readonly atBefore: boolean | null;
  /** Whether it reads as the change sets it; null: it could not be read. */
  readonly atTarget: boolean | null;
  /** What it holds now, in words (for the lines naming what remains). */
  readonly now: string;
  /** What it held before, in words. */
  readonly before: string;
}

export type RunVerdict =
  | { readonly status: 'applied'; readonly remains: readonly [] }
  | { readonly status: 'rolled-back'; readonly remains: readonly [] }
  /** Incomplete: `remains` names exactly each item that does not read as before. */
  | { readonly status: 'rollback-failed'; readonly remains: readonly string[] };

/**
 * The outcome a fresh read supports. Not failed and every item at its target: applied. Failed (or not every item at
 * its target): rolled back when every item reads as before, else incomplete, naming what remains.
 */
export function verdictOf(failed: boolean, items: readonly ReadBackItem[]): RunVerdict {
  if (!failed && items.every((item) => item.atTarget === true)) return { status: 'applied', remains: [] };
  const remains = items
    .filter((item) => item.atBefore !== true)
    .map((item) =>
      item.atBefore === null
        ? `${item.label}: could not be read back (was ${item.before})`
        : `${item.label}: ${item.now} (was ${item.before})`,
    );
  return remains.length === 0
    ? { status: 'rolled-back', remains: [] }
    : { status: 'rollback-failed', remains };
}

/** A step's undo is registered once its do may have changed something: it succeeded, or it failed and a read-back
 * shows a change (or cannot tell: then undoing is the safe side). */
export function registersUndo(doSucceeded: boolean, changed: boolean | null): boolean {
  return doSucceeded || changed !== false;
}

/** The registered undos, in the order rollback runs them: the last registered first. */
export function undoOrder<T>(registered: readonly T[]): T[] {
  return [...registered].reverse();
}
