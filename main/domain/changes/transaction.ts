/**
 * The steps of a change transaction, in order, and which may follow which. The engine asks `next` before every
 * step, so a bug that would (say) write before the backup is durable fails loudly instead of risking the registry.
 */
export const TRANSACTION_STEPS = [
  'read',
  'backup',
  'begin',
  'write',
  'verify',
  'firewall',
  'firewall-verify',
  'commit',
  'rollback',
  'done',
] as const;
export type TransactionStep = (typeof TRANSACTION_STEPS)[number];

const FOLLOWS: Readonly<Record<TransactionStep | 'start', readonly TransactionStep[]>> = {
  start: ['read'],
  read: ['backup', 'done'],
  backup: ['begin'],
  // Nothing has been written before `begin` is durable; a failure there needs no rollback.
  begin: ['write', 'done'],
  write: ['verify', 'rollback'],
  verify: ['firewall', 'commit', 'rollback'],
  firewall: ['firewall-verify', 'rollback'],
  'firewall-verify': ['commit', 'rollback'],
  commit: ['done'],
  rollback: ['done'],
  done: [],
};

export class TransactionStateError extends Error {
  override readonly name = 'TransactionStateError';
}

export class TransactionState {
  private current: TransactionStep | 'start' = 'start';
  private readonly passed: TransactionStep[] = [];

  get step(): TransactionStep | 'start' {
    return this.current;
  }

  /** The steps taken so far, in order. */
  get history(): readonly TransactionStep[] {
    return this.passed;
  }

  /** Whether the registry may hold part of the change (a write was attempted and neither commit nor rollback ran). */
  get mayBeHalfApplied(): boolean {
    return (
      this.passed.includes('write') && !this.passed.includes('commit') && !this.passed.includes('rollback')
    );
  }

  next(step: TransactionStep): void {
    if (!FOLLOWS[this.current].includes(step)) {
      throw new TransactionStateError(`transaction step ${step} cannot follow ${this.current}`);
    }
    this.current = step;
    this.passed.push(step);
  }
}
