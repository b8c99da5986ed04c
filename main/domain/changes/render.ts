import type { HistoryEntry } from './journal';
import type { Plan } from './model';

/** The plan as the admin reads it before confirming: the diff per setting, what is left out, who is affected. */
export function renderPlanText(plan: Plan): string {
  const target = plan.target.kind === 'profile' ? `the "${plan.target.name}" profile` : 'your edits';
  const lines = [
    `Plan ${plan.id} to reach ${target} on ${plan.backend} (state ${plan.fingerprint.slice(0, 12)})`,
  ];
  if (plan.diff.length === 0) lines.push('', 'Nothing to change: the machine already meets it.');
  for (const item of plan.diff) {
    lines.push(
      '',
      `* ${item.title}${item.restartRequired ? ' (restart required)' : ''}`,
      `  ${item.from} → ${item.to}`,
    );
    for (const line of item.lines) lines.push(`  ${line}`);
  }
  if (plan.createdKeys.length > 0) lines.push('', `Keys created: ${plan.createdKeys.join(', ')}`);
  if (plan.skipped.length > 0) {
    lines.push('', 'Left out:');
    for (const skip of plan.skipped) lines.push(`  - ${skip.title}: ${skip.message}`);
  }
  const breaking = plan.warnings.filter((warning) => warning.breaksCallbacks);
  if (breaking.length > 0) {
    lines.push('', 'Who is affected:');
    for (const warning of breaking) lines.push(`  ! ${warning.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderHistoryText(entries: readonly HistoryEntry[]): string {
  if (entries.length === 0) return 'No changes recorded.\n';
  const lines: string[] = [];
  for (const entry of entries) {
    lines.push(
      `${entry.id}  ${entry.at}  ${entry.operation} ${entry.target}  by ${entry.user} on ${entry.machine}: ${entry.outcome ?? 'INTERRUPTED'}`,
    );
    for (const item of entry.diff) {
      lines.push(`    ${item.title}`);
      for (const line of item.lines) lines.push(`      ${line}`);
    }
    if (entry.message) lines.push(`    ${entry.message}`);
  }
  return `${lines.join('\n')}\n`;
}
