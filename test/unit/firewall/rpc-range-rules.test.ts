import { describe, expect, it } from 'vitest';
import { DEFAULT_DYNAMIC_RPC_RANGE } from '../../../main/domain/firewall/rpc-ports';
import { coverageOfRange, rulesOpeningDynamicRpc } from '../../../main/domain/firewall/rpc-range-rules';
import { LOCAL_RULES_KEY, POLICY_RULES_KEY, readFirewallStore } from '../../../main/domain/firewall/store';
import { firewallSnapshots, sz } from './support';

const IN = 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|';
const SVCHOST = 'App=%SystemRoot%\\system32\\svchost.exe|';

function store(local: Record<string, string>, policy: Record<string, string> = {}) {
  const values = (rules: Record<string, string>) =>
    Object.fromEntries(Object.entries(rules).map(([id, text]) => [id, sz(text)]));
  return readFirewallStore(
    firewallSnapshots({ [LOCAL_RULES_KEY]: values(local), [POLICY_RULES_KEY]: values(policy) }),
  );
}

const DEFAULT = [DEFAULT_DYNAMIC_RPC_RANGE];

describe('rules opening the dynamic RPC ports', () => {
  const rules = rulesOpeningDynamicRpc(
    store(
      {
        'WMI-WINMGMT-In-TCP': `${IN}Profile=Private|Profile=Public|${SVCHOST}Svc=winmgmt|Name=@FirewallAPI.dll,-34254|EmbedCtxt=@FirewallAPI.dll,-34251|`,
        'RemoteSvcAdmin-In-TCP': `${IN}LPort=RPC|${SVCHOST}Svc=Services|Name=svc|`,
        numbers: `${IN}LPort2_10=49152-65535|Name=RPC dynamic ports|`,
        disabled: 'v2.30|Action=Allow|Active=FALSE|Dir=In|Protocol=6|LPort=RPC|Name=off|',
        udp: 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=17|LPort=RPC|Name=udp|',
        block: 'v2.30|Action=Block|Active=TRUE|Dir=In|Protocol=6|LPort=RPC|Name=block|',
        web: `${IN}LPort=443|Name=web|`,
        'any-app': `${IN}App=C:\\tools\\agent.exe|Name=agent|`,
      },
      { gpo: `${IN}Profile=Domain|LPort=5000-5100|Name=GPO range|` },
    ),
    DEFAULT,
  );

  it('lists enabled inbound TCP allow rules by the RPC keyword, every port to an RPC server, or port numbers in the range', () => {
    expect(rules.map((rule) => [rule.id, rule.opening])).toEqual([
      ['numbers', 'port-numbers'],
      ['RemoteSvcAdmin-In-TCP', 'rpc-keyword'],
      ['WMI-WINMGMT-In-TCP', 'every-port'],
    ]);
  });

  it('names each rule as the Firewall console does, with its profiles, programs and stored string', () => {
    const wmi = rules.find((rule) => rule.id === 'WMI-WINMGMT-In-TCP')!;
    expect(wmi).toMatchObject({
      displayName: 'Windows Management Instrumentation (WMI-In)',
      group: 'Windows Management Instrumentation (WMI)',
      profiles: ['Private', 'Public'],
      admits: 'svchost.exe (service winmgmt)',
      store: 'local',
    });
    expect(wmi.ruleString).toContain('Svc=winmgmt');
    expect(rules.find((rule) => rule.id === 'numbers')).toMatchObject({
      admits: 'every program',
      ports: [{ first: 49152, last: 65535 }],
      profiles: ['Domain', 'Private', 'Public'],
    });
  });

  it('a port-number rule counts once the range moves onto it, and not before', () => {
    const moved = rulesOpeningDynamicRpc(
      store({}, { gpo: `${IN}Profile=Domain|LPort=5000-5100|Name=GPO range|` }),
      [{ first: 5000, last: 5100 }],
    );
    expect(moved.map((rule) => [rule.id, rule.store, rule.profiles])).toEqual([
      ['gpo', 'policy', ['Domain']],
    ]);
  });

  it('says which rules follow a new range and which must be changed to match it', () => {
    const coverage = coverageOfRange(rules, ['5000-5100']);
    expect(coverage.map((item) => [item.rule.id, item.coverage, item.mustChange])).toEqual([
      ['numbers', 'misses', true],
      ['RemoteSvcAdmin-In-TCP', 'follows', false],
      ['WMI-WINMGMT-In-TCP', 'every-port', false],
    ]);
    expect(coverage[0]!.says).toBe(
      'Must be changed to open 5000-5100: it opens ports 49152-65535, none of 5000-5100, so after the restart the RPC calls it lets in today are blocked.',
    );
    expect(coverage[2]!.says).toBe(
      'Covers the new range: it opens every port to svchost.exe (service winmgmt).',
    );
  });

  it('a rule covering part of the new range must change; one covering all of it need not, but its surplus is named', () => {
    const [rule] = rules.filter((candidate) => candidate.id === 'numbers');
    const partly = coverageOfRange([rule!], ['49000-49200']);
    expect(partly[0]).toMatchObject({
      coverage: 'partly',
      mustChange: true,
      missing: [{ first: 49000, last: 49151 }],
    });
    expect(partly[0]!.says).toContain('it opens only 49152-49200 of 49000-49200 (152 ports stay closed)');
    const covers = coverageOfRange([rule!], ['50000-50100', '51000']);
    expect(covers[0]).toMatchObject({ coverage: 'covers', mustChange: false, missing: [] });
    expect(covers[0]!.says).toContain('It also opens 49152-49999,50101-50999,51001-65535');
  });
});
