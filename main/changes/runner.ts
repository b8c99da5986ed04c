import {
  TransactionState,
  canonicalState,
  describeStateChanges,
  isEmptyPlan,
  touchedByPlan,
  type TransactionOutcome,
  type TransactionStep,
} from '../domain/changes/index';
import type { FirewallCommand } from '../domain/firewall/runner';
import { applyFirewallSteps, applyValueBatch, targetName, touchedKeys } from './apply-steps';
import { backUp } from './backup-step';
import { endRecord, type EngineContext } from './context';
import { ChangeRefusedError, describeFailure } from './errors';
import type { PlanStore } from './planning';
import { orFailStep, readOrRefuse, requireElevation, trustDataFolder } from './preflight';
import { refuseWhileInterrupted } from './recovery';
import { backupRecordOf } from './restore-prepare';
import { rollBack } from './rollback';
import { newTransactionId, sha256Hex } from './storage';

/**
 * Applies a kept plan. Refuses (ChangeRefusedError, nothing written) when not elevated, the backend cannot read,
 * or the machine changed since the plan was made. Otherwise returns the outcome: applied, or rolled back (and why).
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

  const ranFirewall: FirewallCommand[] = [];
  try {
    await applyValueBatch(context, plan, state, txProgress);
    await applyFirewallSteps(context, plan, state, txProgress, ranFirewall);

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
    return rollBack(context, transactionId, backup, ranFirewall, touched, snapshots, reason, txProgress);
  }
}
