import {
  indexSnapshots,
  isSameOrBelow,
  sameValue,
  showValue,
  uniqueKeys,
  valueIn,
  type ReadBackItem,
  type RestoreOperation,
  type RestorePlan,
} from '../domain/changes/index';
import {
  describeRuleState,
  liveMatches,
  removeRuleCommand,
  ruleStateOf,
  setRuleCommand,
  type RuleState,
} from '../domain/firewall/live';
import { parseFirewallRule } from '../domain/firewall/rule-string';
import type { FirewallCommand } from '../domain/firewall/runner';
import { writeRegFile, type RegFileBlock, type RegFileEntry } from '../domain/regfile/index';
import type { KeySnapshot, RegistryValue } from '../domain/registry-port/types';
import { readLiveRules, ruleCommandStep } from './apply-steps';
import type { EngineContext } from './context';
import { retried, type TxStep } from './transaction';

type RuleOperation = Extract<RestoreOperation, { kind: 'firewall-rule' }>;
type RegistryOperation = Exclude<RestoreOperation, { kind: 'firewall-rule' }>;
type Find = (path: string) => KeySnapshot | undefined;

/** The state a rule string describes; null for a rule that is to be absent. */
const stateOf = (rule: string | null): RuleState | null =>
  rule === null ? null : ruleStateOf(parseFirewallRule(rule));

/**
 * The firewall's own interface puts a rule back: Set-NetFirewallRule with the before-values, or Remove-NetFirewallRule
 * for a rule the change created. Never an import of the FirewallRules key (a running firewall would not see it).
 */
export function restoreRuleCommand(operation: RuleOperation): FirewallCommand {
  const before = stateOf(operation.to);
  return before === null ? removeRuleCommand(operation.ruleId) : setRuleCommand(operation.ruleId, before);
}

export const registryOperations = (plan: RestorePlan): RegistryOperation[] =>
  plan.operations.filter((operation): operation is RegistryOperation => operation.kind !== 'firewall-rule');

export const ruleOperations = (plan: RestorePlan): RuleOperation[] =>
  plan.operations.filter((operation): operation is RuleOperation => operation.kind === 'firewall-rule');

/** What a value operation leaves (`to`) or found (`now`). */
function valueAt(operation: RegistryOperation, side: 'to' | 'now'): RegistryValue | null {
  if (operation.kind === 'delete-key') return null;
  if (side === 'now') return operation.now;
  return operation.kind === 'set-value' ? operation.to : null;
}

const shownName = (key: string, name: string) => `${key}\\${name === '' ? '(Default)' : name}`;

/** The restore's registry items as `find` shows them: each value it sets back or deletes, each key it deletes. */
function registryItems(plan: RestorePlan, find: Find | null): ReadBackItem[] {
  const items: ReadBackItem[] = [];
  for (const operation of registryOperations(plan)) {
    if (operation.kind === 'delete-key') {
      const exists = find === null ? null : (find(operation.key)?.exists ?? false);
      items.push({
        label: `${operation.key} (key the change created)`,
        atBefore: exists,
        atTarget: exists === null ? null : !exists,
        now: exists === null ? 'unreadable' : exists ? 'exists' : 'absent',
        before: 'exists',
      });
      continue;
    }
    const now = find === null ? null : valueIn(find(operation.key), operation.name);
    items.push({
      label: shownName(operation.key, operation.name),
      atBefore: find === null ? null : sameValue(now, valueAt(operation, 'now')),
      atTarget: find === null ? null : sameValue(now, valueAt(operation, 'to')),
      now: showValue(now),
      before: showValue(valueAt(operation, 'now')),
    });
  }
  for (const key of plan.createdKeys) {
    const exists = find === null ? null : (find(key)?.exists ?? false);
    items.push({
      label: `${key} (key the restore creates)`,
      atBefore: exists === null ? null : !exists,
      atTarget: exists,
      now: exists ? 'exists' : 'absent',
      before: 'absent',
    });
  }
  return items;
}

const registryKeys = (plan: RestorePlan) =>
  uniqueKeys([...registryOperations(plan).map((operation) => operation.key), ...plan.createdKeys]);

/** The registry's items as one batch read (tried again before an item is called unreadable) shows them now. */
export async function readBackRestoreValues(
  context: EngineContext,
  plan: RestorePlan,
): Promise<ReadBackItem[]> {
  const keys = registryKeys(plan);
  if (keys.length === 0) return [];
  const find = await retried(() => context.port.readKeys(keys)).then(indexSnapshots, () => null);
  return registryItems(plan, find);
}

