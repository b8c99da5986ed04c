import { describeStateChanges, indexSnapshots, type TransactionOutcome } from '../domain/changes/index';
import type { FirewallCommand } from '../domain/firewall/runner';
import type { KeySnapshot } from '../domain/registry-port/types';
import type { BackupManifest } from './backups';
import { endRecord, type EngineContext, type ProgressFn } from './context';
import { describeFailure } from './errors';
import { importBackup } from './restore-steps';

/** Undoes the firewall commands that ran, imports the backup and checks the keys read as they did before. */
export async function rollBack(
  context: EngineContext,
  transactionId: string,
  backup: BackupManifest,
  firewallUndo: readonly FirewallCommand[],
  touched: readonly string[],
  before: readonly KeySnapshot[],
  reason: { message: string; details: readonly string[] },
  progress: ProgressFn,
): Promise<TransactionOutcome> {
  await progress('rollback', 'started', `restoring backup ${backup.id}`);
  const problems: string[] = [];
  for (const undo of [...firewallUndo].reverse()) {
    try {
      const result = await context.firewall.run(undo);
      if (result.exitCode !== 0)
        problems.push(`firewall undo exited with ${result.exitCode}: ${undo.display}`);
    } catch (error) {
      problems.push(`firewall undo failed (${describeFailure(error).message}): ${undo.display}`);
    }
  }
  try {
    const { reg } = await context.backups.load(backup.id);
    await importBackup(context, backup, reg);
    const checkKeys = [...touched, ...backup.missingKeys];
    const now = await context.port.readKeys(checkKeys);
    const wanted = indexSnapshots(before);
    const differences = describeStateChanges(
      checkKeys.map((key) => wanted(key) ?? { path: key, exists: false, values: new Map(), subkeys: [] }),
      now,
    );
    problems.push(...differences.map((line) => `not restored: ${line}`));
  } catch (error) {
    problems.push(`the backup could not be restored: ${describeFailure(error).message}`);
  }
  const details = [...reason.details, ...problems];
  if (problems.length === 0) {
    const message = `Rolled back: ${reason.message}. The registry is as it was before (backup ${backup.id}, verified).`;
    await context.journal.append(
      endRecord(transactionId, 'rollback', 'rolled-back', context.now(), message, details),
    );
    await progress('rollback', 'ok', message);
    await progress('done', 'failed', message);
    return { status: 'rolled-back', transactionId, backupId: backup.id, message, details };
  }
  const message =
    `The change failed (${reason.message}) and the rollback did not complete: restore backup ${backup.id} ` +
    '(sinkguard restore) once the registry backend works again.';
  // Left without an end record on purpose would re-offer recovery; record it so history says exactly what happened.
  await context.journal.append(
    endRecord(transactionId, 'rollback', 'rollback-failed', context.now(), message, details),
  );
  await progress('rollback', 'failed', message);
  await progress('done', 'failed', message);
  return { status: 'rollback-failed', transactionId, backupId: backup.id, message, details };
}
