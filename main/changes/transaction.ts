import {
  countOf,
  registersUndo,
  undoOrder,
  verdictOf,
  type ReadBackItem,
  type TransactionOutcome,
} from '../domain/changes/index';
import { endRecord, type EngineContext, type ProgressFn } from './context';
import { VerificationError, describeFailure } from './errors';

/**
 * A step of a change (apply or restore): do, verify, and the undo the runner registers once do may have changed
 * something. `changed` answers, after a failed do, whether anything differs from before (null: it cannot tell).
 */
export interface TxStep {
  readonly label: string;
  do(): Promise<void>;
  /** What does not read back as the step sets it (empty: verified). */
  verify(): Promise<readonly string[]>;
  changed(): Promise<boolean | null>;
  undo(): Promise<void>;
  /** What does not read back as before (empty: undone, verified). */
  verifyUndone(): Promise<readonly string[]>;
}

/**
 * Runs a step's do, registering its undo once do may have changed something (a do that failed and changed nothing
 * registers none), then verifies it when asked to.
 */
export async function performStep(step: TxStep, registered: TxStep[], verifyNow: boolean): Promise<void> {
  try {
    await step.do();
  } catch (error) {
    if (registersUndo(false, await step.changed())) registered.push(step);
    throw error;
  }
  registered.push(step);
  if (!verifyNow) return;
  const problems = await step.verify();
  if (problems.length > 0) throw new VerificationError(problems);
}

/** The fresh read a success rests on: every item at its target, or the transaction fails (and is rolled back). */
export function requireAtTarget(items: readonly ReadBackItem[]): void {
  const verdict = verdictOf(false, items);
  if (verdict.status !== 'applied')
    throw new VerificationError(
      items
        .filter((item) => item.atTarget !== true)
        .map((item) =>
          item.atTarget === null
            ? `${item.label} could not be read back`
            : `${item.label} does not read back as written (reads ${item.now})`,
        ),
    );
}

/**
 * Runs the registered undos in reverse, each verified, then reports what a fresh read of every item the transaction
 * touches shows (`readBack`), and journals that outcome. Apply and restore roll back through this one function.
 */
export async function rollBackSteps(
  context: EngineContext,
  transactionId: string,
  backupId: string,
  registered: readonly TxStep[],
  readBack: () => Promise<readonly ReadBackItem[]>,
  reason: { message: string; details: readonly string[] },
  progress: ProgressFn,
): Promise<TransactionOutcome> {
  await progress('rollback', 'started', `Undoing the ${countOf(registered.length, 'step')} that ran.`);
  const problems: string[] = [];
  for (const step of undoOrder(registered)) {
    try {
      await step.undo();
    } catch (error) {
      problems.push(`undo of ${step.label} failed: ${describeFailure(error).message}`);
    }
    try {
      problems.push(...(await step.verifyUndone()));
    } catch (error) {
      problems.push(`undo of ${step.label} could not be verified: ${describeFailure(error).message}`);
    }
  }
  const verdict = verdictOf(true, await readBack());
  const details = [
    ...reason.details,
    ...problems.map((line) => `undo: ${line}`),
    ...verdict.remains.map((line) => `remains: ${line}`),
  ];
  if (verdict.status !== 'rollback-failed') {
    const message = `Rolled back: ${reason.message}. Everything the change touched reads as before (backup ${backupId}, verified).`;
    await context.journal.append(
      endRecord(transactionId, 'rollback', 'rolled-back', context.now(), message, details),
    );
    await progress('rollback', 'ok', message);
    await progress('done', 'failed', message);
    return { status: 'rolled-back', transactionId, backupId, message, details };
  }
  const message =
    `The change failed (${reason.message}) and the rollback did not complete: ${verdict.remains.length} item(s) ` +
    `remain changed (${verdict.remains.join('; ')}). Restore backup ${backupId} (sinkguard restore) once the cause is fixed.`;
  // Left without an end record on purpose would re-offer recovery; record it so history says exactly what happened.
  await context.journal.append(
    endRecord(transactionId, 'rollback', 'rollback-failed', context.now(), message, details),
  );
  await progress('rollback', 'failed', message);
  await progress('done', 'failed', message);
  return { status: 'rollback-failed', transactionId, backupId, message, details };
}

/** A read is idempotent: a failed one is tried again (READ_ATTEMPTS in all) before an item is called unreadable. */
const READ_ATTEMPTS = 4;

export async function retried<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= READ_ATTEMPTS) throw error;
    }
  }
}
