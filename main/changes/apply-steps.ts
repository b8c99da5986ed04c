import {
  indexSnapshots,
  sameValue,
  showValue,
  uniqueKeys,
  valueIn,
  type FirewallRuleStep,
  type Plan,
  type ReadBackItem,
  type ValueChange,
} from '../domain/changes/index';
import {
  describeRuleState,
  liveMatches,
  parseLiveRules,
  readRulesCommand,
  ruleStateOf,
  type LiveRule,
  type RuleState,
} from '../domain/firewall/live';
import { parseFirewallRule } from '../domain/firewall/rule-string';
import type { FirewallCommand } from '../domain/firewall/runner';
import { LOCAL_RULES_KEY } from '../domain/firewall/store';
import { writeRegFile, type RegFileBlock, type RegFileEntry } from '../domain/regfile/index';
import type { KeySnapshot } from '../domain/registry-port/types';
import type { EngineContext } from './context';
import { VerificationError } from './errors';
import { retried, type TxStep } from './transaction';

/** The value batch: one .reg import carries the writes and deletions (`"name"=-`); its undo puts each value back
 * and deletes the keys the change created. */
export function valueBatchStep(context: EngineContext, plan: Plan): TxStep {
  const changes = plan.valueChanges;
  const keys = uniqueKeys([...changes.map((change) => change.key), ...plan.createdKeys]);
  const read = async () => indexSnapshots(await context.port.readKeys(keys));
  const differing = (find: (path: string) => KeySnapshot | undefined, side: 'before' | 'after') => [
    ...changes
      .filter((change) => !sameValue(valueIn(find(change.key), change.name), change[side]))
      .map(
        (change) =>
          `${change.key}\\${change.name} does not read back as ${side === 'after' ? 'written' : 'before'}`,
      ),
    ...(side === 'before'
      ? plan.createdKeys
          .filter((key) => find(key)?.exists)
          .map((key) => `${key} was created and is still there`)
      : []),
  ];
  return {
    label: `${changes.length} registry value(s)`,
    do: () => context.port.importRegFile(writeRegFile({ blocks: valueChangeBlocks(changes) })),
    verify: async () => differing(await read(), 'after'),
    changed: async () => {
      try {
        return differing(await read(), 'before').length > 0;
      } catch {
        return null;
      }
    },
    undo: () => context.port.importRegFile(writeRegFile({ blocks: undoBlocks(plan) })),
    verifyUndone: async () => differing(await read(), 'before'),
  };
}

/** The live rules by upper-cased name, read through the firewall's own interface. */
export async function readLiveRules(
  context: EngineContext,
  names: readonly string[],
): Promise<Map<string, LiveRule>> {
  const result = await context.firewall.run(readRulesCommand(names));
  if (result.exitCode !== 0)
    throw new Error(`reading the live firewall rules exited with ${result.exitCode}: ${firstLineOf(result)}`);
  return parseLiveRules(result.stdout);
}

export const ruleStates = (step: FirewallRuleStep): { before: RuleState; after: RuleState } => ({
  before: ruleStateOf(parseFirewallRule(step.ruleBefore)),
  after: ruleStateOf(parseFirewallRule(step.expectedRule)),
});

/** One firewall command: its undo sets the rule back with the same cmdlet and the before-values. */
export function firewallStep(context: EngineContext, step: FirewallRuleStep): TxStep {
  const { before, after } = ruleStates(step);
  return ruleCommandStep(context, {
    ruleId: step.ruleId,
    command: step.command,
    undo: step.undo,
    before,
    after,
    afterIs: 'as planned',
  });
}

/**
 * A rule changed by one cmdlet command, verified against the live rule, undone by another (apply's and restore's rule
 * steps alike). `before` / `after`: the rule's state either side, null for a rule that is absent.
 */
export function ruleCommandStep(
  context: EngineContext,
  rule: {
    readonly ruleId: string;
    readonly command: FirewallCommand;
    readonly undo: FirewallCommand;
    readonly before: RuleState | null;
    readonly after: RuleState | null;
    /** How the verification names the target state ("as planned", "as the backup holds it"). */
    readonly afterIs: string;
  },
): TxStep {
  const label = `firewall rule ${rule.ruleId}`;
  const live = async () => (await readLiveRules(context, [rule.ruleId])).get(rule.ruleId.toUpperCase());
  const check = async (state: RuleState | null, as: string) => {
    const now = await live();
    return liveMatches(now, state) ? [] : [`${label} reads ${describeRuleState(now)}, not ${as}`];
  };
  const run = async (command: FirewallCommand) => {
    const result = await context.firewall.run(command);
    if (result.exitCode !== 0)
      throw new VerificationError([
        `${command.display} exited with ${result.exitCode}: ${firstLineOf(result)}`,
      ]);
  };
  return {
    label,
    do: () => run(rule.command),
    verify: () => check(rule.after, rule.afterIs),
    changed: async () => {
      try {
        return !liveMatches(await live(), rule.before);
      } catch {
        return null;
      }
    },
    undo: () => run(rule.undo),
    verifyUndone: () => check(rule.before, 'as before'),
  };
}

