import { expect } from 'vitest';
import { ChangeRefusedError } from '../../../main/changes/index';

// Assertions shared by the change tests (kept out of support.ts, which the forked apply child also loads).

/** The refusal a promise rejects with (failing the test if it resolves or rejects with anything else). */
export async function refusal(promise: Promise<unknown>): Promise<ChangeRefusedError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ChangeRefusedError);
  return error as ChangeRefusedError;
}

/** The progress an apply reports, step by step (`<step> <status>`), with `commands` firewall commands. */
export const APPLY_STEPS = (commands: number): string[] => [
  ...RESTORE_STEPS.slice(0, -1),
  ...(commands > 0
    ? [
        'firewall started',
        ...Array.from({ length: commands }, () => 'firewall ok'),
        'firewall-verify started',
        'firewall-verify ok',
      ]
    : []),
  'done ok',
];

/** The progress a restore reports: read, back up, write, verify, done. */
export const RESTORE_STEPS: readonly string[] = [
  'read started',
  'read ok',
  'backup started',
  'backup ok',
  'write started',
  'write ok',
  'verify started',
  'verify ok',
  'done ok',
];
