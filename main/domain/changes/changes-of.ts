import { findSetting } from '../catalog/index';
import { ruleItem, settingValueItem } from './change-items';
import type { ChangeItem, SettingChange } from './change-view';
import type { Plan, PlanWarning } from './model';
import type { RestoreOperation } from './restore-plan';
import { technicalLine, titleOf } from './restore-view';

/** The change views of a plan and of a restore: what each setting's change is, in the admin's words. */

/** Kinds whose items do not say the whole change (a target's exposure, three RPC values read together). */
const SUMMARISED = new Set(['firewall-exposure', 'rpc-ports']);

/** A plan's changes, per setting in the plan's order; the plan's raw diff lines become the technical details. */
export function planChanges(plan: Pick<Plan, 'diff' | 'valueChanges' | 'firewallChanges'>): SettingChange[] {
  return plan.diff.map((item) => {
    const setting = findSetting(item.settingId);
    const items: ChangeItem[] = [
      ...plan.valueChanges
        .filter((change) => change.settingId === item.settingId)
        .map((change) => settingValueItem(setting, change.name, change)),
      // Each rule once, under the setting whose step runs (a rule shared by two targets is changed once).
      ...plan.firewallChanges
        .filter((change) => change.settingId === item.settingId)
        .flatMap((change) => change.steps)
        .map((step) => ruleItem(step.ruleId, step.ruleBefore, step.expectedRule)),
    ];
    return {
      settingId: item.settingId,
      title: item.title,
      summary: !setting || SUMMARISED.has(setting.kind) ? `${item.from} → ${item.to}` : null,
      restartRequired: item.restartRequired,
      items,
      technical: [...item.lines],
    };
  });
}

/** What a restore does, per setting: from the machine as it is now back to the backup. */
export function restoreChanges(operations: readonly RestoreOperation[]): SettingChange[] {
  const bySetting = new Map<string, SettingChange>();
  const entry = (settingId: string, title = titleOf(settingId)): SettingChange => {
    const found = bySetting.get(settingId) ?? {
      settingId,
      title,
      summary: null,
      restartRequired: findSetting(settingId)?.restartRequired ?? false,
      items: [],
      technical: [],
    };
    bySetting.set(settingId, found);
    return found;
  };
  for (const operation of operations) {
    const change =
      operation.kind === 'delete-key'
        ? entry('keys', 'Keys the change created')
        : entry(
            operation.settingId,
            titleOf(operation.settingId, 'key' in operation ? operation.key : undefined),
          );
    change.technical.push(technicalLine(operation));
    switch (operation.kind) {
      case 'set-value':
      case 'delete-value':
        change.items.push(
          settingValueItem(findSetting(operation.settingId), operation.name, {
            before: operation.now,
            after: operation.kind === 'set-value' ? operation.to : null,
          }),
        );
        break;
      case 'delete-key':
        change.items.push({
          kind: 'note',
          text: `${operation.key} is deleted: the change created it and it holds only what the change wrote.`,
        });
        break;
      case 'firewall-rule':
        change.items.push(ruleItem(operation.ruleId, operation.now, operation.to));
        break;
    }
  }
  return [...bySetting.values()];
}

/**
 * The warnings as the review shows them, one per message: a setting's general side effects are left out when the
 * setting also has a warning for the change made (which says the same for this change, and who must do what).
 */
export function reviewWarnings(warnings: readonly PlanWarning[]): PlanWarning[] {
  const specific = new Set(warnings.filter((w) => w.breaksCallbacks).map((w) => w.settingId));
  const shown = new Map<string, PlanWarning>();
  for (const warning of warnings) {
    const general = findSetting(warning.settingId)?.sideEffects === warning.message;
    if (general && specific.has(warning.settingId)) continue;
    const seen = shown.get(warning.message);
    if (!seen || (warning.breaksCallbacks && !seen.breaksCallbacks)) shown.set(warning.message, warning);
  }
  return [...shown.values()];
}
