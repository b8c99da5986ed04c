import { changeLines } from './change-text';
import { planChanges, reviewWarnings } from './changes-of';
import type { HistoryEntry } from './journal';
import type { Plan } from './model';
import { applicationLabel } from './plan-appid';

/**
 * The plan as the admin reads it before confirming: per setting, the change in words (principal × rights tables,
 * values with their meaning, rules by name), what is left out, who is affected. `technical` adds the raw values,
 * SDDL, rule strings and commands under each setting.
 */
export function renderPlanText(plan: Plan, { technical = false }: { technical?: boolean } = {}): string {
  const target =
    plan.target.kind === 'profile'
      ? `reach the "${plan.target.name}" profile`
      : plan.target.kind === 'appid'
        ? `change the DCOM application ${applicationLabel(plan.target.application)}`
        : 'reach your edits';
  const lines = [`Plan ${plan.id} to ${target} on ${plan.backend} (state ${plan.fingerprint.slice(0, 12)})`];
  if (plan.diff.length === 0) lines.push('', 'Nothing to change: the machine already meets it.');
  for (const change of planChanges(plan)) {
    lines.push('', `* ${change.title}${change.restartRequired ? ' (restart required)' : ''}`);
    for (const line of changeLines(change, technical)) lines.push(`  ${line}`);
  }
  if (plan.createdKeys.length > 0) lines.push('', `Keys created: ${plan.createdKeys.join(', ')}`);
  if (plan.skipped.length > 0) {
    lines.push('', 'Left out:');
    for (const skip of plan.skipped) lines.push(`  - ${skip.title}: ${skip.message}`);
  }
  const breaking = reviewWarnings(plan.warnings).filter((warning) => warning.breaksCallbacks);
  if (breaking.length > 0) {
    lines.push('', 'Who is affected:');
    for (const warning of breaking) lines.push(`  ! ${warning.message}`);
  }
  if (!technical && plan.diff.length > 0)
    lines.push('', 'Registry values, SDDL, rule strings and commands: add --technical.');
  return `${lines.join('\n')}\n`;
}

/**
 * Every transaction with what it did, in the same words as the plan (a restore: its own change, back to the
 * backup). Entries journaled before SinkGuard kept the change view show their recorded lines.
 */
export function renderHistoryText(
  entries: readonly HistoryEntry[],
  { technical = false }: { technical?: boolean } = {},
): string {
  if (entries.length === 0) return 'No changes recorded.\n';
  const lines: string[] = [];
  for (const entry of entries) {
    lines.push(
      `${entry.id}  ${entry.at}  ${entry.operation} ${entry.target}  by ${entry.user} on ${entry.machine}: ${entry.outcome ?? 'INTERRUPTED'}`,
    );
    if (entry.changes) {
      for (const change of entry.changes) {
        lines.push(`    ${change.title}`);
        for (const line of changeLines(change, technical)) lines.push(`      ${line}`);
      }
    } else {
      for (const item of entry.diff) {
        lines.push(`    ${item.title}`);
        if (technical) for (const line of item.lines) lines.push(`      ${line}`);
      }
    }
    if (entry.message) lines.push(`    ${entry.message}`);
  }
  return `${lines.join('\n')}\n`;
}
