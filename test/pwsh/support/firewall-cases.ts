/**
 * The firewall commands SinkGuard's change engine builds, as a table of cases for the pwsh lane: every command set
 * (apply, rollback, restore) × every plan (built-in profiles and opening edits) × every simulated machine, plus each
 * kind of change the command builder makes. Each case carries the mocked rule store before the command and what the
 * plan says the command does: the cmdlet calls with their bound parameters, and the rule's state afterwards.
 */
import {
  planForEdits,
  planForProfile,
  planKeys,
  type FirewallRuleStep,
  type Plan,
  type SettingEdit,
} from '../../../main/domain/changes/index';
import { formatAddressEntry } from '../../../main/domain/firewall/addresses';
import type { NarrowScope } from '../../../main/domain/firewall/commands';
import {
  FIREWALL_PROFILES,
  parseFirewallRule,
  type FirewallProfile,
  type FirewallRule,
} from '../../../main/domain/firewall/rule-string';
import { restoreRuleCommand } from '../../../main/changes/restore-tx-steps';
import { readRulesCommand, removeRuleCommand } from '../../../main/domain/firewall/live';
import type { FirewallCommand } from '../../../main/domain/firewall/runner';
import { LOCAL_RULES_KEY } from '../../../main/domain/firewall/store';
import { BUILT_IN_PROFILE_NAMES, builtInProfile } from '../../../main/domain/profiles/index';
import { MACHINE_PROFILES, openSimulatedMachine } from '../../../main/registry/machines';
import type { KeySnapshot, RegistryValue } from '../../../main/registry/types';
import { dotSource, psData, psLiteral } from './pwsh';

/** A rule as the NetSecurity mock holds it (New-SgRule's parameters). */
export interface MockRule {
  readonly Name: string;
  readonly DisplayName: string;
  readonly Description: string;
  readonly Enabled: 'True' | 'False';
  readonly Direction: 'Inbound' | 'Outbound';
  readonly Action: 'Allow' | 'Block';
  readonly Profile: string;
  readonly RemoteAddress: readonly string[];
}

/** One cmdlet call as the mocks record it: bound parameters by name (sorted), values as text. */
export interface ExpectedCall {
  readonly Command: string;
  readonly Parameters: Readonly<Record<string, string | boolean | readonly string[]>>;
}

/** A rule's state compared after the command: enabled, profiles (in order), remote addresses (lower case, sorted). */
export interface RuleState {
  readonly Enabled: 'True' | 'False';
  readonly Profiles: string;
  readonly Remote: string;
}

export interface CommandCase {
  readonly name: string;
  readonly set: CommandSet['set'];
  readonly command: FirewallCommand;
  readonly rules: readonly MockRule[];
  readonly calls: readonly ExpectedCall[];
  readonly ruleId: string;
  /** null: the rule is gone afterwards. */
  readonly after: RuleState | null;
  /** For a read: the JSON the script must print (compared as parsed JSON). */
  readonly output?: string;
}

/** A set of commands a plan's step brings, and what each should do. */
export interface CommandSet {
  readonly set: 'apply' | 'rollback' | 'remove' | 'read' | 'restore';
  readonly command: (step: FirewallRuleStep) => FirewallCommand;
  readonly calls: (step: FirewallRuleStep) => ExpectedCall[];
  readonly after: (step: FirewallRuleStep) => RuleState | null;
  /** A read's output, from the rule as the mock holds it. */
  readonly output?: (rule: MockRule) => string;
}

const profileText = (profiles: readonly FirewallProfile[]): string =>
  profiles.length === FIREWALL_PROFILES.length ? 'Any' : profiles.join(', ');
const remoteOf = (rule: FirewallRule): string[] =>
  rule.remoteAddresses === 'any' ? ['Any'] : [...new Set(rule.remoteAddresses.map(formatAddressEntry))];
export const scopeText = (scope: NarrowScope): string[] => scope.entries.map(formatAddressEntry);
export const stateOf = (rule: FirewallRule): RuleState => ({
  Enabled: rule.active ? 'True' : 'False',
  Profiles: rule.profiles.join(','),
  Remote: [...new Set(remoteOf(rule).map((entry) => entry.toLowerCase()))].sort().join(','),
});

function applyCalls(step: FirewallRuleStep): ExpectedCall[] {
  const { expected, ruleId } = step;
  const Name = [ruleId];
  if (expected.kind !== 'rule-properties')
    throw new Error(`apply step ${ruleId}: unexpected ${expected.kind}`);
  if (expected.scope) {
    return [
      {
        Command: 'Set-NetFirewallRule',
        // The builder names every profile (a flags value of all three), where undo says Any.
        Parameters: {
          Enabled: 'True',
          Name,
          Profile: expected.profiles!.join(', '),
          RemoteAddress: scopeText(expected.scope),
        },
      },
    ];
  }
  if (expected.profiles)
    return [{ Command: 'Set-NetFirewallRule', Parameters: { Name, Profile: expected.profiles.join(', ') } }];
  return [
    { Command: expected.active ? 'Enable-NetFirewallRule' : 'Disable-NetFirewallRule', Parameters: { Name } },
  ];
}

