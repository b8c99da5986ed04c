import { findSetting } from '../catalog/index';
import { ruleText } from '../firewall/rule-names';
import { parseFirewallRule } from '../firewall/rule-string';
import { changeLines } from './change-text';
import { appIdOfKey, appIdTitle } from './plan-appid';
import { diffLines } from './plan-diff';
import type { RestoreOperation, RestorePlan } from './restore-plan';
import { showValue } from './values';

/** A restore plan's operations in the admin's words (per setting) and as registry operations ("Technical details"). */

/** A setting's title; an application's change (`key`: its AppID key) is titled by the application. */
export function titleOf(settingId: string, key?: string): string {
  const setting = findSetting(settingId);
  const application = setting?.kind === 'appid-permissions' && key !== undefined ? appIdOfKey(key) : null;
  return application ? appIdTitle(application) : (setting?.title ?? settingId);
}
export const shown = (key: string, name: string): string => `${key}\\${name === '' ? '(Default)' : name}`;

export function ruleName(ruleId: string, rule: string | null): string {
  let parsed = null;
  try {
    parsed = rule === null ? null : parseFirewallRule(rule);
  } catch {
    // A rule string that no longer parses is still named by its id's built-in name, if any.
  }
  const name = ruleText(ruleId, parsed).displayName;
  return name ? `"${name}" (${ruleId})` : ruleId;
}

export function diffOf(operations: readonly RestoreOperation[]): RestorePlan['diff'] {
  const bySetting = new Map<string, { settingId: string; title: string; lines: string[] }>();
  const item = (settingId: string, title = titleOf(settingId)) => {
    const found = bySetting.get(settingId) ?? { settingId, title, lines: [] };
    bySetting.set(settingId, found);
    return found;
  };
  for (const operation of operations) {
    switch (operation.kind) {
      case 'set-value':
      case 'delete-value': {
        const setting = findSetting(operation.settingId);
        const after = operation.kind === 'set-value' ? operation.to : null;
        const change = {
          settingId: operation.settingId,
          key: operation.key,
          name: operation.name,
          action: operation.kind === 'set-value' ? ('write' as const) : ('delete' as const),
          type: (after ?? operation.now!).type,
          before: operation.now,
          after,
        };
        item(operation.settingId, titleOf(operation.settingId, operation.key)).lines.push(
          ...(setting
            ? diffLines(setting, change)
            : [
                `${shown(operation.key, operation.name)}:`,
                `  - ${showValue(change.before)}`,
                `  + ${showValue(after)}`,
              ]),
        );
        break;
      }
      case 'delete-key':
        item('keys', 'Keys the change created').lines.push(
          `${operation.key}: deleted (it holds only what the change wrote)`,
        );
        break;
      case 'firewall-rule':
        item(operation.settingId).lines.push(
          operation.to === null
            ? `firewall rule ${ruleName(operation.ruleId, operation.now)}: removed (the change created it)`
            : `firewall rule ${ruleName(operation.ruleId, operation.to)}: set back as it was before the change`,
        );
        break;
    }
  }
  return [...bySetting.values()];
}

export function technicalLine(operation: RestoreOperation): string {
  switch (operation.kind) {
    case 'set-value':
      return `set ${shown(operation.key, operation.name)} = ${showValue(operation.to)} (now ${showValue(operation.now)})`;
    case 'delete-value':
      return `delete ${shown(operation.key, operation.name)} (now ${showValue(operation.now)})`;
    case 'delete-key':
      return `delete key ${operation.key}`;
    case 'firewall-rule':
      return operation.to === null
        ? `remove firewall rule ${operation.ruleId} (now ${operation.now ?? 'absent'})`
        : `set firewall rule ${operation.ruleId} back to ${operation.to} (now ${operation.now ?? 'absent'})`;
  }
}

/** The restore plan as the admin reads it before confirming; `technical` adds the registry operations. */
export function renderRestorePlanText(plan: RestorePlan, technical = false): string {
  const lines = [
    `Restore backup ${plan.backupId}: undo ${plan.change} of ${plan.changedAt}, for exactly what it changed`,
  ];
  if (plan.operations.length === 0)
    lines.push('', 'Nothing to restore: everything the change touched already holds the backup’s values.');
  for (const change of plan.changes) {
    lines.push('', `* ${change.title}`);
    for (const line of changeLines(change)) lines.push(`  ${line}`);
  }
  if (plan.changedSince.length > 0) {
    lines.push('', 'Changed since the change (someone else edited these; the restore puts the backup back):');
    for (const notice of plan.changedSince) lines.push(`  ! ${notice.title}: ${notice.message}`);
  }
  if (plan.kept.length > 0) {
    lines.push('', 'Left in place:');
    for (const notice of plan.kept) lines.push(`  - ${notice.message}`);
  }
  lines.push('', 'Values and rules the change did not touch are left as they are now.');
  if (technical && plan.technical.length > 0) {
    lines.push('', 'Technical details:');
    for (const line of plan.technical) lines.push(`  ${line}`);
  }
  return `${lines.join('\n')}\n`;
}
