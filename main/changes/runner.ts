import {
  TransactionState,
  canonicalState,
  describeStateChanges,
  isEmptyPlan,
  touchedByPlan,
  registersUndo,
  undoOrder,
  verdictOf,
  type Plan,
  type ReadBackItem,
  type TransactionOutcome,
  type TransactionStep,
} from '../domain/changes/index';
import {
  firewallStep,
  readBack,
  readBackRules,
  readBackValues,
  targetName,
  touchedKeys,
  valueBatchStep,
  type TxStep,
} from './apply-steps';
import { backUp } from './backup-step';
import { endRecord, type EngineContext, type ProgressFn } from './context';
import { ChangeRefusedError, VerificationError, describeFailure } from './errors';
import type { PlanStore } from './planning';
import { checkStepsCanRun } from './can-run';
import { orFailStep, readOrRefuse, requireElevation, trustDataFolder } from './preflight';
import { refuseWhileInterrupted } from './recovery';
import { backupRecordOf } from './restore-prepare';
import { newTransactionId, sha256Hex } from './storage';

/**
 * Applies a kept plan. Refuses (ChangeRefusedError, nothing written) when not elevated, a step cannot run here, the
 * backend cannot read, or the machine changed since the plan was made. Otherwise runs the steps, each verified,
 * registering each undo once its do may have changed something; on a failure runs the registered undos in reverse,
 * each verified. The outcome is what a fresh read of every touched item shows.
 */
export async function applyPlan(
  context: EngineContext,
  plans: PlanStore,
  planId: string,
): Promise<TransactionOutcome> {
  const stored = plans.get(planId);
  if (!stored)
    throw new ChangeRefusedError(
      'not-found',
      `no plan ${planId}: plans live in this process only; plan again`,
    );
  const state = new TransactionState();
  const progress = context.progressFor(null, planId);

  state.next('read');
  await progress('read', 'started', 'checking elevation and pending changes, re-reading the machine');
  const snapshots = await orFailStep(progress, 'read', async () => {
    await requireElevation(context);
    await trustDataFolder(context, 'prepare');
    await refuseWhileInterrupted(context);
    return readOrRefuse(context, stored.plan.keysRead);
  });
  const fingerprint = sha256Hex(canonicalState(snapshots));
  if (fingerprint !== stored.plan.fingerprint) {
    const changed = describeStateChanges(stored.snapshots, snapshots);
    await progress('read', 'failed', 'stale plan');
    plans.delete(planId);
    throw new ChangeRefusedError(
      'stale-plan',
      `stale plan: the machine changed since the plan was made (${changed.length} difference${changed.length === 1 ? '' : 's'}); plan again`,
      changed,
    );
  }
  // Re-validated from the request against the state now: what runs is what main plans, never a body sent in.
  const plan = plans.planFrom(stored.request, snapshots, planId);
  if (!isEmptyPlan(plan)) await orFailStep(progress, 'read', () => checkStepsCanRun(context, plan));
  await progress('read', 'ok', `state unchanged (fingerprint ${fingerprint.slice(0, 12)})`);
  if (isEmptyPlan(plan)) {
    state.next('done');
    await progress('done', 'ok', 'nothing to change');
    return {
      status: 'nothing-to-do',
      transactionId: null,
      backupId: null,
      message: 'The machine already meets the target.',
      details: [],
    };
  }
  plans.delete(planId);

  const touched = touchedKeys(plan);
  const transactionId = newTransactionId(context.now());
  const txProgress = context.progressFor(transactionId, planId);
  state.next('backup');
  await txProgress('backup', 'started', `exporting ${touched.length} key(s)`);
  const backup = await orFailStep(txProgress, 'backup', () =>
    backUp(context, transactionId, 'apply', targetName(plan), touched, snapshots, plan.diff),
  );
  await txProgress(
    'backup',
    'ok',
    `backup ${backup.id} (${backup.regBytes} bytes, sha256 ${backup.regSha256.slice(0, 12)})`,
  );

  state.next('begin');
  await context.journal.append(
    context.beginRecord(transactionId, 'apply', targetName(plan), plan, null, {
      touched: touchedByPlan(plan),
      backup: backupRecordOf(backup),
    }),
  );

  const registered: TxStep[] = [];
  try {
    await runSteps(context, plan, state, txProgress, registered);

    state.next('commit');
    const message = `Applied ${plan.valueChanges.length} value change(s) and ${plan.firewallChanges.length} firewall change(s); backup ${backup.id}.`;
    await context.journal.append(endRecord(transactionId, 'commit', 'applied', context.now(), message, []));
    state.next('done');
    await txProgress('done', 'ok', message);
    return { status: 'applied', transactionId, backupId: backup.id, message, details: [] };
  } catch (error) {
    const reason = describeFailure(error);
    await txProgress(
      state.step === 'start' ? 'write' : (state.step as TransactionStep),
      'failed',
      reason.message,
    );
    state.next('rollback');
    return rollBackSteps(context, transactionId, backup.id, plan, registered, reason, txProgress);
  }
}

/** Does and verifies each step in turn; a step's undo is registered once its do may have changed something. */
async function runSteps(
  context: EngineContext,
  plan: Plan,
  state: TransactionState,
  progress: ProgressFn,
  registered: TxStep[],
): Promise<void> {
  const perform = async (step: TxStep, verifyNow: boolean) => {
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
  };

  state.next('write');
  const writes = plan.valueChanges.filter((change) => change.action === 'write').length;
  const deletes = plan.valueChanges.length - writes;
  await progress('write', 'started', `writing ${writes} and deleting ${deletes} value(s) in one batch`);
  const values = plan.valueChanges.length > 0 ? valueBatchStep(context, plan) : null;
  if (values) await perform(values, false);
  await progress('write', 'ok', `${writes} written, ${deletes} deleted`);
  state.next('verify');
  await progress('verify', 'started', 'reading back every value');
  await requireAtTarget(await readBackValues(context, plan));
  await progress('verify', 'ok', `${plan.valueChanges.length} value(s) verified`);

  const steps = plan.firewallChanges.flatMap((change) => change.steps);
  if (steps.length === 0) return;
  state.next('firewall');
  await progress('firewall', 'started', `running ${steps.length} firewall command(s)`);
  for (const [index, step] of steps.entries()) {
    await perform(firewallStep(context, step), true);
    // One event per command: the UI sees each rule change as it happens.
    await progress('firewall', 'ok', `${index + 1}/${steps.length}: ${step.ruleId} changed`);
  }
  state.next('firewall-verify');
  await progress('firewall-verify', 'started', 'reading the live rules back');
  await requireAtTarget(await readBackRules(context, plan));
  await progress('firewall-verify', 'ok', 'every live rule reads as planned');
}

/** The fresh read an "applied" rests on: every item at its target, or the change fails (and is rolled back). */
async function requireAtTarget(items: readonly ReadBackItem[]): Promise<void> {
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

/** Runs the registered undos in reverse, each verified, then reports what a fresh read of every item shows. */
async function rollBackSteps(
  context: EngineContext,
  transactionId: string,
  backupId: string,
  plan: Plan,
  registered: readonly TxStep[],
  reason: { message: string; details: readonly string[] },
  progress: ProgressFn,
): Promise<TransactionOutcome> {
  await progress('rollback', 'started', `undoing ${registered.length} step(s) that ran`);
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
  const verdict = verdictOf(true, await readBack(context, plan));
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