/** A rule set back to its before-values (live.ts setRuleCommand): one Set-NetFirewallRule naming every property. */
function setBackCalls(step: FirewallRuleStep): ExpectedCall[] {
  const before = parseFirewallRule(step.ruleBefore);
  return [
    {
      Command: 'Set-NetFirewallRule',
      Parameters: {
        Action: before.action === 'Block' ? 'Block' : 'Allow',
        Enabled: before.active ? 'True' : 'False',
        Name: [step.ruleId],
        Profile: profileText(before.profiles),
        RemoteAddress: remoteOf(before),
      },
    },
  ];
}

export const COMMAND_SETS: readonly CommandSet[] = [
  {
    set: 'apply',
    command: (step) => step.command,
    calls: applyCalls,
    after: (step) => stateOf(parseFirewallRule(step.expectedRule)),
  },
  {
    // The change engine's rollback of a step that ran (live.ts setRuleCommand): the rule's enabled state, action,
    // addresses and profiles put back with the same cmdlet, never by importing the FirewallRules key.
    set: 'rollback',
    command: (step) => step.undo,
    calls: setBackCalls,
    after: (step) => stateOf(parseFirewallRule(step.ruleBefore)),
  },
  {
    // A rule SinkGuard created is undone by removing it, by id (live.ts removeRuleCommand).
    set: 'remove',
    command: (step) => removeRuleCommand(step.ruleId),
    calls: (step) => [{ Command: 'Remove-NetFirewallRule', Parameters: { Name: [step.ruleId] } }],
    after: () => null,
  },
  {
    // Verification against the live rule (live.ts readRulesCommand): the rule and its address and port filters.
    set: 'read',
    command: (step) => readRulesCommand([step.ruleId]),
    calls: (step): ExpectedCall[] => [
      {
        Command: 'Get-NetFirewallRule',
        Parameters: { ErrorAction: 'SilentlyContinue', Name: [step.ruleId] },
      },
      {
        Command: 'Get-NetFirewallAddressFilter',
        Parameters: { AssociatedNetFirewallRule: `rule:${step.ruleId}` },
      },
      {
        Command: 'Get-NetFirewallPortFilter',
        Parameters: { AssociatedNetFirewallRule: `rule:${step.ruleId}` },
      },
      {
        Command: 'Get-NetFirewallPortFilter',
        Parameters: { AssociatedNetFirewallRule: `rule:${step.ruleId}` },
      },
    ],
    after: (step) => stateOf(parseFirewallRule(step.ruleBefore)),
    output: (rule) => JSON.stringify([liveJsonOf(rule)]),
  },
  {
    // A restore sets the rule back to the backup's values through the same cmdlet (restore-tx-steps.ts), from the
    // rule as the change left it; never by importing the FirewallRules key.
    set: 'restore',
    command: (step) =>
      restoreRuleCommand({
        kind: 'firewall-rule',
        settingId: 'restore',
        ruleId: step.ruleId,
        now: step.expectedRule,
        to: step.ruleBefore,
      }),
    calls: setBackCalls,
    after: (step) => stateOf(parseFirewallRule(step.ruleBefore)),
  },
];

/** What the read command prints for a rule the mock holds (the mock's filters: LocalPort Any, protocol TCP). */
export function liveJsonOf(rule: MockRule): Record<string, unknown> {
  return {
    Name: rule.Name,
    Enabled: rule.Enabled,
    Action: rule.Action,
    Direction: rule.Direction,
    Profile: rule.Profile,
    PolicyStoreSourceType: 'Local',
    RemoteAddress: [...rule.RemoteAddress],
    LocalPort: ['Any'],
    Protocol: 'TCP',
  };
}

export function mockRule(ruleId: string, stored: string): MockRule {
  const rule = parseFirewallRule(stored);
  return {
    Name: ruleId,
    DisplayName: rule.name ?? ruleId,
    Description: rule.description ?? '',
    Enabled: rule.active ? 'True' : 'False',
    Direction: rule.direction === 'In' ? 'Inbound' : 'Outbound',
    Action: rule.action === 'Allow' ? 'Allow' : 'Block',
    Profile: profileText(rule.profiles),
    RemoteAddress: remoteOf(rule),
  };
}

