import {
  TransactionState,
  countOf,
  isEmptyRestore,
  touchedByRestore,
  uniqueKeys,
  type RestorePlan,
  type TransactionOutcome,
  type TransactionStep,
} from '../domain/changes/index';
import { builtInRuleText } from '../domain/firewall/rule-names';
import { LOCAL_RULES_KEY } from '../domain/firewall/store';
import type { KeySnapshot } from '../domain/registry-port/types';
import { backUp } from './backup-step';
import { endRecord, type EngineContext, type ProgressFn } from './context';
import { ChangeRefusedError, describeFailure } from './errors';
import { orFailStep, requireElevation, trustDataFolder } from './preflight';
import { recoveryClosedBy } from './recovery';
import { backupRecordOf, prepareRestore } from './restore-prepare';
import {
  readBackRestore,
  readBackRestoreRules,
  readBackRestoreValues,
  registryOperations,
  restoreRuleStep,
  restoreValuesStep,
  ruleOperations,
} from './restore-tx-steps';
import { newTransactionId } from './storage';
import { performStep, requireAtTarget, rollBackSteps, type TxStep } from './transaction';

/**
 * Restores a backup as its own transaction, from its restore plan (prepareRestore): only the values, created keys and
 * rules the original change touched are put back, values added since are left alone. The current state of what the
 * restore touches is backed up first; the restore is journaled (with what it touches and its backup's checksum, so it
 * can be restored in turn), verified by a fresh read, and rolled back if it fails. `fingerprint`: the plan the admin
 * confirmed; a machine that changed since is refused (stale-plan). While a change is interrupted, only its backup may
 * be restored (newest first), and doing so records the interrupted change as recovered.
 */
export async function restoreBackup(
  context: EngineContext,
  backupId: string,
  options: { readonly fingerprint?: string } = {},
): Promise<TransactionOutcome> {
  const state = new TransactionState();
  const transactionId = newTransactionId(context.now());
  const progress = context.progressFor(transactionId, null);
  state.next('read');
  await progress(
    'read',
    'started',
    `Checking administrator rights and planning the restore of backup ${backupId}.`,
  );
  const { recovers, prepared } = await orFailStep(progress, 'read', async () => {
    await requireElevation(context);
    await trustDataFolder(context, 'prepare');
    const recovers = await recoveryClosedBy(context, backupId);
    const prepared = await prepareRestore(context, backupId);
    if (options.fingerprint !== undefined && options.fingerprint !== prepared.plan.fingerprint)
      throw new ChangeRefusedError(
        'stale-plan',
        'the machine changed since the restore plan was shown: review the new plan and confirm again; nothing was changed',
      );
    return { recovers, prepared };
  });
  const { plan, snapshots } = prepared;
  await progress('read', 'ok', `${countOf(plan.operations.length, 'item')} to put back.`);
  if (isEmptyRestore(plan) && recovers.length === 0) {
    state.next('done');
    await progress(
      'done',
      'ok',
      `Nothing to restore: what the change touched already holds the backup's values.`,
    );
    return {
      status: 'nothing-to-do',
      transactionId: null,
      backupId: null,
      message: `Nothing to restore: what the change touched already holds backup ${backupId}'s values.`,
      details: [],
    };
  }

  const touched = restoreTouchedKeys(plan);
  state.next('backup');
  await progress(
    'backup',
    'started',
    `Saving the ${countOf(touched.length, 'registry key')} the restore touches, as they are now.`,
  );
  const summary = [
    { settingId: 'restore', title: `Restore backup ${backupId}`, lines: plan.technical.slice() },
    ...plan.diff,
  ];
  const ownBackup = await orFailStep(progress, 'backup', () =>
    backUp(context, transactionId, 'restore', `backup ${backupId}`, touched, snapshots, summary),
  );
  await progress('backup', 'ok', `Saved as backup ${ownBackup.id}.`);

  state.next('begin');
  await context.journal.append(
    context.beginRecord(
      transactionId,
      'restore',
      `backup ${backupId}`,
      { id: null, fingerprint: plan.fingerprint, diff: summary, changes: plan.changes },
      recovers[0] ?? null,
      { touched: touchedByRestore(plan), backup: backupRecordOf(ownBackup) },
    ),
  );
  const registered: TxStep[] = [];
  try {
    await runRestoreSteps(context, plan, snapshots, state, progress, registered);
    state.next('commit');
    const message = `Restored backup ${backupId}; the state before the restore is backup ${transactionId}.`;
    await context.journal.append(endRecord(transactionId, 'commit', 'restored', context.now(), message, []));
    for (const id of recovers) {
      await context.journal.append({
        ...endRecord(
          id,
          'rollback',
          'recovered',
          context.now(),
          `Interrupted; undone by restore ${transactionId}.`,
          [],
        ),
        by: transactionId,
      });
    }
    state.next('done');
    await progress('done', 'ok', message);
    return { status: 'restored', transactionId, backupId: transactionId, message, details: [] };
  } catch (error) {
    const reason = describeFailure(error);
    await progress(
      state.step === 'start' ? 'write' : (state.step as TransactionStep),
      'failed',
      reason.message,
    );
    state.next('rollback');
    // The same rollback as apply's: each step that ran undone the way it was done (rules by their cmdlets).
    return rollBackSteps(
      context,
      transactionId,
      ownBackup.id,
      registered,
      () => readBackRestore(context, plan),
      reason,
      progress,
    );
  }
}

