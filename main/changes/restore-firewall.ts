import type { RestoreOperation } from '../domain/changes/index';
import {
  describeRuleState,
  liveMatches,
  parseLiveRules,
  readRulesCommand,
  removeRuleCommand,
  ruleStateOf,
  setRuleCommand,
  type RuleState,
} from '../domain/firewall/live';
import { parseFirewallRule } from '../domain/firewall/rule-string';
import type { FirewallCommand } from '../domain/firewall/runner';
import type { EngineContext, ProgressFn } from './context';
import { VerificationError } from './errors';

type RuleOperation = Extract<RestoreOperation, { kind: 'firewall-rule' }>;

/** The state a rule string describes; null for a rule that is to be absent. */
function stateOf(rule: string | null): RuleState | null {
  return rule === null ? null : ruleStateOf(parseFirewallRule(rule));
}

/**
 * The firewall's own interface puts a rule back: Set-NetFirewallRule with the before-values, or Remove-NetFirewallRule
 * for a rule the change created. Never an import of the FirewallRules key (a running firewall would not see it).
 */
export function restoreRuleCommand(operation: RuleOperation): FirewallCommand {
  const before = stateOf(operation.to);
  return before === null ? removeRuleCommand(operation.ruleId) : setRuleCommand(operation.ruleId, before);
}

/** What undoes a rule's restore (the rule as it is now), registered only once its restore has run. */
function undoCommand(operation: RuleOperation): FirewallCommand | null {
  const now = stateOf(operation.now);
  // A rule the restore would create cannot be: restores only set back or remove, so no undo is needed for "absent".
  return now === null ? null : setRuleCommand(operation.ruleId, now);
}

/**
 * Runs each rule's command (its undo pushed to `undos` once it ran), then reads the rules back from the live firewall
 * and checks each is as the backup says.
 */
export async function restoreFirewallRules(
  context: EngineContext,
  operations: readonly RuleOperation[],
  progress: ProgressFn,
  undos: FirewallCommand[],
): Promise<void> {
  if (operations.length === 0) return;
  await progress('firewall', 'started', `setting back ${operations.length} firewall rule(s)`);
  for (const [index, operation] of operations.entries()) {
    const result = await context.firewall.run(restoreRuleCommand(operation));
    if (result.exitCode !== 0)
      throw new VerificationError([
        `firewall command for ${operation.ruleId} exited with ${result.exitCode}: ${(result.stderr || result.stdout).trim().split('\n')[0] ?? ''}`,
      ]);
    const undo = undoCommand(operation);
    if (undo) undos.push(undo);
    await progress('firewall', 'ok', `${index + 1}/${operations.length}: ${operation.ruleId} set back`);
  }
  await progress('firewall-verify', 'started', 'reading the rules back from the live firewall');
  const read = await context.firewall.run(readRulesCommand(operations.map((operation) => operation.ruleId)));
  if (read.exitCode !== 0)
    throw new VerificationError([`the live rule read exited with ${read.exitCode}: ${read.stderr.trim()}`]);
  const live = parseLiveRules(read.stdout);
  const problems = operations.flatMap((operation) => {
    const wanted = stateOf(operation.to);
    const now = live.get(operation.ruleId.toUpperCase());
    return liveMatches(now, wanted)
      ? []
      : [`${operation.ruleId} reads ${describeRuleState(now)}, not ${describeRuleState(wanted)}`];
  });
  if (problems.length > 0) throw new VerificationError(problems);
  await progress('firewall-verify', 'ok', `${operations.length} rule(s) verified on the live firewall`);
}
