/**
 * The live firewall, through its own interface: commands that put a rule back with the same NetSecurity cmdlets that
 * changed it (before-values), remove a rule SinkGuard created, and read rules back as the running firewall reports
 * them (Get-NetFirewallRule with its address and port filters, as JSON). Rollback and restore use these; the
 * `FirewallRules` registry key is never imported (Windows does not support editing it under a running service).
 * Rule names only ever appear as single-quoted literals (quotePowerShell), whatever they hold.
 */
import { formatAddressEntry, parseAddressToken, type AddressEntry } from './addresses';
import { powershellCommand, quotePowerShell } from './commands';
import { FIREWALL_PROFILES, type FirewallProfile, type FirewallRule } from './rule-string';
import type { FirewallCommand } from './runner';

/** What rollback puts back on a rule, and what verification compares with the live rule. */
export interface RuleState {
  readonly enabled: boolean;
  /** The profiles the rule applies to (all three = Any). */
  readonly profiles: readonly FirewallProfile[];
  /** Remote addresses as the cmdlets take them; ['Any'] for any. */
  readonly remoteAddresses: readonly string[];
  readonly action: 'Allow' | 'Block';
}

/** A rule as the live firewall reports it. */
export interface LiveRule extends RuleState {
  readonly name: string;
  readonly direction: 'Inbound' | 'Outbound';
  readonly localPorts: readonly string[];
  readonly protocol: string;
  /** `Local`, `GroupPolicy`, ...: where the rule in effect comes from (a GPO-owned rule cannot be set locally). */
  readonly policyStoreSourceType: string;
}

export class LiveReadError extends Error {
  override readonly name = 'LiveReadError';
}

/** The state a rule string (a rule as the store held it before a change) describes. */
export function ruleStateOf(rule: FirewallRule): RuleState {
  return {
    enabled: rule.active,
    profiles: [...rule.profiles],
    remoteAddresses:
      rule.remoteAddresses === 'any'
        ? ['Any']
        : [...new Set(rule.remoteAddresses.map((entry) => formatAddressEntry(entry)))],
    action: rule.action === 'Block' ? 'Block' : 'Allow',
  };
}

const list = (values: readonly string[]): string => values.map(quotePowerShell).join(',');

/**
 * Reads the named rules as JSON: one object per rule that exists (a missing rule is simply absent), with its
 * address and port filters. Parsed by parseLiveRules.
 */
export function readRulesCommand(names: readonly string[]): FirewallCommand {
  if (names.length === 0) throw new LiveReadError('readRulesCommand needs at least one rule name');
  return powershellCommand(
    `ConvertTo-Json -Depth 4 -Compress -InputObject @(Get-NetFirewallRule -Name ${list(names)} ` +
      '-ErrorAction SilentlyContinue | ForEach-Object { [pscustomobject]@{ Name = [string]$_.Name; ' +
      'Enabled = [string]$_.Enabled; Action = [string]$_.Action; Direction = [string]$_.Direction; ' +
      'Profile = [string]$_.Profile; PolicyStoreSourceType = [string]$_.PolicyStoreSourceType; ' +
      'RemoteAddress = @(($_ | Get-NetFirewallAddressFilter).RemoteAddress); ' +
      'LocalPort = @(($_ | Get-NetFirewallPortFilter).LocalPort); ' +
      'Protocol = [string](($_ | Get-NetFirewallPortFilter).Protocol) } })',
  );
}

/** Set-NetFirewallRule back to the before-values: enabled state, action, remote addresses and profiles. */
export function setRuleCommand(name: string, before: RuleState): FirewallCommand {
  const profiles = before.profiles.length === FIREWALL_PROFILES.length ? ['Any'] : [...before.profiles];
  return powershellCommand(
    `Set-NetFirewallRule -Name ${quotePowerShell(name)} -Enabled ${before.enabled ? 'True' : 'False'} ` +
      `-Action ${before.action} -RemoteAddress ${list(before.remoteAddresses)} -Profile ${list(profiles)}`,
  );
}

/** Removes a rule SinkGuard created (by its id, never by display name). */
export function removeRuleCommand(name: string): FirewallCommand {
  return powershellCommand(`Remove-NetFirewallRule -Name ${quotePowerShell(name)}`);
}

const PROFILE_NAMES = new Map(FIREWALL_PROFILES.map((profile) => [profile.toLowerCase(), profile]));

