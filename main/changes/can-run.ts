import { uniqueKeys, type Plan } from '../domain/changes/index';
import { describeRuleState, liveMatches } from '../domain/firewall/live';
import { readLiveRules, ruleStates } from './apply-steps';
import type { EngineContext } from './context';
import { ChangeRefusedError, describeFailure } from './errors';

const NO_FIREWALL_HINT =
  'Nothing was written. To take the registry part only, plan and apply with --no-firewall (in the app: turn off ' +
  '"Change the firewall" on the review step), or run SinkGuard where the firewall cmdlets work.';

/**
 * Preflight of the plan's steps, before anything is written: every firewall command must be able to run here, and
 * be undone the same way. One read of the live rules proves it: PowerShell with the NetSecurity module answers (so
 * not off Windows, not a constrained or module-less PowerShell), each rule exists in the live firewall, is not
 * owned by Group Policy, and reads as the rule store said when the plan was made (the undo puts those values back).
 */
export async function checkStepsCanRun(context: EngineContext, plan: Plan): Promise<void> {
  const steps = plan.firewallChanges.flatMap((change) => change.steps);
  if (steps.length === 0) return;
  const ids = uniqueKeys(steps.map((step) => step.ruleId));
  const what = `the firewall step (${steps.length} command(s) on ${ids.join(', ')})`;
  let live;
  try {
    live = await readLiveRules(context, ids);
  } catch (error) {
    throw new ChangeRefusedError(
      'cannot-run-here',
      `${what} cannot run here: ${describeFailure(error).message}. ${NO_FIREWALL_HINT}`,
      ids.map((id) => `firewall rule ${id}: cannot be read or changed through the NetSecurity cmdlets here`),
    );
  }
  const problems: string[] = [];
  for (const id of ids) {
    const rule = live.get(id.toUpperCase());
    const first = steps.find((step) => step.ruleId.toUpperCase() === id.toUpperCase())!;
    if (!rule) problems.push(`firewall rule ${id}: not in the live firewall`);
    else if (rule.policyStoreSourceType.toLowerCase() === 'grouppolicy')
      problems.push(`firewall rule ${id}: owned by Group Policy; change it in the GPO`);
    else if (!liveMatches(rule, ruleStates(first).before))
      problems.push(
        `firewall rule ${id}: the live rule (${describeRuleState(rule)}) is not what the rule store holds ` +
          `(${describeRuleState(ruleStates(first).before)}); plan again`,
      );
  }
  if (problems.length > 0)
    throw new ChangeRefusedError(
      'cannot-run-here',
      `${what} cannot run here: ${problems[0]}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}. ${NO_FIREWALL_HINT}`,
      problems,
    );
}
