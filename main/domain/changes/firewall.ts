import type { KeySnapshot } from '../../registry/types';
import { formatAddressEntry } from '../firewall/addresses';
import {
  parseNarrowScope,
  planFirewallChange,
  powershellCommand,
  quotePowerShell,
} from '../firewall/commands';
import { composeFirewallRule, formatFirewallRule, parseFirewallRule } from '../firewall/rule-string';
import type { FirewallRule, RuleField } from '../firewall/rule-string';
import type { FirewallCommand } from '../firewall/runner';
import { LOCAL_RULES_KEY } from '../firewall/store';
import type { FirewallChange, FirewallRuleStep } from './model';
import { indexSnapshots, valueIn } from './values';

/** What the audit says a firewall setting needs (its Change.firewall). */
export interface FirewallNeed {
  readonly target: FirewallChange['target'];
  readonly allowFrom: readonly string[];
  /** Ids of the enabled rules that open the target today. */
  readonly rules: readonly string[];
}

/** Set-NetFirewallRule back to the rule's enabled state, remote addresses and profiles. */
export function undoCommand(ruleId: string, before: FirewallRule): FirewallCommand {
  const remote =
    before.remoteAddresses === 'any'
      ? ['Any']
      : before.remoteAddresses.map((entry) => formatAddressEntry(entry));
  const profiles = before.profiles.length === 3 ? ['Any'] : [...before.profiles];
  return powershellCommand(
    `Set-NetFirewallRule -Name ${quotePowerShell(ruleId)} -Enabled ${before.active ? 'True' : 'False'} ` +
      `-RemoteAddress ${remote.map(quotePowerShell).join(',')} -Profile ${profiles.map(quotePowerShell).join(',')}`,
  );
}

/** The stored rule string with `Active`, and for a narrowing the remote addresses, replaced. */
function predictRuleString(before: FirewallRule, active: boolean, scope: readonly string[] | null): string {
  const fields: RuleField[] = [];
  let placedRemote = false;
  for (const field of before.fields) {
    const key = field.key.toLowerCase();
    if (key === 'active') {
      fields.push({ key: field.key, value: active ? 'TRUE' : 'FALSE' });
    } else if (scope !== null && /^ra(4|6|42|62)$/.test(key)) {
      if (!placedRemote) fields.push(...remoteFields(scope));
      placedRemote = true;
    } else {
      fields.push(field);
    }
  }
  if (scope !== null && !placedRemote) {
    const app = fields.findIndex((field) => field.key.toLowerCase() === 'app');
    fields.splice(app < 0 ? fields.length : app, 0, ...remoteFields(scope));
  }
  if (!before.fields.some((field) => field.key.toLowerCase() === 'active')) {
    fields.splice(1, 0, { key: 'Active', value: active ? 'TRUE' : 'FALSE' });
  }
  return formatFirewallRule(composeFirewallRule(before.version.text, fields));
}

function remoteFields(scope: readonly string[]): RuleField[] {
  const fields: RuleField[] = [];
  for (const family of ['4', '6']) {
    for (const entry of scope) {
      const isV6 = entry.includes(':');
      if (entry === 'LocalSubnet' || (family === '6') === isV6)
        fields.push({ key: `RA${family}`, value: entry });
    }
  }
  return fields;
}

/**
 * The per-rule steps that close a target (disable each opening rule) or narrow it to `allowFrom` (each opening rule
 * keeps its profiles, is enabled and limited to the scope). Rules are addressed by id through PowerShell (netsh can
 * only name rules by display name, which built-in rules share). Rules outside the local store are reported back.
 */
export function planFirewallSteps(
  need: FirewallNeed,
  snapshots: readonly KeySnapshot[],
): { steps: FirewallRuleStep[]; notLocal: string[] } {
  const localRules = indexSnapshots(snapshots)(LOCAL_RULES_KEY);
  const steps: FirewallRuleStep[] = [];
  const notLocal: string[] = [];
  const scope = need.allowFrom.length === 0 ? null : parseNarrowScope(need.allowFrom);
  for (const ruleId of need.rules) {
    const stored = valueIn(localRules, ruleId);
    if (stored === null || (stored.type !== 'REG_SZ' && stored.type !== 'REG_EXPAND_SZ')) {
      notLocal.push(ruleId);
      continue;
    }
    const before = parseFirewallRule(stored.data);
    const planned =
      scope === null
        ? planFirewallChange({ kind: 'disable', ruleId }, 'powershell')
        : planFirewallChange({ kind: 'narrow', ruleId, scope, profiles: before.profiles }, 'powershell');
    steps.push({
      ruleId,
      command: planned.command,
      expected: planned.expected,
      expectedRule: predictRuleString(before, scope !== null, scope === null ? null : need.allowFrom),
      ruleBefore: stored.data,
      undo: undoCommand(ruleId, before),
    });
  }
  return { steps, notLocal };
}
