/** The firewall command builder's own cases for the pwsh lane: each kind of change, with hostile display names. */
import { SVCHOST, UNSECAPP } from '../../../main/domain/firewall/exposure';
import {
  parseNarrowScope,
  planFirewallChange,
  type FirewallChange,
} from '../../../main/domain/firewall/commands';
import {
  HOSTILE_TEXTS,
  SCOPE,
  scopeText,
  type CommandCase,
  type ExpectedCall,
  type MockRule,
  type RuleState,
} from './firewall-cases';

/** Each kind of change the command builder makes, on a rule store holding the rule it changes. */
export function builderCases(): CommandCase[] {
  const scope = parseNarrowScope(SCOPE);
  const existing: MockRule = {
    Name: 'WMI-ASYNC-In-TCP',
    DisplayName: HOSTILE_TEXTS[0]!,
    Description: HOSTILE_TEXTS[1]!,
    Enabled: 'True',
    Direction: 'Inbound',
    Action: 'Allow',
    Profile: 'Private, Public',
    RemoteAddress: ['Any'],
  };
  const state = (Enabled: 'True' | 'False', Profiles: string, remote: readonly string[]): RuleState => ({
    Enabled,
    Profiles,
    Remote: [...new Set(remote.map((entry) => entry.toLowerCase()))].sort().join(','),
  });
  const kinds: {
    change: FirewallChange;
    calls: ExpectedCall[];
    after: RuleState | null;
    rules: MockRule[];
  }[] = [
    ...HOSTILE_TEXTS.map((displayName, index) => ({
      change: {
        kind: 'add',
        ruleId: `SinkGuard-test-${index}`,
        displayName,
        target: 'wmi-async-callback',
        scope,
        profiles: ['Domain'],
      } as FirewallChange,
      calls: [
        {
          Command: 'New-NetFirewallRule',
          Parameters: {
            Action: 'Allow',
            Direction: 'Inbound',
            DisplayName: displayName,
            Enabled: 'True',
            Name: `SinkGuard-test-${index}`,
            PolicyStore: 'PersistentStore',
            Profile: 'Domain',
            Program: UNSECAPP,
            Protocol: 'TCP',
            RemoteAddress: scopeText(scope),
          },
        },
      ],
      after: state('True', 'Domain', scopeText(scope)),
      rules: [],
    })),
    {
      change: {
        kind: 'add',
        ruleId: 'SinkGuard-rpc',
        target: 'rpc-dynamic',
        scope,
        profiles: ['Domain', 'Private'],
      },
      calls: [
        {
          Command: 'New-NetFirewallRule',
          Parameters: {
            Action: 'Allow',
            Direction: 'Inbound',
            DisplayName: 'SinkGuard-rpc',
            Enabled: 'True',
            LocalPort: ['RPC'],
            Name: 'SinkGuard-rpc',
            PolicyStore: 'PersistentStore',
            Profile: 'Domain, Private',
            Program: SVCHOST,
            Protocol: 'TCP',
            RemoteAddress: scopeText(scope),
            Service: 'Winmgmt',
          },
        },
      ],
      after: state('True', 'Domain,Private', scopeText(scope)),
      rules: [],
    },
    {
      change: { kind: 'narrow', ruleId: existing.Name, scope, profiles: ['Domain'] },
      calls: [
        {
          Command: 'Set-NetFirewallRule',
          Parameters: {
            Enabled: 'True',
            Name: [existing.Name],
            Profile: 'Domain',
            RemoteAddress: scopeText(scope),
          },
        },
      ],
      after: state('True', 'Domain', scopeText(scope)),
      rules: [existing],
    },
    {
      change: { kind: 'limit-profiles', ruleId: existing.Name, profiles: ['Private'] },
      calls: [{ Command: 'Set-NetFirewallRule', Parameters: { Name: [existing.Name], Profile: 'Private' } }],
      after: state('True', 'Private', ['Any']),
      rules: [existing],
    },
    ...(['enable', 'disable'] as const).map((kind) => ({
      change: { kind, ruleId: existing.Name } as FirewallChange,
      calls: [
        {
          Command: `${kind === 'enable' ? 'Enable' : 'Disable'}-NetFirewallRule`,
          Parameters: { Name: [existing.Name] },
        },
      ],
      after: state(kind === 'enable' ? 'True' : 'False', 'Private,Public', ['Any']),
      rules: [existing],
    })),
    {
      change: { kind: 'delete', ruleId: existing.Name },
      calls: [{ Command: 'Remove-NetFirewallRule', Parameters: { Name: [existing.Name] } }],
      after: null,
      rules: [existing],
    },
  ];
  return kinds.map(({ change, calls, after, rules }, index) => ({
    name: `builder: ${change.kind} ${change.ruleId} (${index + 1})`,
    set: 'apply',
    command: planFirewallChange(change, 'powershell').command,
    rules,
    calls,
    ruleId: change.ruleId,
    after,
  }));
}