/** Every item the plan touches, as a fresh read shows it now: each value, each created key, each rule. */
export async function readBack(context: EngineContext, plan: Plan): Promise<ReadBackItem[]> {
  return [...(await readBackValues(context, plan)), ...(await readBackRules(context, plan))];
}

/** The registry's items (each value, each created key) as one batch read shows them now. */
export async function readBackValues(context: EngineContext, plan: Plan): Promise<ReadBackItem[]> {
  const keys = uniqueKeys([...plan.valueChanges.map((change) => change.key), ...plan.createdKeys]);
  // null: the registry could not be read, so nothing is known of these items (never taken as "as before").
  let find: ((path: string) => KeySnapshot | undefined) | null = () => undefined;
  if (keys.length > 0) {
    try {
      find = indexSnapshots(await retried(() => context.port.readKeys(keys)));
    } catch {
      find = null;
    }
  }
  const unreadable = find === null;
  const items: ReadBackItem[] = [];
  for (const change of plan.valueChanges) {
    const now = unreadable || !find ? null : valueIn(find(change.key), change.name);
    items.push({
      label: `${change.key}\\${change.name === '' ? '(Default)' : change.name}`,
      atBefore: unreadable ? null : sameValue(now, change.before),
      atTarget: unreadable ? null : sameValue(now, change.after),
      now: showValue(now),
      before: showValue(change.before),
    });
  }
  for (const key of plan.createdKeys) {
    const exists = unreadable || !find ? null : (find(key)?.exists ?? false);
    items.push({
      label: `${key} (key created by the change)`,
      atBefore: exists === null ? null : !exists,
      atTarget: exists,
      now: exists ? 'exists' : 'absent',
      before: 'absent',
    });
  }
  return items;
}

/** The firewall's items (each rule a step changes) as one read of the live rules shows them now. */
export async function readBackRules(context: EngineContext, plan: Plan): Promise<ReadBackItem[]> {
  const items: ReadBackItem[] = [];
  const steps = plan.firewallChanges.flatMap((change) => change.steps);
  const ids = uniqueKeys(steps.map((step) => step.ruleId));
  if (ids.length === 0) return items;
  const live = await retried(() => readLiveRules(context, ids)).catch(() => null);
  for (const id of ids) {
    const mine = steps.filter((step) => step.ruleId.toUpperCase() === id.toUpperCase());
    const before = ruleStates(mine[0]!).before;
    const after = ruleStates(mine.at(-1)!).after;
    const now = live?.get(id.toUpperCase());
    items.push({
      label: `firewall rule ${id}`,
      atBefore: live === null ? null : liveMatches(now, before),
      atTarget: live === null ? null : liveMatches(now, after),
      now: describeRuleState(now),
      before: describeRuleState(before),
    });
  }
  return items;
}

/** Every key a plan's backup covers (and the firewall rule store, kept as a record of the rules before). */
export function touchedKeys(plan: Plan): string[] {
  return uniqueKeys([
    ...plan.valueChanges.map((change) => change.key),
    ...(plan.firewallChanges.length > 0 ? [LOCAL_RULES_KEY] : []),
  ]);
}

/** The plan's value changes as .reg blocks, one per key: `"name"=value` for a write, `"name"=-` for a delete. */
function valueChangeBlocks(
  changes: readonly ValueChange[],
  side: 'before' | 'after' = 'after',
): RegFileBlock[] {
  const byKey = new Map<string, { path: string; entries: RegFileEntry[] }>();
  for (const change of changes) {
    const folded = change.key.toUpperCase();
    const block = byKey.get(folded) ?? { path: change.key, entries: [] };
    byKey.set(folded, block);
    const value = change[side];
    block.entries.push(
      value ? { kind: 'set', name: change.name, value } : { kind: 'delete', name: change.name },
    );
  }
  return [...byKey.values()].map((block) => ({ kind: 'key', ...block }));
}

/** Each value back as it was (keys the change created are deleted whole instead), then the created keys deleted. */
function undoBlocks(plan: Plan): RegFileBlock[] {
  const created = plan.createdKeys.map((key) => key.toUpperCase());
  const inCreated = (key: string) =>
    created.some((root) => key.toUpperCase() === root || key.toUpperCase().startsWith(`${root}\\`));
  return [
    ...valueChangeBlocks(
      plan.valueChanges.filter((change) => !inCreated(change.key)),
      'before',
    ),
    ...plan.createdKeys.map((path): RegFileBlock => ({ kind: 'delete-key', path })),
  ];
}

export function firstLineOf(result: { stdout: string; stderr: string }): string {
  return (result.stderr || result.stdout).trim().split('\n')[0] ?? '';
}

/** What the journal and history name the change after: the profile, `edits`, or `appid {GUID}`. */
export function targetName(plan: Plan): string {
  switch (plan.target.kind) {
    case 'profile':
      return plan.target.name;
    case 'edits':
      return 'edits';
    case 'appid':
      return `appid ${plan.target.application.guid}${plan.target.application.view === '32-bit' ? ' (32-bit)' : ''}`;
  }
}
