import {
  TransactionState,
  canonicalState,
  countOf,
  describeStateChanges,
  isEmptyPlan,
  touchedByPlan,
  type Plan,
  type TransactionOutcome,
  type TransactionStep,
  planChanges,
} from '../domain/changes/index';
import {
  firewallStep,
  readBack,
  readBackRules,
  readBackValues,
  targetName,
  touchedKeys,
  valueBatchStep,
} from './apply-steps';
import { performStep, requireAtTarget, rollBackSteps, type TxStep } from './transaction';
import { backUp } from './backup-step';
import { endRecord, type EngineContext, type ProgressFn } from './context';
import { ChangeRefusedError, describeFailure } from './errors';
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
  await progress(
    'read',
    'started',
    'Checking administrator rights and unfinished changes, and reading the machine again.',
  );
  const snapshots = await orFailStep(progress, 'read', async () => {
    await requireElevation(context);
    await trustDataFolder(context, 'prepare');
    await refuseWhileInterrupted(context);
    return readOrRefuse(context, stored.plan.keysRead);
  });
  const fingerprint = sha256Hex(canonicalState(snapshots));
  if (fingerprint !== stored.plan.fingerprint) {
    const changed = describeStateChanges(stored.snapshots, snapshots);
    await progress('read', 'failed', 'The machine changed since the review, so nothing was changed.');
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
  // The fingerprint itself is journaled with the plan (beginRecord); the admin reads what it means.
  await progress('read', 'ok', 'The machine has not changed since the review.');
  if (isEmptyPlan(plan)) {
    state.next('done');
    await progress('done', 'ok', 'Nothing to change: the machine already meets the target.');
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
  await txProgress(
    'backup',
    'started',
    `Saving the ${countOf(touched.length, 'registry key')} this change touches.`,
  );
  const backup = await orFailStep(txProgress, 'backup', () =>
    backUp(context, transactionId, 'apply', targetName(plan), touched, snapshots, plan.diff),
  );
  // Its size and SHA-256 are journaled with the backup (backupRecordOf).
  await txProgress('backup', 'ok', `Saved as backup ${backup.id}.`);

  state.next('begin');
  await context.journal.append(
    context.beginRecord(
      transactionId,
      'apply',
      targetName(plan),
      { ...plan, changes: planChanges(plan) },
      null,
      {
        touched: touchedByPlan(plan),
        backup: backupRecordOf(backup),
      },
    ),
  );

  const registered: TxStep[] = [];
  try {
    await runSteps(context, plan, state, txProgress, registered);

    state.next('commit');
    const message = `Applied ${countOf(plan.valueChanges.length, 'registry value change')} and ${countOf(plan.firewallChanges.length, 'firewall change')}; backup ${backup.id}.`;
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
    return rollBackSteps(
      context,
      transactionId,
      backup.id,
      registered,
      () => readBack(context, plan),
      reason,
      txProgress,
    );
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
  state.next('write');
  const writes = plan.valueChanges.filter((change) => change.action === 'write').length;
  const deletes = plan.valueChanges.length - writes;
  await progress(
    'write',
    'started',
    `Writing ${countOf(writes, 'value')} and deleting ${countOf(deletes, 'value')}.`,
  );
  const values = plan.valueChanges.length > 0 ? valueBatchStep(context, plan) : null;
  if (values) await performStep(values, registered, false);
  await progress(
    'write',
    'ok',
    `Wrote ${countOf(writes, 'value')} and deleted ${countOf(deletes, 'value')}.`,
  );
  state.next('verify');
  await progress('verify', 'started', 'Reading every changed value back.');
  requireAtTarget(await readBackValues(context, plan));
  await progress(
    'verify',
    'ok',
    `${countOf(plan.valueChanges.length, 'changed value')} read back as planned.`,
  );

  const steps = plan.firewallChanges.flatMap((change) => change.steps);
  if (steps.length === 0) return;
  state.next('firewall');
  await progress('firewall', 'started', `Changing ${countOf(steps.length, 'firewall rule')}.`);
  for (const [index, step] of steps.entries()) {
    await performStep(firewallStep(context, step), registered, true);
    // One event per command: the UI sees each rule change as it happens.
    await progress(
      'firewall',
      'ok',
      `Changed ${step.displayName ?? step.ruleId} (${index + 1} of ${steps.length}).`,
    );
  }
  state.next('firewall-verify');
  await progress('firewall-verify', 'started', 'Reading the rules back from the live firewall.');
  requireAtTarget(await readBackRules(context, plan));
  await progress('firewall-verify', 'ok', 'Every changed rule reads on the live firewall as planned.');
}
