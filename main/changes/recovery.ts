import { historyOf, recoveryStateOf, type HistoryEntry, type RecoveryState } from '../domain/changes/index';
import type { EngineContext } from './context';
import { ChangeRefusedError, interruptedRefusal } from './errors';
import { trustDataFolder } from './preflight';

/** The journal as read by a process allowed to trust it. */
export async function readJournal(context: EngineContext) {
  await trustDataFolder(context, 'verify');
  try {
    return await context.journal.read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM')
      throw new ChangeRefusedError(
        'not-elevated',
        `the change journal ${context.journal.path} is readable by administrators only: relaunch SinkGuard elevated`,
      );
    throw error;
  }
}

export async function recoveryState(context: EngineContext): Promise<RecoveryState> {
  return recoveryStateOf(await readJournal(context));
}

export async function history(context: EngineContext): Promise<HistoryEntry[]> {
  return historyOf(await readJournal(context));
}

/** The interrupted transactions a restore of `backupId` closes; refuses while another must be restored first. */
export async function recoveryClosedBy(context: EngineContext, backupId: string): Promise<string[]> {
  const { pending, next, closes } = await recoveryState(context);
  if (next === null) return [];
  if (next.backupId === backupId) return closes;
  throw interruptedRefusal(next, pending);
}

export async function refuseWhileInterrupted(context: EngineContext): Promise<void> {
  const { pending, next } = await recoveryState(context);
  if (next) throw interruptedRefusal(next, pending);
}