/** The registry step, verified by a fresh read, then each rule through the firewall's cmdlets, each verified live. */
async function runRestoreSteps(
  context: EngineContext,
  plan: RestorePlan,
  snapshots: readonly KeySnapshot[],
  state: TransactionState,
  progress: ProgressFn,
  registered: TxStep[],
): Promise<void> {
  state.next('write');
  const operations = registryOperations(plan);
  const keys = operations.filter((operation) => operation.kind === 'delete-key').length;
  const values = operations.length - keys;
  await progress(
    'write',
    'started',
    `Setting back ${countOf(values, 'value')} and deleting ${countOf(keys, 'key')}.`,
  );
  const step = restoreValuesStep(context, plan, snapshots);
  if (step) await performStep(step, registered, false);
  await progress('write', 'ok', `Set back ${countOf(values, 'value')} and deleted ${countOf(keys, 'key')}.`);
  state.next('verify');
  await progress('verify', 'started', 'Reading every restored value back.');
  requireAtTarget(await readBackRestoreValues(context, plan));
  await progress('verify', 'ok', 'Every restored value reads back as the backup holds it.');

  const rules = ruleOperations(plan);
  if (rules.length === 0) return;
  state.next('firewall');
  await progress('firewall', 'started', `Setting back ${countOf(rules.length, 'firewall rule')}.`);
  for (const [index, rule] of rules.entries()) {
    await performStep(restoreRuleStep(context, rule), registered, true);
    await progress(
      'firewall',
      'ok',
      `Set back ${builtInRuleText(rule.ruleId)?.displayName ?? rule.ruleId} (${index + 1} of ${rules.length}).`,
    );
  }
  state.next('firewall-verify');
  await progress('firewall-verify', 'started', 'Reading the rules back from the live firewall.');
  requireAtTarget(await readBackRestoreRules(context, plan));
  await progress(
    'firewall-verify',
    'ok',
    'Every rule set back reads on the live firewall as the backup holds it.',
  );
}

/** The keys a restore plan writes in (and the rule store when it sets rules back): its own backup's scope. */
function restoreTouchedKeys(plan: RestorePlan): string[] {
  return uniqueKeys([
    ...plan.operations.flatMap((operation) =>
      operation.kind === 'firewall-rule' ? [LOCAL_RULES_KEY] : [operation.key],
    ),
  ]);
}
