import {
  TransactionState,
  indexSnapshots,
  isEmptyRestore,
  sameValue,
  touchedByRestore,
  uniqueKeys,
  valueIn,
  type RestorePlan,
  type TransactionOutcome,
  type TransactionStep,
} from '../domain/changes/index';
import type { FirewallCommand } from '../domain/firewall/runner';
import { LOCAL_RULES_KEY } from '../domain/firewall/store';
import { parseRegFile, writeRegFile, type RegFileBlock, type RegFileEntry } from '../domain/regfile/index';
import type { BackupManifest } from './backups';
import { backUp } from './backup-step';
import { endRecord, type EngineContext, type ProgressFn } from './context';
import { ChangeRefusedError, VerificationError, describeFailure } from './errors';
import { orFailStep, requireElevation, trustDataFolder } from './preflight';
import { recoveryClosedBy } from './recovery';
import { restoreFirewallRules } from './restore-firewall';
import { backupRecordOf, prepareRestore } from './restore-prepare';
import { rollBack } from './rollback';
import { newTransactionId } from './storage';

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
  await progress('read', 'started', `checking elevation and planning the restore of backup ${backupId}`);
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
  await progress('read', 'ok', `${plan.operations.length} operation(s) to restore`);
  if (isEmptyRestore(plan) && recovers.length === 0) {
    state.next('done');
    await progress('done', 'ok', 'nothing to restore');
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
  await progress('backup', 'started', `saving the current state of ${touched.length} key(s)`);
  const summary = [
    { settingId: 'restore', title: `Restore backup ${backupId}`, lines: plan.technical.slice() },
    ...plan.diff,
  ];
  const ownBackup = await orFailStep(progress, 'backup', () =>
    backUp(context, transactionId, 'restore', `backup ${backupId}`, touched, snapshots, summary),
  );
  await progress('backup', 'ok', `current state saved as backup ${ownBackup.id}`);

  state.next('begin');
  await context.journal.append(
    context.beginRecord(
      transactionId,
      'restore',
      `backup ${backupId}`,
      { id: null, fingerprint: plan.fingerprint, diff: summary },
      recovers[0] ?? null,
      { touched: touchedByRestore(plan), backup: backupRecordOf(ownBackup) },
    ),
  );
  const undos: FirewallCommand[] = [];
  try {
    state.next('write');
    await writeRestore(context, plan, progress);
    state.next('verify');
    await progress('verify', 'started', 'reading back every value restored');
    const problems = await checkRestored(context, plan);
    if (problems.length > 0) throw new VerificationError(problems);
    await progress('verify', 'ok', 'every restored value reads back as the backup holds it');
    const rules = plan.operations.filter((operation) => operation.kind === 'firewall-rule');
    if (rules.length > 0) state.next('firewall');
    await restoreFirewallRules(context, rules, progress, undos);
    if (rules.length > 0) state.next('firewall-verify');
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
    return rollBack(context, transactionId, ownBackup, undos, touched, snapshots, reason, progress);
  }
}

/** The keys a restore plan writes in (and the rule store when it sets rules back): its own backup's scope. */
function restoreTouchedKeys(plan: RestorePlan): string[] {
  return uniqueKeys([
    ...plan.operations.flatMap((operation) =>
      operation.kind === 'firewall-rule' ? [LOCAL_RULES_KEY] : [operation.key],
    ),
  ]);
}

/** ONE .reg import: per key the values set back (`"name"=value`) and deleted (`"name"=-`), then created keys deleted. */
async function writeRestore(context: EngineContext, plan: RestorePlan, progress: ProgressFn): Promise<void> {
  const values = plan.operations.filter(
    (operation) => operation.kind === 'set-value' || operation.kind === 'delete-value',
  );
  const keys = plan.operations.filter((operation) => operation.kind === 'delete-key');
  await progress(
    'write',
    'started',
    `setting back ${values.length} value(s), deleting ${keys.length} key(s)`,
  );
  const byKey = new Map<string, { path: string; entries: RegFileEntry[] }>();
  for (const operation of values) {
    const block = byKey.get(operation.key.toUpperCase()) ?? { path: operation.key, entries: [] };
    byKey.set(operation.key.toUpperCase(), block);
    block.entries.push(
      operation.kind === 'set-value'
        ? { kind: 'set', name: operation.name, value: operation.to }
        : { kind: 'delete', name: operation.name },
    );
  }
  const blocks: RegFileBlock[] = [
    ...[...byKey.values()].map((block) => ({ kind: 'key' as const, ...block })),
    ...keys.map((operation) => ({ kind: 'delete-key' as const, path: operation.key })),
  ];
  if (blocks.length > 0) await context.port.importRegFile(writeRegFile({ blocks }));
  await progress('write', 'ok', `${values.length} value(s) set back, ${keys.length} key(s) deleted`);
}

/** A fresh read: every value the plan sets back holds the backup's data, every deleted value and key is gone. */
async function checkRestored(context: EngineContext, plan: RestorePlan): Promise<string[]> {
  const registry = plan.operations.filter((operation) => operation.kind !== 'firewall-rule');
  if (registry.length === 0) return [];
  const now = indexSnapshots(
    await context.port.readKeys(uniqueKeys(registry.map((operation) => operation.key))),
  );
  return registry.flatMap((operation) => {
    switch (operation.kind) {
      case 'set-value':
        return sameValue(valueIn(now(operation.key), operation.name), operation.to)
          ? []
          : [`${operation.key}\\${operation.name} does not read back as the backup holds it`];
      case 'delete-value':
        return valueIn(now(operation.key), operation.name) === null
          ? []
          : [`${operation.key}\\${operation.name} is still there`];
      case 'delete-key':
        return now(operation.key)?.exists ? [`${operation.key} still exists`] : [];
    }
  });
}

/**
 * Imports the backup in ONE .reg import that makes the keys exact: the saved values set, values added since
 * deleted (`"name"=-`), and keys that did not exist deleted (`[-key]`).
 */
export async function importBackup(
  context: EngineContext,
  manifest: BackupManifest,
  reg: Uint8Array,
): Promise<void> {
  const blocks = parseRegFile(reg).blocks;
  const keyBlocks = blocks.filter(
    (block): block is Extract<RegFileBlock, { kind: 'key' }> => block.kind === 'key',
  );
  const now = indexSnapshots(
    await context.port.readKeys(
      uniqueKeys([...keyBlocks.map((block) => block.path), ...manifest.missingKeys]),
    ),
  );
  const restore: RegFileBlock[] = keyBlocks.map((block) => {
    const saved = new Set(block.entries.map((entry) => entry.name.toUpperCase()));
    const current = now(block.path);
    const extra = current?.exists
      ? [...current.values.keys()].filter((name) => !saved.has(name.toUpperCase()))
      : [];
    return {
      kind: 'key',
      path: block.path,
      entries: [...block.entries, ...extra.map((name) => ({ kind: 'delete' as const, name }))],
    };
  });
  for (const key of manifest.missingKeys)
    if (now(key)?.exists) restore.push({ kind: 'delete-key', path: key });
  await context.port.importRegFile(writeRegFile({ blocks: restore }));
}