function profilesOf(text: string): FirewallProfile[] {
  const parts = text.split(',').map((part) => part.trim().toLowerCase());
  if (parts.includes('any') || parts.includes('0')) return [...FIREWALL_PROFILES];
  const found = new Set(parts.map((part) => PROFILE_NAMES.get(part)));
  if (found.has(undefined)) throw new LiveReadError(`unknown firewall profile in ${JSON.stringify(text)}`);
  return FIREWALL_PROFILES.filter((profile) => found.has(profile));
}

const strings = (value: unknown, field: string): string[] => {
  const items = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (!items.every((item) => typeof item === 'string'))
    throw new LiveReadError(`${field}: expected text, got ${JSON.stringify(value)}`);
  return items as string[];
};

function text(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (typeof value !== 'string')
    throw new LiveReadError(`${field}: expected text, got ${JSON.stringify(value)}`);
  return value;
}

/** Parses the read command's output: rules by upper-cased name. Anything unexpected is an error, never a guess. */
export function parseLiveRules(stdout: string): Map<string, LiveRule> {
  let data: unknown;
  try {
    data = JSON.parse(stdout.trim() === '' ? '[]' : stdout);
  } catch {
    throw new LiveReadError(`the live rule read is not JSON: ${stdout.trim().slice(0, 120)}`);
  }
  const records = Array.isArray(data) ? data : [data];
  const rules = new Map<string, LiveRule>();
  for (const record of records) {
    if (typeof record !== 'object' || record === null)
      throw new LiveReadError('a live rule is not an object');
    const fields = record as Record<string, unknown>;
    const enabled = text(fields, 'Enabled');
    const action = text(fields, 'Action');
    const direction = text(fields, 'Direction');
    if (!['True', 'False'].includes(enabled)) throw new LiveReadError(`Enabled: ${enabled}`);
    if (!['Allow', 'Block'].includes(action)) throw new LiveReadError(`Action: ${action}`);
    if (!['Inbound', 'Outbound'].includes(direction)) throw new LiveReadError(`Direction: ${direction}`);
    const name = text(fields, 'Name');
    const remote = strings(fields.RemoteAddress, 'RemoteAddress');
    rules.set(name.toUpperCase(), {
      name,
      enabled: enabled === 'True',
      action: action as LiveRule['action'],
      direction: direction as LiveRule['direction'],
      profiles: profilesOf(text(fields, 'Profile')),
      remoteAddresses: remote.length === 0 ? ['Any'] : remote,
      localPorts: strings(fields.LocalPort, 'LocalPort'),
      protocol: text(fields, 'Protocol'),
      policyStoreSourceType: text(fields, 'PolicyStoreSourceType'),
    });
  }
  return rules;
}

/** Remote addresses compared by meaning: `10.0.0.0/255.255.255.0` and `10.0.0.0/24` are one subnet. */
export function canonicalAddresses(addresses: readonly string[]): string {
  const canonical = addresses.map((address) => {
    let entry: AddressEntry;
    try {
      entry = parseAddressToken(address, null, { allowKeywords: true });
    } catch {
      return address.toLowerCase();
    }
    return formatAddressEntry(entry).toLowerCase();
  });
  if (canonical.includes('any')) return 'any';
  return [...new Set(canonical)].sort().join(',');
}

const inOrder = (profiles: readonly FirewallProfile[]): string =>
  FIREWALL_PROFILES.filter((profile) => profiles.includes(profile)).join();

/** Whether the live rule (undefined: absent) is in `state` (null: the rule must not exist). */
export function liveMatches(live: LiveRule | undefined, state: RuleState | null): boolean {
  if (state === null) return live === undefined;
  if (live === undefined) return false;
  return (
    live.enabled === state.enabled &&
    live.action === state.action &&
    inOrder(live.profiles) === inOrder(state.profiles) &&
    canonicalAddresses(live.remoteAddresses) === canonicalAddresses(state.remoteAddresses)
  );
}

/** A rule's state in words, for "incomplete: ... remains" lines. */
export function describeRuleState(state: RuleState | LiveRule | null | undefined): string {
  if (!state) return 'absent';
  return (
    `${state.enabled ? 'enabled' : 'disabled'} ${state.action}, remote ${state.remoteAddresses.join(',')}, ` +
    `profiles ${state.profiles.length === FIREWALL_PROFILES.length ? 'Any' : state.profiles.join(',')}`
  );
}
