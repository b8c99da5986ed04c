import type {
  FirewallCommand,
  FirewallCommandResult,
  FirewallCommandRunner,
} from '../domain/firewall/runner';
import { editRuleString, type RuleEdit } from '../domain/firewall/rule-edit';
import { parseFirewallRule } from '../domain/firewall/rule-string';
import { LOCAL_RULES_KEY } from '../domain/firewall/store';
import type { RegistryPort } from '../domain/registry-port/types';

/**
 * The firewall of a simulated machine: carries out the NetSecurity commands the change engine issues
 * (Set-NetFirewallRule / Enable- / Disable-NetFirewallRule by -Name) on the rule strings in the simulated registry,
 * so plans with firewall changes can be applied, verified and rolled back off Windows. A command that puts a rule
 * back to what it held when first touched restores the original string exactly, as Windows would keep it.
 */
export class SimulatedFirewallRunner implements FirewallCommandRunner {
  private readonly originals = new Map<string, string>();

  constructor(private readonly port: RegistryPort) {}

  async run(command: FirewallCommand): Promise<FirewallCommandResult> {
    const script = command.display;
    const name = /-Name '((?:[^']|'')*)'/.exec(script)?.[1]?.replace(/''/g, "'");
    if (command.program !== 'powershell' || name === undefined)
      return failure(`unsupported command: ${script}`);
    const [snapshot] = await this.port.readKeys([LOCAL_RULES_KEY]);
    const entry = [...(snapshot?.values ?? [])].find(([id]) => id.toLowerCase() === name.toLowerCase());
    if (!entry || entry[1].type !== 'REG_SZ')
      return failure(`No MSFT_NetFirewallRule objects found with property 'Name' equal to '${name}'.`);
    const [id, value] = entry;
    const original = this.originals.get(id.toLowerCase()) ?? value.data;
    this.originals.set(id.toLowerCase(), original);
    const rule = parseFirewallRule(value.data);

    let active = rule.active;
    let remote: string[] | null = null;
    let profiles: string[] | null = null;
    if (/^\$ErrorActionPreference = 'Stop'; Disable-NetFirewallRule /.test(script)) active = false;
    else if (/^\$ErrorActionPreference = 'Stop'; Enable-NetFirewallRule /.test(script)) active = true;
    else if (/^\$ErrorActionPreference = 'Stop'; Set-NetFirewallRule /.test(script)) {
      const list = (flag: string) => {
        const match = new RegExp(`-${flag} ((?:'(?:[^']|'')*',?)+)`).exec(script);
        return match
          ? [...match[1]!.matchAll(/'((?:[^']|'')*)'/g)].map((item) => item[1]!.replace(/''/g, "'"))
          : null;
      };
      const enabled = /-Enabled (True|False)/.exec(script)?.[1];
      if (enabled) active = enabled === 'True';
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
