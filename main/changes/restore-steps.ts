import {
  TransactionState,
  ancestorsOf,
  canonicalState,
  indexSnapshots,
  sameValue,
  uniqueKeys,
  valueIn,
  type TransactionOutcome,
} from '../domain/changes/index';
import { parseRegFile, writeRegFile, type RegFileBlock } from '../domain/regfile/index';
import type { BackupManifest } from './backups';
import { backUp, loadBackupOrRefuse } from './backup-step';
import { endRecord, type EngineContext } from './context';
import { VerificationError, describeFailure } from './errors';
import { orFailStep, readOrRefuse, requireElevation, trustDataFolder } from './preflight';
import { recoveryClosedBy } from './recovery';
import { rollBack } from './rollback';
import { newTransactionId, sha256Hex } from './storage';

/**
 * Restores a backup as its own transaction: the current state of the same keys is backed up first, the restore
 * is journaled, verified, and rolled back if it fails. While a change is interrupted, only its backup may be
 * restored (newest first), and doing so records the interrupted change as recovered.
 */
export async function restoreBackup(context: EngineContext, backupId: string): Promise<TransactionOutcome> {
  const state = new TransactionState();
  const transactionId = newTransactionId(context.now());
  const progress = context.progressFor(transactionId, null);
  state.next('read');
  await progress('read', 'started', `checking elevation and reading the keys of backup ${backupId}`);
  const { recovers, loaded, backupFile, keys, snapshots } = await orFailStep(progress, 'read', async () => {
    await requireElevation(context);
    await trustDataFolder(context, 'prepare');
    const recovers = await recoveryClosedBy(context, backupId);
    const loaded = await loadBackupOrRefuse(context, backupId);
    const backupFile = parseRegFile(loaded.reg);
    const keys = uniqueKeys([
      ...loaded.manifest.exportedKeys,
      ...loaded.manifest.missingKeys,
      ...backupFile.blocks.map((block) => block.path),
    ]);
    const readList = uniqueKeys([...keys, ...keys.flatMap((key) => ancestorsOf(key))]);
    return { recovers, loaded, backupFile, keys, snapshots: await readOrRefuse(context, readList) };
  });
  await progress('read', 'ok', `${keys.length} key(s) read`);

  state.next('backup');
  await progress('backup', 'started', 'saving the current state of the same keys');
  const summary = [
    {
      settingId: 'restore',
      title: `Restore backup ${backupId}`,
      lines: loaded.manifest.summary.flatMap((item) => item.lines),
    },
  ];
  const ownBackup = await orFailStep(progress, 'backup', () =>
    backUp(
      context,
      transactionId,
      'restore',
      `backup ${backupId}`,
      uniqueKeys([...loaded.manifest.exportedKeys, ...loaded.manifest.missingKeys]),
      snapshots,
      summary,
    ),
  );
  await progress('backup', 'ok', `current state saved as backup ${ownBackup.id}`);

  state.next('begin');
  await context.journal.append({
    v: 1,
    type: 'begin',
    id: transactionId,
    operation: 'restore',
    at: context.now().toISOString(),
    machine: context.options.identity.machine,
    user: context.options.identity.user,
    backend: context.port.description,
    target: `backup ${backupId}`,
    planId: null,
    fingerprint: sha256Hex(canonicalState(snapshots)),
    diff: summary,
    recovers: recovers[0] ?? null,
  });
  try {
    state.next('write');
    await progress('write', 'started', `importing backup ${backupId}`);
    await importBackup(context, loaded.manifest, loaded.reg);
    await progress('write', 'ok', 'imported');
    state.next('verify');
    await progress('verify', 'started', 'reading back every backed-up key');
    const problems = await checkRestored(context, loaded.manifest, backupFile.blocks);
    if (problems.length > 0) throw new VerificationError(problems);
    await progress('verify', 'ok', 'every backed-up value reads back as saved');
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
    await progress(state.step === 'verify' ? 'verify' : 'write', 'failed', reason.message);
    state.next('rollback');
    return rollBack(context, transactionId, ownBackup, [], keys, snapshots, reason, progress);
  }
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

async function checkRestored(
  context: EngineContext,
  manifest: BackupManifest,
  blocks: readonly RegFileBlock[],
): Promise<string[]> {
  const keyBlocks = blocks.filter(
    (block): block is Extract<RegFileBlock, { kind: 'key' }> => block.kind === 'key',
  );
  const now = indexSnapshots(
    await context.port.readKeys(
      uniqueKeys([...keyBlocks.map((block) => block.path), ...manifest.missingKeys]),
    ),
  );
  const problems: string[] = [];
  for (const block of keyBlocks) {
    const current = now(block.path);
    if (!current?.exists) {
      problems.push(`${block.path} is missing`);
      continue;
    }
    const saved = new Map(
      block.entries.flatMap((entry) =>
        entry.kind === 'set' ? [[entry.name.toUpperCase(), entry.value] as const] : [],
      ),
    );
    for (const [name, value] of saved)
      if (!sameValue(valueIn(current, name), value))
        problems.push(`${block.path}\\${name} differs from the backup`);
    for (const name of current.values.keys())
      if (!saved.has(name.toUpperCase())) problems.push(`${block.path}\\${name} is not in the backup`);
  }
  for (const key of manifest.missingKeys) if (now(key)?.exists) problems.push(`${key} should not exist`);
  return problems;
}
