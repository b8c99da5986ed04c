import { ruleStateOf } from '../domain/firewall/live';
import { editRuleString, type RuleEdit } from '../domain/firewall/rule-edit';
import { FIREWALL_PROFILES, parseFirewallRule, type FirewallRule } from '../domain/firewall/rule-string';
import type {
  FirewallCommand,
  FirewallCommandResult,
  FirewallCommandRunner,
} from '../domain/firewall/runner';
import { LOCAL_RULES_KEY } from '../domain/firewall/store';
import type { RegistryPort } from '../domain/registry-port/types';
import { formatPortEntry } from '../domain/firewall/addresses';

const PREFIX = "$ErrorActionPreference = 'Stop'; ";

/**
 * The firewall of a simulated machine: its live rules are the rule strings in the simulated registry. It carries out
 * the NetSecurity commands the change engine issues (Set-/Enable-/Disable-/Remove-NetFirewallRule by -Name) and
 * answers the live read (Get-NetFirewallRule with its filters, as JSON), so plans with firewall changes can be
 * applied, verified and rolled back off Windows. A command that puts a rule back to what it held when first touched
 * restores the original string exactly, as Windows would keep it. Names are read only as the quoted literals the
 * builders write (`'...'` with doubled quotes), the way PowerShell would bind them.
 */
export class SimulatedFirewallRunner implements FirewallCommandRunner {
  private readonly originals = new Map<string, string>();

  constructor(private readonly port: RegistryPort) {}

  async run(command: FirewallCommand): Promise<FirewallCommandResult> {
    const script = command.display;
    if (command.program !== 'powershell' || !script.startsWith(PREFIX))
      return failure(`unsupported command: ${script}`);
    const statement = script.slice(PREFIX.length);
    const [snapshot] = await this.port.readKeys([LOCAL_RULES_KEY]);
    const rules = [...(snapshot?.values ?? [])].flatMap(([id, value]) =>
      value.type === 'REG_SZ' ? [[id, value.data] as const] : [],
    );
    if (statement.startsWith('ConvertTo-Json ')) {
      const names = literals(/-Name ((?:'(?:[^']|'')*',?)+)/.exec(statement)?.[1] ?? '');
      const found = names.flatMap((name) => rules.filter(([id]) => id.toLowerCase() === name.toLowerCase()));
      return {
        exitCode: 0,
        stdout: JSON.stringify(found.map(([id, data]) => liveJson(id, data))),
        stderr: '',
      };
    }
    const name = literals(/-Name ('(?:[^']|'')*')/.exec(statement)?.[1] ?? '')[0];
    if (name === undefined) return failure(`unsupported command: ${script}`);
    const entry = rules.find(([id]) => id.toLowerCase() === name.toLowerCase());
    if (!entry)
      return failure(`No MSFT_NetFirewallRule objects found with property 'Name' equal to '${name}'.`);
    const [id, data] = entry;
    if (statement.startsWith('Remove-NetFirewallRule ')) {
      await this.port.deleteValues([{ key: LOCAL_RULES_KEY, name: id }]);
      return { exitCode: 0, stdout: '', stderr: '' };
    }
    const original = this.originals.get(id.toLowerCase()) ?? data;
    this.originals.set(id.toLowerCase(), original);
    const rule = parseFirewallRule(data);

    let active = rule.active;
    let remote: string[] | null = null;
    let profiles: string[] | null = null;
    if (statement.startsWith('Disable-NetFirewallRule ')) active = false;
    else if (statement.startsWith('Enable-NetFirewallRule ')) active = true;
    else if (statement.startsWith('Set-NetFirewallRule ')) {
      const list = (flag: string) => {
        const match = new RegExp(`-${flag} ((?:'(?:[^']|'')*',?)+)`).exec(statement);
        return match ? literals(match[1]!) : null;
      };
      const enabled = /-Enabled (True|False)/.exec(statement)?.[1];
      if (enabled) active = enabled === 'True';
      const action = /-Action (Allow|Block)/.exec(statement)?.[1];
      // The simulation edits enabled state, addresses and profiles; it refuses to pretend it changed an action.
      if (action && action !== ruleStateOf(rule).action)
        return failure(`the simulated firewall cannot change a rule's action: ${script}`);
      remote = list('RemoteAddress');
      profiles = list('Profile');
    } else {
      return failure(`unsupported command: ${script}`);
    }

    const edit: RuleEdit = {
      active,
      ...(remote ? { remote } : {}),
      ...(profiles ? { profiles } : {}),
    };
    let next = editRuleString(rule, edit);
    if (sameMeaning(next, original)) next = original;
    await this.port.writeValues([{ key: LOCAL_RULES_KEY, name: id, value: { type: 'REG_SZ', data: next } }]);
    return { exitCode: 0, stdout: '', stderr: '' };
  }
}

/** `'a','b''c'` → ['a', "b'c"]. */
function literals(text: string): string[] {
  return [...text.matchAll(/'((?:[^']|'')*)'/g)].map((item) => item[1]!.replace(/''/g, "'"));
}

const PROTOCOLS: Readonly<Record<number, string>> = { 6: 'TCP', 17: 'UDP', 1: 'ICMPv4', 58: 'ICMPv6' };

/** A rule as Get-NetFirewallRule and its filters report it, in the read command's JSON shape. */
function liveJson(id: string, data: string): Record<string, unknown> {
  const rule: FirewallRule = parseFirewallRule(data);
  const state = ruleStateOf(rule);
  return {
    Name: id,
    Enabled: state.enabled ? 'True' : 'False',
    Action: state.action,
    Direction: rule.direction === 'In' ? 'Inbound' : 'Outbound',
    Profile: state.profiles.length === FIREWALL_PROFILES.length ? 'Any' : state.profiles.join(', '),
    PolicyStoreSourceType: 'Local',
    RemoteAddress: [...state.remoteAddresses],
    LocalPort: rule.localPorts === 'any' ? ['Any'] : rule.localPorts.map(formatPortEntry),
    Protocol: rule.protocol === null ? 'Any' : (PROTOCOLS[rule.protocol] ?? String(rule.protocol)),
  };
}

function sameMeaning(a: string, b: string): boolean {
  const x = parseFirewallRule(a);
  const y = parseFirewallRule(b);
  const remote = (rule: typeof x) =>
    rule.remoteAddresses === 'any' ? 'any' : JSON.stringify(rule.remoteAddresses);
  return (
    x.active === y.active &&
    remote(x) === remote(y) &&
    x.profiles.join() === y.profiles.join() &&
    x.fields.length === y.fields.length
  );
}

function failure(message: string): FirewallCommandResult {
  return { exitCode: 1, stdout: '', stderr: message };
}
