import {
  indexSnapshots,
  sameValue,
  uniqueKeys,
  valueIn,
  type Plan,
  type TransactionState,
  type ValueChange,
} from '../domain/changes/index';
import { verifyFirewallChange } from '../domain/firewall/commands';
import type { FirewallCommand } from '../domain/firewall/runner';
import { LOCAL_RULES_KEY } from '../domain/firewall/store';
import { writeRegFile, type RegFileBlock, type RegFileEntry } from '../domain/regfile/index';
import type { EngineContext, ProgressFn } from './context';
import { VerificationError } from './errors';

/** The value batch: one .reg import carries the writes and the deletions (`"name"=-`), then every value is read back. */
export async function applyValueBatch(
  context: EngineContext,
  plan: Plan,
  state: TransactionState,
  progress: ProgressFn,
): Promise<void> {
  state.next('write');
  const writes = plan.valueChanges.filter((change) => change.action === 'write').length;
  const deletes = plan.valueChanges.length - writes;
  await progress('write', 'started', `writing ${writes} and deleting ${deletes} value(s) in one batch`);
  if (plan.valueChanges.length > 0)
    await context.port.importRegFile(writeRegFile({ blocks: valueChangeBlocks(plan.valueChanges) }));
  await progress('write', 'ok', `${writes} written, ${deletes} deleted`);

  state.next('verify');
  await progress('verify', 'started', 'reading back every value');
  const after = indexSnapshots(
    await context.port.readKeys(uniqueKeys(plan.valueChanges.map((change) => change.key))),
  );
  const wrong = plan.valueChanges.filter(
    (change) => !sameValue(valueIn(after(change.key), change.name), change.after),
  );
  if (wrong.length > 0) {
    throw new VerificationError(
      wrong.map((change) => `${change.key}\\${change.name} does not read back as written`),
    );
  }
  await progress('verify', 'ok', `${plan.valueChanges.length} value(s) verified`);
}

/** Runs each firewall command in turn (its undo registered in `ranFirewall`), then reads the rule store back. */
export async function applyFirewallSteps(
  context: EngineContext,
  plan: Plan,
  state: TransactionState,
  progress: ProgressFn,
  ranFirewall: FirewallCommand[],
): Promise<void> {
  if (plan.firewallChanges.length === 0) return;
  state.next('firewall');
  const steps = plan.firewallChanges.flatMap((change) => change.steps);
  await progress('firewall', 'started', `running ${steps.length} firewall command(s)`);
  for (const [index, step] of steps.entries()) {
    ranFirewall.push(step.undo);
    const result = await context.firewall.run(step.command);
    if (result.exitCode !== 0) {
      throw new VerificationError([
        `firewall command for ${step.ruleId} exited with ${result.exitCode}: ${(result.stderr || result.stdout).trim().split('\n')[0] ?? ''}`,
      ]);
    }
    // One event per command: the UI sees each rule change as it happens.
    await progress('firewall', 'ok', `${index + 1}/${steps.length}: ${step.ruleId} changed`);
  }
  state.next('firewall-verify');
  await progress('firewall-verify', 'started', 'reading the rule store back');
  const rules = await context.port.readKeys([LOCAL_RULES_KEY]);
  const problems = steps.flatMap((step) => {
    const verdict = verifyFirewallChange(step.expected, rules);
    return verdict.ok ? [] : verdict.problems;
  });
  if (problems.length > 0) throw new VerificationError(problems);
  await progress('firewall-verify', 'ok', 'rule store verified');
}

/** Every key a plan writes to (and the firewall rule store when it has firewall changes). */
export function touchedKeys(plan: Plan): string[] {
  return uniqueKeys([
    ...plan.valueChanges.map((change) => change.key),
    ...(plan.firewallChanges.length > 0 ? [LOCAL_RULES_KEY] : []),
  ]);
}

/** The plan's value changes as .reg blocks, one per key: `"name"=value` for a write, `"name"=-` for a delete. */
function valueChangeBlocks(changes: readonly ValueChange[]): RegFileBlock[] {
  const byKey = new Map<string, { path: string; entries: RegFileEntry[] }>();
  for (const change of changes) {
    const folded = change.key.toUpperCase();
    const block = byKey.get(folded) ?? { path: change.key, entries: [] };
    byKey.set(folded, block);
    block.entries.push(
      change.action === 'write'
        ? { kind: 'set', name: change.name, value: change.after! }
        : { kind: 'delete', name: change.name },
    );
  }
  return [...byKey.values()].map((block) => ({ kind: 'key', ...block }));
}

export function targetName(plan: Plan): string {
  return plan.target.kind === 'profile' ? plan.target.name : 'edits';
}
