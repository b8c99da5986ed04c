import { describe, expect, it } from 'vitest';
import {
  FirewallChangeError,
  encodePowerShellCommand,
  parseLocalPorts,
  parseNarrowScope,
  parseProfiles,
  planFirewallChange,
  quotePowerShell,
  verifyFirewallChange,
  type FirewallChange,
  type NarrowScope,
} from '../../../main/domain/firewall/commands';
import { FIREWALL_KEYS, LOCAL_RULES_KEY } from '../../../main/domain/firewall/store';
import { openSimulatedMachine } from '../../../main/registry/machines';
import type { KeySnapshot } from '../../../main/registry/types';
import { sz } from './support';

const HOSTILE = [
  'x" & calc',
  'a|b',
  'a;b',
  '%PATH%',
  'a`b',
  '$(calc)',
  'a\nb',
  "a'b",
  'a\u2019b',
  'a b',
  'a^b',
  '>out',
];

/** PowerShell's single-quoted literal: any of the four quote characters, doubled, stands for itself. */
const PS_LITERAL =
  /['\u2018\u2019\u201a\u201b]((?:[^'\u2018\u2019\u201a\u201b]|['\u2018\u2019\u201a\u201b]{2})*)['\u2018\u2019\u201a\u201b]/g;

function tokenizePowerShell(script: string): { skeleton: string; literals: string[] } {
  const literals: string[] = [];
  const skeleton = script.replace(PS_LITERAL, (_whole, body: string) => {
    literals.push(body.replace(/(['\u2018\u2019\u201a\u201b])\1/g, '$1'));
    return "'Q'";
  });
  return { skeleton, literals };
}

function decodeEncodedCommand(args: readonly string[]): string {
  const encoded = args[args.indexOf('-EncodedCommand') + 1]!;
  return Buffer.from(encoded, 'base64').toString('utf16le');
}

const addEpmap = (overrides: Partial<Extract<FirewallChange, { kind: 'add' }>> = {}): FirewallChange => ({
  kind: 'add',
  ruleId: 'SinkGuard-RPC-EPMap-In',
  target: 'rpc-endpoint-mapper',
  scope: parseNarrowScope('LocalSubnet,10.0.10.0/24'),
  profiles: ['Domain', 'Private'],
  ...overrides,
});

describe('netsh commands', () => {
  it('adds a narrow endpoint-mapper rule as an argv array', () => {
    const plan = planFirewallChange(addEpmap(), 'netsh');
    expect(plan.command.program).toBe('netsh');
    expect(plan.command.args).toEqual([
      'advfirewall',
      'firewall',
      'add',
      'rule',
      'name=SinkGuard-RPC-EPMap-In',
      'dir=in',
      'action=allow',
      'protocol=TCP',
      'localport=RPC-EPMap',
      'program=%SystemRoot%\\system32\\svchost.exe',
      'service=RpcSs',
      'remoteip=LocalSubnet,10.0.10.0/24',
      'profile=domain,private',
      'enable=yes',
    ]);
    expect(plan.expected).toMatchObject({
      kind: 'rule',
      locate: { by: 'name', name: 'SinkGuard-RPC-EPMap-In' },
    });
  });

  it('enables, narrows and deletes by name', () => {
    expect(planFirewallChange({ kind: 'enable', ruleId: 'SinkGuard-A' }, 'netsh').command.display).toBe(
      'netsh advfirewall firewall set rule name=SinkGuard-A new enable=yes',
    );
    expect(
      planFirewallChange(
        {
          kind: 'narrow',
          ruleId: 'SinkGuard-A',
          scope: parseNarrowScope(['192.168.1.10', 'fe80::/64']),
          profiles: ['Public'],
        },
        'netsh',
      ).command.args,
    ).toEqual([
      'advfirewall',
      'firewall',
      'set',
      'rule',
      'name=SinkGuard-A',
      'new',
      'remoteip=192.168.1.10,fe80::/64',
      'profile=public',
      'enable=yes',
    ]);
    expect(planFirewallChange({ kind: 'delete', ruleId: 'SinkGuard-A' }, 'netsh').command.args).toEqual([
      'advfirewall',
      'firewall',
      'delete',
      'rule',
      'name=SinkGuard-A',
    ]);
  });

  it.each(HOSTILE)('refuses the hostile rule id %j rather than escaping it', (ruleId) => {
    expect(() => planFirewallChange({ kind: 'delete', ruleId }, 'netsh')).toThrow(FirewallChangeError);
    expect(() => planFirewallChange(addEpmap({ ruleId }), 'netsh')).toThrow(/rule id .* is refused/);
  });

  it.each<FirewallChange>([
    { kind: 'enable', ruleId: 'WMI-ASYNC-In-TCP' },
    { kind: 'disable', ruleId: 'WMI-RPCSS-In-TCP-NoScope' },
    { kind: 'delete', ruleId: 'RemoteAdmin-RPCSS-In-TCP' },
    { kind: 'limit-profiles', ruleId: 'WMI-WINMGMT-In-TCP', profiles: ['Domain'] },
    {
      kind: 'narrow',
      ruleId: 'WMI-ASYNC-In-TCP',
      scope: parseNarrowScope('LocalSubnet'),
      profiles: ['Private'],
    },
    { kind: 'enable', ruleId: '{0A1B2C3D-0000-4000-8000-000000000000}' },
    { kind: 'enable', ruleId: 'SinkGuard-' },
    { kind: 'enable', ruleId: 'sinkguard-a' },
  ])(
    'refuses to address a rule SinkGuard did not name ($kind $ruleId): netsh matches display names',
    (change) => {
      expect(() => planFirewallChange(change, 'netsh')).toThrow(FirewallChangeError);
      try {
        planFirewallChange(change, 'netsh');
      } catch (error) {
        expect((error as FirewallChangeError).code).toBe(
          /^[A-Za-z0-9]/.test(change.ruleId) ? 'unsupported-by-tool' : 'invalid-rule-id',
        );
        if (/^[A-Za-z0-9]/.test(change.ruleId)) {
          expect((error as FirewallChangeError).message).toContain(
            'netsh addresses rules by display name, not by id, so it can only change rules SinkGuard itself named (SinkGuard-…)',
          );
          expect((error as FirewallChangeError).message).toContain('Use PowerShell');
        }
      }
      // The same change by id through PowerShell is fine (GUID ids included).
      expect(planFirewallChange(change, 'powershell').command.program).toBe('powershell');
    },
  );

  it('only creates rules named SinkGuard-…, so it can find them again', () => {
    expect(() => planFirewallChange(addEpmap({ ruleId: 'My-RPC-Rule' }), 'netsh')).toThrow(
      /can only change rules SinkGuard itself named/,
    );
    expect(planFirewallChange(addEpmap({ ruleId: 'My-RPC-Rule' }), 'powershell').command.display).toContain(
      "-Name 'My-RPC-Rule'",
    );
  });

  it('has no display name of its own', () => {
    expect(() => planFirewallChange(addEpmap({ displayName: 'Nice name' }), 'netsh')).toThrow(
      /netsh has no separate display name/,
    );
  });
});

describe('PowerShell commands', () => {
  it('creates the rule by stable id with every value single-quoted, sent as -EncodedCommand', () => {
    const plan = planFirewallChange(
      addEpmap({ displayName: 'SinkGuard: RPC endpoint mapper' }),
      'powershell',
    );
    expect(plan.command.program).toBe('powershell');
    expect(plan.command.args.slice(0, 6)).toEqual([
      '-NoLogo',
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-EncodedCommand',
    ]);
    expect(plan.command.args[6]).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(decodeEncodedCommand(plan.command.args)).toBe(plan.command.display);
    expect(plan.command.display).toBe(
      "$ErrorActionPreference = 'Stop'; New-NetFirewallRule -Name 'SinkGuard-RPC-EPMap-In' -DisplayName 'SinkGuard: RPC endpoint mapper' " +
        "-Direction Inbound -Action Allow -Protocol TCP -LocalPort 'RPCEPMap' -Program '%SystemRoot%\\system32\\svchost.exe' " +
        "-Service 'RpcSs' -RemoteAddress 'LocalSubnet','10.0.10.0/24' -Profile 'Domain','Private' -Enabled True -PolicyStore PersistentStore | Out-Null",
    );
    expect(plan.expected).toMatchObject({
      kind: 'rule',
      locate: { by: 'id', ruleId: 'SinkGuard-RPC-EPMap-In' },
    });
  });

  it('enables a built-in rule by its id, not its localised group', () => {
    const plan = planFirewallChange({ kind: 'enable', ruleId: 'WMI-ASYNC-In-TCP' }, 'powershell');
    expect(plan.command.display).toBe(
      "$ErrorActionPreference = 'Stop'; Enable-NetFirewallRule -Name 'WMI-ASYNC-In-TCP'",
    );
  });

  it.each(HOSTILE.filter((name) => !name.includes('|') && !name.includes('\n')))(
    'keeps the hostile display name %j inside one literal',
    (displayName) => {
      const benign = tokenizePowerShell(
        planFirewallChange(addEpmap({ displayName: 'SAFE' }), 'powershell').command.display,
      );
      const hostile = tokenizePowerShell(
        planFirewallChange(addEpmap({ displayName }), 'powershell').command.display,
      );
      expect(hostile.skeleton).toBe(benign.skeleton);
      expect(hostile.literals[2]).toBe(displayName);
    },
  );

  it.each(['a|b', 'a\nb', 'a\u0000b'])(
    'refuses a display name the rule string cannot hold (%j)',
    (displayName) => {
      expect(() => planFirewallChange(addEpmap({ displayName }), 'powershell')).toThrow(
        /cannot hold '\|' or control characters/,
      );
    },
  );

  it.each(HOSTILE)('refuses the hostile rule id %j', (ruleId) => {
    expect(() => planFirewallChange({ kind: 'enable', ruleId }, 'powershell')).toThrow(FirewallChangeError);
  });

  it('limits a rule to profiles by its id, leaving its addresses and enabled state alone', () => {
    const plan = planFirewallChange(
      { kind: 'limit-profiles', ruleId: 'WMI-RPCSS-In-TCP', profiles: ['Public', 'Domain'] },
      'powershell',
    );
    expect(plan.command.display).toBe(
      "$ErrorActionPreference = 'Stop'; Set-NetFirewallRule -Name 'WMI-RPCSS-In-TCP' -Profile 'Domain','Public'",
    );
    expect(decodeEncodedCommand(plan.command.args)).toBe(plan.command.display);
    expect(plan.expected).toEqual({
      kind: 'rule-properties',
      locate: { by: 'id', ruleId: 'WMI-RPCSS-In-TCP' },
      active: true,
      profiles: ['Domain', 'Public'],
    });
    expect(
      planFirewallChange({ kind: 'limit-profiles', ruleId: 'SinkGuard-A', profiles: ['Private'] }, 'netsh')
        .command.args,
    ).toEqual(['advfirewall', 'firewall', 'set', 'rule', 'name=SinkGuard-A', 'new', 'profile=private']);
    expect(() =>
      planFirewallChange({ kind: 'limit-profiles', ruleId: 'WMI-RPCSS-In-TCP', profiles: [] }, 'powershell'),
    ).toThrow(/no profile given/);
    expect(() =>
      planFirewallChange({ kind: 'limit-profiles', ruleId: "a'b", profiles: ['Domain'] }, 'powershell'),
    ).toThrow(FirewallChangeError);
  });

  it('quotes any text so PowerShell reads it back verbatim', () => {
    for (const text of ["it's", 'a\u2018b\u2019c\u201ad\u201be', "''", 'x\ny', '$(calc) `n "q"']) {
      const { skeleton, literals } = tokenizePowerShell(`Write-Output ${quotePowerShell(text)}`);
      expect(skeleton).toBe("Write-Output 'Q'");
      expect(literals).toEqual([text]);
    }
  });

  it('encodes UTF-16LE base64 like PowerShell expects', () => {
    expect(encodePowerShellCommand('dir')).toBe(Buffer.from('dir', 'utf16le').toString('base64'));
    expect(encodePowerShellCommand('é€')).toBe(Buffer.from('é€', 'utf16le').toString('base64'));
  });
});

describe('hostile addresses', () => {
  const HOSTILE_ADDRESSES = [
    '10.0.0.1|calc',
    '10.0.0.1%x',
    '10.0.0.1&calc',
    '10.0.0.1 & calc',
    '10.0.0.1;calc',
    '10.0.0.1"',
    '"10.0.0.1"',
    "10.0.0.1'",
    "10.0.0.1' ; calc ; '",
    '10.0.0.1\u2019',
    '10.0.0.0/24|calc',
    '10.0.0.1-10.0.0.9&calc',
    'fe80::1%eth0',
    'fe80::1;calc',
    'LocalSubnet"&calc',
    '10.0.0.1`calc',
    '$(calc)',
    '10.0.0.1\ncalc',
  ];

  it.each(HOSTILE_ADDRESSES)('refuses %j as an admin scope', (address) => {
    expect(() => parseNarrowScope(address)).toThrow(FirewallChangeError);
    expect(() => parseNarrowScope(address)).toThrow(/^scope entry 1 /);
  });

  /** The same text smuggled into a scope built in code, as each kind of entry. */
  const smuggled = (address: string): NarrowScope[] => [
    { entries: [{ kind: 'address', family: 4, address }] },
    { entries: [{ kind: 'subnet', family: 4, network: address, prefixLength: 24 }] },
    { entries: [{ kind: 'range', family: 4, first: '10.0.0.1', last: address }] },
    { entries: [{ kind: 'keyword', family: null, keyword: address, known: true }] },
  ];

  it.each(HOSTILE_ADDRESSES)(
    'refuses %j in a scope built in code, with netsh and PowerShell alike',
    (address) => {
      for (const scope of smuggled(address)) {
        for (const tool of ['netsh', 'powershell'] as const) {
          expect(() => planFirewallChange(addEpmap({ scope }), tool)).toThrow(FirewallChangeError);
          expect(() =>
            planFirewallChange({ kind: 'narrow', ruleId: 'SinkGuard-A', scope, profiles: ['Domain'] }, tool),
          ).toThrow(FirewallChangeError);
          try {
            planFirewallChange(addEpmap({ scope }), tool);
          } catch (error) {
            expect((error as FirewallChangeError).code).toBe('invalid-scope');
          }
        }
      }
    },
  );

  it('passes good addresses through re-printed, so nothing but address characters reaches either tool', () => {
    const scope = parseNarrowScope('10.0.0.1,FE80:0:0::1,10.1.0.0/16');
    const netsh = planFirewallChange(addEpmap({ scope }), 'netsh');
    expect(netsh.command.args).toContain('remoteip=10.0.0.1,fe80::1,10.1.0.0/16');
    const ps = planFirewallChange(addEpmap({ scope }), 'powershell');
    expect(ps.command.display).toContain("-RemoteAddress '10.0.0.1','fe80::1','10.1.0.0/16'");
  });
});

describe('scope, profile and port validation', () => {
  it('accepts LocalSubnet, addresses, CIDRs and ranges of both families', () => {
    expect(
      parseNarrowScope(' localsubnet , 10.0.0.5, 10.1.0.0/16, 10.2.0.1-10.2.0.9, 2001:db8::/32 ').entries,
    ).toEqual([
      { kind: 'keyword', keyword: 'LocalSubnet', family: null, known: true },
      { kind: 'address', family: 4, address: '10.0.0.5' },
      { kind: 'subnet', family: 4, network: '10.1.0.0', prefixLength: 16 },
      { kind: 'range', family: 4, first: '10.2.0.1', last: '10.2.0.9' },
      { kind: 'subnet', family: 6, network: '2001:db8::', prefixLength: 32 },
    ]);
  });

  it.each([
    ['', 'the scope is empty'],
    [' , ', 'the scope is empty'],
    ['10.0.0.1,', 'scope entry 2 ("") is empty'],
    ['Any', 'allows every address'],
    ['*', 'allows every address'],
    ['0.0.0.0/0', 'allows every address'],
    ['::/0', 'allows every address'],
    ['0.0.0.0-255.255.255.255', 'allows every address'],
    ['DNS', 'only the LocalSubnet keyword'],
    ['10.0.0.0/33', 'prefix length /33 is too long'],
    ['10.0.0.1/8', 'host bits set; the network is 10.0.0.0/8'],
    ['10.0.0.9-10.0.0.1', 'starts after it ends'],
    ['10.0.0.1-fe80::1', 'is an IPv6 address where IPv4 is required'],
    ['010.0.0.1', 'not a valid IPv4 or IPv6 address'],
    ['fe80::1%eth0', 'not a valid IPv4 or IPv6 address'],
    ['10.0.0.1" & calc', 'scope entry 1'],
    ['10.0.0.0/8;rm', 'scope entry 1'],
    ['$(calc)', 'scope entry 1'],
  ])('refuses the scope %j', (input, message) => {
    expect(() => parseNarrowScope(input)).toThrow(FirewallChangeError);
    expect(() => parseNarrowScope(input)).toThrow(message);
  });

  it('refuses an empty scope built in code', () => {
    expect(() => planFirewallChange(addEpmap({ scope: { entries: [] } }), 'powershell')).toThrow(
      'the scope is empty',
    );
  });

  it('parses profiles and refuses unknown or empty ones', () => {
    expect(parseProfiles('public,Domain')).toEqual(['Domain', 'Public']);
    expect(parseProfiles('any')).toEqual(['Domain', 'Private', 'Public']);
    expect(() => parseProfiles('home')).toThrow('profile 1 ("home") is not domain, private, public or any');
    expect(() => parseProfiles('')).toThrow('no profile given');
    expect(() => planFirewallChange(addEpmap({ profiles: [] }), 'netsh')).toThrow('no profile given');
  });

  it('parses local ports and refuses bad ones', () => {
    expect(parseLocalPorts('24158')).toEqual([{ kind: 'range', first: 24158, last: 24158 }]);
    expect(parseLocalPorts('rpc')).toEqual([{ kind: 'keyword', keyword: 'RPC', known: true }]);
    expect(() => parseLocalPorts('70000')).toThrow('outside 0-65535');
    expect(() => parseLocalPorts('0')).toThrow('port 0 is not a port');
    expect(() => parseLocalPorts('Teredo')).toThrow("port keyword 'Teredo' is not RPC or RPC-EPMap");
    expect(() => parseLocalPorts('80;rm')).toThrow(FirewallChangeError);
  });
});

describe('predicted rule and verification', () => {
  function localRules(values: Record<string, string>): KeySnapshot[] {
    return [
      {
        path: LOCAL_RULES_KEY,
        exists: true,
        values: new Map(Object.entries(values).map(([id, text]) => [id, sz(text)])),
        subkeys: [],
      },
    ];
  }

  it('predicts the rule string Windows stores for a new rule', () => {
    const plan = planFirewallChange(
      {
        kind: 'add',
        ruleId: 'SinkGuard-WMI-In',
        target: 'rpc-dynamic',
        scope: parseNarrowScope('10.0.10.0/24,fe80::/64'),
        profiles: ['Domain'],
      },
      'powershell',
    );
    expect(plan.expected.kind === 'rule' && plan.expected.ruleString).toBe(
      'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|LPort=RPC|RA4=10.0.10.0/255.255.255.0|RA6=fe80::/64|' +
        'App=%SystemRoot%\\system32\\svchost.exe|Svc=Winmgmt|Name=SinkGuard-WMI-In|',
    );
  });

  it('accepts what Windows writes (newer version, other spelling) and reports each difference', () => {
    const plan = planFirewallChange(addEpmap(), 'powershell');
    const written =
      'v2.33|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|Profile=Private|LPort=RPC-EPMap|RA4=LocalSubnet|RA6=LocalSubnet|' +
      'RA4=10.0.10.0/255.255.255.0|App=C:\\WINDOWS\\system32\\svchost.exe|Svc=rpcss|Name=SinkGuard-RPC-EPMap-In|';
    expect(
      verifyFirewallChange(plan.expected, localRules({ 'SinkGuard-RPC-EPMap-In': written })),
    ).toMatchObject({
      ok: true,
      ruleId: 'SinkGuard-RPC-EPMap-In',
    });
    const wrong = written
      .replace('Profile=Private|', 'Profile=Public|')
      .replace('RA4=10.0.10.0/255.255.255.0|', '');
    const result = verifyFirewallChange(plan.expected, localRules({ 'SinkGuard-RPC-EPMap-In': wrong }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      'rule id SinkGuard-RPC-EPMap-In (SinkGuard-RPC-EPMap-In): Profiles: expected Domain,Private, found Domain,Public',
      'rule id SinkGuard-RPC-EPMap-In (SinkGuard-RPC-EPMap-In): Remote addresses: expected localsubnet,10.0.10.0/24, found localsubnet',
    ]);
  });

  it('finds netsh-made rules by name and notices missing, duplicate and leftover rules', () => {
    const plan = planFirewallChange(addEpmap(), 'netsh');
    const text = plan.expected.kind === 'rule' ? plan.expected.ruleString : '';
    expect(verifyFirewallChange(plan.expected, localRules({ '{0A1B}': text }))).toMatchObject({
      ok: true,
      ruleId: '{0A1B}',
    });
    expect(verifyFirewallChange(plan.expected, localRules({}))).toEqual({
      ok: false,
      problems: ['rule named SinkGuard-RPC-EPMap-In is not in the local rule store'],
    });
    expect(verifyFirewallChange(plan.expected, localRules({ '{1}': text, '{2}': text }))).toEqual({
      ok: false,
      problems: ['2 rules match rule named SinkGuard-RPC-EPMap-In ({1}, {2})'],
    });
    const remove = planFirewallChange({ kind: 'delete', ruleId: 'SinkGuard-RPC-EPMap-In' }, 'netsh');
    expect(verifyFirewallChange(remove.expected, localRules({ '{1}': text })).ok).toBe(false);
    expect(verifyFirewallChange(remove.expected, localRules({})).ok).toBe(true);
  });

  it('verifies enabling a built-in rule after writing it to a simulated machine and reading it back', async () => {
    const registry = await openSimulatedMachine('stock');
    const plan = planFirewallChange(
      {
        kind: 'narrow',
        ruleId: 'WMI-ASYNC-In-TCP',
        scope: parseNarrowScope('10.0.10.0/24'),
        profiles: ['Private', 'Public'],
      },
      'powershell',
    );
    const before = await registry.readKeys(FIREWALL_KEYS);
    expect(verifyFirewallChange(plan.expected, before).ok).toBe(false);
    // What Set-NetFirewallRule leaves behind.
    await registry.writeValues([
      {
        key: LOCAL_RULES_KEY,
        name: 'WMI-ASYNC-In-TCP',
        value: sz(
          'v2.27|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Private|Profile=Public|RA4=10.0.10.0/255.255.255.0|App=%systemroot%\\system32\\wbem\\unsecapp.exe|Name=@FirewallAPI.dll,-34256|Desc=@FirewallAPI.dll,-34257|EmbedCtxt=@FirewallAPI.dll,-34251|',
        ),
      },
    ]);
    expect(verifyFirewallChange(plan.expected, await registry.readKeys(FIREWALL_KEYS))).toMatchObject({
      ok: true,
    });
  });
});