/** The rules' items as one read of the live firewall shows them now. */
export async function readBackRestoreRules(
  context: EngineContext,
  plan: RestorePlan,
): Promise<ReadBackItem[]> {
  const rules = ruleOperations(plan);
  if (rules.length === 0) return [];
  const live = await retried(() =>
    readLiveRules(
      context,
      rules.map((rule) => rule.ruleId),
    ),
  ).catch(() => null);
  return rules.map((rule) => {
    const now = live?.get(rule.ruleId.toUpperCase());
    return {
      label: `firewall rule ${rule.ruleId}`,
      atBefore: live === null ? null : liveMatches(now, stateOf(rule.now)),
      atTarget: live === null ? null : liveMatches(now, stateOf(rule.to)),
      now: describeRuleState(now),
      before: describeRuleState(stateOf(rule.now) ?? undefined),
    };
  });
}

/** What a rollback rests on: every registry item and rule of the restore, read fresh. */
export async function readBackRestore(context: EngineContext, plan: RestorePlan): Promise<ReadBackItem[]> {
  return [...(await readBackRestoreValues(context, plan)), ...(await readBackRestoreRules(context, plan))];
}

/** Per key, the values set (`"name"=value`) or deleted (`"name"=-`). */
function valueBlocks(operations: readonly RegistryOperation[], side: 'to' | 'now'): RegFileBlock[] {
  const byKey = new Map<string, { path: string; entries: RegFileEntry[] }>();
  for (const operation of operations) {
    if (operation.kind === 'delete-key') continue;
    const block = byKey.get(operation.key.toUpperCase()) ?? { path: operation.key, entries: [] };
    byKey.set(operation.key.toUpperCase(), block);
    const value = valueAt(operation, side);
    block.entries.push(
      value ? { kind: 'set', name: operation.name, value } : { kind: 'delete', name: operation.name },
    );
  }
  return [...byKey.values()].map((block) => ({ kind: 'key', ...block }));
}

/**
 * The registry part of a restore as ONE step: one .reg import sets back and deletes values, then deletes the keys the
 * change created. Its undo is one import the other way: each key it deleted recreated (with every subkey the plan's
 * read saw under it), each value back as it was found, and any key the restore created deleted.
 */
export function restoreValuesStep(
  context: EngineContext,
  plan: RestorePlan,
  snapshots: readonly KeySnapshot[],
): TxStep | null {
  const operations = registryOperations(plan);
  if (operations.length === 0) return null;
  const keys = registryKeys(plan);
  const differing = async (side: 'to' | 'now') => {
    const items = registryItems(plan, indexSnapshots(await context.port.readKeys(keys)));
    return items
      .filter((item) => (side === 'to' ? item.atTarget : item.atBefore) !== true)
      .map(
        (item) =>
          `${item.label} reads ${item.now}, not ${side === 'to' ? 'as the backup holds it' : item.before}`,
      );
  };
  const deleted = operations
    .filter((operation) => operation.kind === 'delete-key')
    .map((operation) => operation.key);
  const recreated = snapshots
    .filter((snapshot) => snapshot.exists && deleted.some((key) => isSameOrBelow(snapshot.path, key)))
    .map((snapshot): RegFileBlock => ({ kind: 'key', path: snapshot.path, entries: [] }));
  return {
    label: `${operations.length} registry operation(s) of the restore`,
    do: () =>
      context.port.importRegFile(
        writeRegFile({
          blocks: [
            ...valueBlocks(operations, 'to'),
            ...deleted.map((path): RegFileBlock => ({ kind: 'delete-key', path })),
          ],
        }),
      ),
    verify: () => differing('to'),
    changed: async () => {
      try {
        return (await differing('now')).length > 0;
      } catch {
        return null;
      }
    },
    undo: () =>
      context.port.importRegFile(
        writeRegFile({
          blocks: [
            ...recreated,
            ...valueBlocks(operations, 'now'),
            ...plan.createdKeys.map((path): RegFileBlock => ({ kind: 'delete-key', path })),
          ],
        }),
      ),
    verifyUndone: () => differing('now'),
  };
}

/** One rule set back through the firewall's cmdlets; its undo sets it to what it was found as, the same way. */
export function restoreRuleStep(context: EngineContext, operation: RuleOperation): TxStep {
  const found = stateOf(operation.now);
  return ruleCommandStep(context, {
    ruleId: operation.ruleId,
    command: restoreRuleCommand(operation),
    undo: found === null ? removeRuleCommand(operation.ruleId) : setRuleCommand(operation.ruleId, found),
    before: found,
    after: stateOf(operation.to),
    afterIs: 'as the backup holds it',
  });
}