/** Text that ends literals, expands or starts code in PowerShell: rule names and descriptions on a machine may hold it. */
export const HOSTILE_TEXTS = [
  // Each would run Invoke-SgPwned (a mock that only records) if it were ever parsed as code.
  "'; Invoke-SgPwned; '",
  '$(Invoke-SgPwned)',
  '"; & Invoke-SgPwned; "',
  '`$(Invoke-SgPwned)` ‘quoted’ ’; Invoke-SgPwned',
  '@{a=1}; #<# comment',
  '${function:Invoke-SgPwned}',
];

/** The legacy machine with hostile display names and descriptions on every local rule. */
function hostileSnapshots(snapshots: readonly KeySnapshot[]): KeySnapshot[] {
  return snapshots.map((snapshot) => {
    if (snapshot.path.toLowerCase() !== LOCAL_RULES_KEY.toLowerCase()) return snapshot;
    let index = 0;
    const values = new Map<string, RegistryValue>(
      [...snapshot.values].map(([id, value]): [string, RegistryValue] => {
        if (value.type !== 'REG_SZ') return [id, value];
        const hostile = HOSTILE_TEXTS[index++ % HOSTILE_TEXTS.length]!;
        const data = value.data
          .replace(/\|Name=[^|]*/, `|Name=${hostile}`)
          .replace(/\|Desc=[^|]*/, `|Desc=${hostile} (description)`);
        return [id, { ...value, data }];
      }),
    );
    return { ...snapshot, values };
  });
}

export const SCOPE = ['10.0.10.0/24', 'LocalSubnet', '2001:db8::/48'];
const PLANS: readonly { name: string; plan: (context: Parameters<typeof planForProfile>[1]) => Plan }[] = [
  ...BUILT_IN_PROFILE_NAMES.map((name) => ({ name, plan: planForProfile.bind(null, builtInProfile(name)) })),
  ...(
    [
      ['open unsecapp on Domain', 'firewall.unsecapp', ['Domain']],
      ['open RPC on Domain and Private', 'firewall.dynamic-rpc', ['Domain', 'Private']],
      ['open the endpoint mapper on Public', 'firewall.endpoint-mapper', ['Public']],
    ] as const
  ).map(([name, settingId, profiles]) => ({
    name,
    plan: (context: Parameters<typeof planForProfile>[1]) =>
      planForEdits(
        [{ settingId, value: { allowFrom: SCOPE, profiles: [...profiles] } } as SettingEdit],
        context,
      ),
  })),
];

/** Every step of every plan on every simulated machine (and the hostile one), once per command set. */
export async function planCases(): Promise<CommandCase[]> {
  const cases: CommandCase[] = [];
  for (const machine of [...MACHINE_PROFILES, 'hostile'] as const) {
    const port = await openSimulatedMachine(machine === 'hostile' ? 'legacy' : machine);
    const read = await port.readKeys(planKeys());
    const snapshots = machine === 'hostile' ? hostileSnapshots(read) : read;
    const local = snapshots.find((snapshot) => snapshot.path.toLowerCase() === LOCAL_RULES_KEY.toLowerCase());
    const rules = [...(local?.values ?? [])].flatMap(([id, value]) =>
      value.type === 'REG_SZ' ? [mockRule(id, value.data)] : [],
    );
    for (const { name, plan } of PLANS) {
      const context = {
        id: 'plan',
        createdAt: '2025-01-02T03:04:05.000Z',
        backend: machine,
        snapshots,
        fingerprint: 'f',
      };
      for (const change of plan(context).firewallChanges) {
        for (const step of change.steps) {
          for (const set of COMMAND_SETS) {
            const mine = rules.filter((rule) => rule.Name.toUpperCase() === step.ruleId.toUpperCase());
            cases.push({
              ...(set.output ? { output: set.output(mine[0]!) } : {}),
              name: `${set.set}: ${name} on ${machine}: ${change.settingId} ${step.ruleId}`,
              set: set.set,
              command: set.command(step),
              // The rule the command changes (and, by id, nothing else: more rules would only slow the lane).
              rules: rules.filter((rule) => rule.Name.toUpperCase() === step.ruleId.toUpperCase()),
              calls: set.calls(step),
              ruleId: step.ruleId,
              after: set.after(step),
            });
          }
        }
      }
    }
  }
  return cases;
}

/** The Pester suite for these cases: one It per case. */
export function commandSuite(suiteCases: readonly CommandCase[]): string {
  return [
    'BeforeAll {',
    dotSource('NetSecurity.ps1'),
    `. ${psLiteral(new URL('./Commands.ps1', import.meta.url).pathname)}`,
    '}',
    "Describe 'firewall commands' {",
    ...suiteCases.map(
      (testCase) =>
        `  It ${psLiteral(testCase.name)} { Invoke-SgCommandCase (ConvertFrom-SgData ${psData(testCase)}) }`,
    ),
    '}',
  ].join('\n');
}
