import type { HistoryEntry, Plan, RestorePlan, TransactionOutcome } from '../domain/changes/index';
import type { RegistryPort } from '../domain/registry-port/types';
import { EngineContext, type ChangeEngineOptions } from './context';
import { PlanStore, type PlanRequest } from './planning';
import { history, recoveryClosedBy, recoveryState } from './recovery';
import { trustDataFolder } from './preflight';
import { prepareRestore } from './restore-prepare';
import { restoreBackup } from './restore-steps';
import { applyPlan } from './runner';

export { ChangeRefusedError } from './errors';
export type { ChangeEngineOptions } from './context';
export type { PlanRequest } from './planning';
export type {
  ChangeRefusalCode,
  ProgressEvent,
  ProgressStatus,
  TransactionOutcome,
} from '../domain/changes/index';

/**
 * The write path: plans kept in main (a caller refers to them by id), applied as transactions with a .reg backup,
 * one batch of writes, read-back verification and rollback, all journaled. See docs in main/domain/changes.
 * A facade: planning (planning.ts), the apply transaction (runner.ts, apply-steps.ts, rollback.ts), restores
 * (restore-steps.ts), checks before a write (preflight.ts) and recovery (recovery.ts) each live in their module.
 */
export class ChangeEngine {
  private readonly context: EngineContext;
  private readonly plans: PlanStore;

  constructor(options: ChangeEngineOptions) {
    this.context = new EngineContext(options);
    this.plans = new PlanStore(this.context);
  }

  get dataDirectory(): string {
    return this.context.options.dataDirectory;
  }

  get port(): RegistryPort {
    return this.context.port;
  }

  /** Reads the machine in ONE batch and plans; the plan is kept for `apply` by its id. */
  createPlan(request: PlanRequest, id?: string): Promise<Plan> {
    return this.plans.create(request, id);
  }

  getPlan(id: string): Plan | undefined {
    return this.plans.get(id)?.plan;
  }

  /** Applies a kept plan (see runner.ts): refused before any write, or applied / rolled back, and why. */
  applyPlan(planId: string): Promise<TransactionOutcome> {
    return applyPlan(this.context, this.plans, planId);
  }

  /**
   * The restore of a backup as a plan, for the admin to read before confirming (reads only; refuses a backup the
   * journal does not vouch for with `untrusted-backup`).
   */
  async planRestore(backupId: string): Promise<RestorePlan> {
    await trustDataFolder(this.context, 'verify');
    // While a change is interrupted only its backup may be restored: said now, not after the admin confirmed.
    await recoveryClosedBy(this.context, backupId);
    return (await prepareRestore(this.context, backupId)).plan;
  }

  /** Restores a backup (see restore-steps.ts); `fingerprint`: the restore plan confirmed, refused if it went stale. */
  restoreBackup(
    backupId: string,
    options: { readonly fingerprint?: string } = {},
  ): Promise<TransactionOutcome> {
    return restoreBackup(this.context, backupId, options);
  }

  /** Interrupted transactions (began, never ended), oldest first: what start-up recovery offers to undo. */
  async interrupted(): Promise<HistoryEntry[]> {
    return (await recoveryState(this.context)).pending;
  }

  /** The interrupted transaction whose backup is to be restored next (the newest first), or null when none is. */
  async nextRecovery(): Promise<HistoryEntry | null> {
    return (await recoveryState(this.context)).next;
  }

  /**
   * Undoes every interrupted transaction by restoring its backup, newest first, so the last restore leaves the
   * oldest one's state before. Stops at the first restore that does not succeed (its outcome says why).
   */
  async recoverInterrupted(): Promise<TransactionOutcome[]> {
    const outcomes: TransactionOutcome[] = [];
    for (let next = await this.nextRecovery(); next; next = await this.nextRecovery()) {
      const outcome = await this.restoreBackup(next.backupId);
      outcomes.push(outcome);
      if (outcome.status !== 'restored') break;
    }
    return outcomes;
  }

  history(): Promise<HistoryEntry[]> {
    return history(this.context);
  }
}
