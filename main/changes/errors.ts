import type { ChangeRefusalCode, HistoryEntry } from '../domain/changes/index';
import { RegistryError } from '../domain/registry-port/errors';

/** A change refused before anything was written; `details` names what (the changed values, the key...). */
export class ChangeRefusedError extends Error {
  override readonly name = 'ChangeRefusedError';
  constructor(
    readonly code: ChangeRefusalCode,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A step's read-back does not show what the step should have left. */
export class VerificationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `verification failed: ${problems[0] ?? ''}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}`,
    );
  }
}

export function describeFailure(error: unknown): { message: string; details: readonly string[] } {
  if (error instanceof VerificationError) return { message: error.message, details: error.problems };
  if (error instanceof RegistryError) {
    const where = [error.where?.key, error.where?.value].filter(Boolean).join(' ');
    return { message: `registry ${error.code}: ${error.message}`, details: where ? [where] : [] };
  }
  return { message: error instanceof Error ? error.message : String(error), details: [] };
}

export function interruptedRefusal(next: HistoryEntry, pending: readonly HistoryEntry[]): ChangeRefusedError {
  return new ChangeRefusedError(
    'interrupted',
    `a change that began ${next.at} (${next.operation} ${next.target}, ${next.id}) never finished: the registry ` +
      'may hold part of it. Restore its backup first (the banner in the app, or `sinkguard restore --interrupted ' +
      '--yes`); nothing was changed.',
    pending.map(
      (entry) => `${entry.id}: ${entry.operation} ${entry.target}, began ${entry.at} by ${entry.user}`,
    ),
  );
}
