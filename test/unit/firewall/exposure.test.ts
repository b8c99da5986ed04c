import { describe, expect, it } from 'vitest';
import {
  LOCAL_PROFILE_KEYS,
  LOCAL_RULES_KEY,
  POLICY_PROFILE_KEYS,
  POLICY_RULES_KEY,
  RPC_INTERNET_KEY,
  FirewallStoreError,
  readFirewallStore,
  rulesInEffect,
} from '../../../main/domain/firewall/store';
import { analyzeExposure, type ProfileExposure } from '../../../main/domain/firewall/exposure';
import type { RegistryValue } from '../../../main/registry/types';
import { dword, firewallSnapshots, multi, sz } from './support';

const EPMAP =
  'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=RPC-EPMap|App=%SystemRoot%\\system32\\svchost.exe|Svc=RpcSs|';

function rules(local: Record<string, string>, extra: Record<string, Record<string, RegistryValue>> = {}) {
  return firewallSnapshots({
    [LOCAL_RULES_KEY]: Object.fromEntries(Object.entries(local).map(([id, text]) => [id, sz(text)])),
    ...extra,
  });
}

function epmapOn(
  snapshots: ReturnType<typeof rules>,
  profile: 'Domain' | 'Private' | 'Public',
): ProfileExposure {
  const report = analyzeExposure(readFirewallStore(snapshots));
  return report.targets[0]!.profiles.find((exposure) => exposure.profile === profile)!;
}

describe('exposure: rule evaluation', () => {
  it('block wins over allow', () => {
    const exposure = epmapOn(
      rules({
        allow: `${EPMAP}RA4=LocalSubnet|RA6=LocalSubnet|Name=a|`,
        block: 'v2.30|Action=Block|Active=TRUE|Dir=In|Protocol=6|LPort=135|Name=b|',
      }),
      'Private',
    );
    expect(exposure).toMatchObject({ open: false, reason: 'blocked-by-rule' });
    expect(exposure.blockingRules.map((rule) => rule.id)).toEqual(['block']);
    expect(exposure.explanation).toContain('block wins over allow');
  });

  it('subtracts a narrower block exactly from an address allow', () => {
    const exposure = epmapOn(
      rules({
        allow: `${EPMAP}RA4=10.0.0.0/255.0.0.0|Name=a|`,
        block: 'v2.30|Action=Block|Active=TRUE|Dir=In|Protocol=6|LPort=135|RA4=10.128.0.0/9|Name=b|',
      }),
      'Domain',
    );
    expect(exposure.open).toBe(true);
    expect(exposure.reachableFrom.entries).toEqual(['10.0.0.0/9']);
  });

  it('keeps a keyword allow and names what a block takes away when it cannot be subtracted offline', () => {
    const exposure = epmapOn(
      rules({
        allow: `${EPMAP}RA4=LocalSubnet|RA6=LocalSubnet|Name=a|`,
        block: 'v2.30|Action=Block|Active=TRUE|Dir=In|Protocol=6|LPort=135|RA4=192.168.1.7|Name=b|',
      }),
      'Domain',
    );
    expect(exposure.reachableFrom).toMatchObject({
      any: false,
      entries: ['LocalSubnet'],
      except: ['192.168.1.7'],
    });
  });

  it('authenticated-bypass rules get through even where a block rule applies', () => {
    const exposure = epmapOn(
      rules({
        bypass: `v2.30|Action=ByPass|Active=TRUE|Dir=In|Protocol=6|LPort=135|RA4=10.1.1.0/24|Security=Authenticate|Name=c|`,
        block: 'v2.30|Action=Block|Active=TRUE|Dir=In|Protocol=6|LPort=135|Name=b|',
      }),
      'Public',
    );
    expect(exposure.open).toBe(true);
    expect(exposure.reachableFrom).toMatchObject({ entries: [], authenticatedOnly: ['10.1.1.0/24'] });
    expect(exposure.explanation).toContain('authenticated bypass');
  });

  it('a conditional block does not count as closing, a conditional allow counts as opening', () => {
    const exposure = epmapOn(
      rules({
        allow: `${EPMAP}IFType=Wireless|Name=a|`,
        block: 'v2.30|Action=Block|Active=TRUE|Dir=In|Protocol=6|LPort=135|LA4=10.0.0.1|Name=b|',
      }),
      'Domain',
    );
    expect(exposure.open).toBe(true);
    expect(exposure.allowingRules[0]!.conditions).toEqual(['only on Wireless interfaces']);
    expect(exposure.explanation).toContain(
      'Block rules that may apply: "b" (only to local addresses 10.0.0.1)',
    );
  });

  it('ignores rules for other programs, services, protocols, directions and packaged apps', () => {
    const exposure = epmapOn(
      rules({
        otherApp: 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=135|App=C:\\x.exe|Name=a|',
        otherSvc: 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=135|Svc=Spooler|Name=a|',
        udp: 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=17|LPort=135|Name=a|',
        out: 'v2.30|Action=Allow|Active=TRUE|Dir=Out|Protocol=6|LPort=135|Name=a|',
        pkg: 'v2.30|Action=Allow|Active=TRUE|Dir=In|AppPkgId=S-1-15-2-1|Name=a|',
        system: 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|App=System|Name=a|',
        otherPort: 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=136|Name=a|',
      }),
      'Domain',
    );
    expect(exposure).toMatchObject({ open: false, reason: 'no-allow-rule', allowingRules: [] });
  });

  it('matches Svc=* and program paths however they are spelled', () => {
    const exposure = epmapOn(
      rules({
        star: 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=135|App=C:\\WINDOWS\\System32\\SVCHOST.EXE|Svc=*|Name=a|',
      }),
      'Domain',
    );
    expect(exposure.allowingRules.map((rule) => rule.id)).toEqual(['star']);
  });

  it('a profile whose firewall is off is open to Any, and is a finding', () => {
    const snapshots = rules({}, { [LOCAL_PROFILE_KEYS.Public]: { EnableFirewall: dword(0) } });
    const report = analyzeExposure(readFirewallStore(snapshots));
    const publicEpmap = report.targets[0]!.profiles[2]!;
    expect(publicEpmap).toMatchObject({ open: true, reason: 'firewall-off', reachableFrom: { any: true } });
    expect(
      report.findings.map((finding) => `${finding.severity}:${finding.code}:${finding.profiles.join()}`),
    ).toContain('high:firewall-off:Public');
  });

  it('default inbound Allow opens everything a block does not cover', () => {
    const snapshots = rules(
      { block: 'v2.30|Action=Block|Active=TRUE|Dir=In|Protocol=6|LPort=135|RA4=10.0.0.0/8|Name=b|' },
      { [LOCAL_PROFILE_KEYS.Domain]: { DefaultInboundAction: dword(0) } },
    );
    const exposure = epmapOn(snapshots, 'Domain');
    expect(exposure).toMatchObject({ open: true, reason: 'default-inbound-allow' });
    expect(exposure.reachableFrom.entries).toEqual([
      '0.0.0.0-9.255.255.255',
      '11.0.0.0-255.255.255.255',
      'any IPv6 address',
    ]);
  });

  it('a shielded profile (DoNotAllowExceptions) is closed whatever the rules say', () => {
    const snapshots = rules(
      { allow: `${EPMAP}Name=a|` },
      { [POLICY_PROFILE_KEYS.Domain]: { DoNotAllowExceptions: dword(1) } },
    );
    expect(epmapOn(snapshots, 'Domain')).toMatchObject({ open: false, reason: 'shielded' });
  });
});

describe('exposure: what real stores hold', () => {
  it('keeps a stored rule whose address has host bits set: the open allow still shows, read as its network', () => {
    const store = readFirewallStore(
      rules({ sloppy: 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=135|RA4=10.0.0.1/24|Name=s|' }),
    );
    expect(store.problems).toEqual([]);
    expect(store.rules.map((rule) => [rule.id, rule.rule.issues])).toEqual([
      [
        'sloppy',
        ['field 6 (RA4=10.0.0.1/24): host bits set; Windows may still apply it, analysed as 10.0.0.0/24'],
      ],
    ]);
    const report = analyzeExposure(store);
    for (const exposure of report.targets[0]!.profiles) {
      expect(exposure).toMatchObject({ open: true, reason: 'allowed-by-rule' });
      expect(exposure.reachableFrom.entries).toEqual(['10.0.0.0/24']);
      expect(exposure.allowingRules.map((rule) => rule.id)).toEqual(['sloppy']);
    }
    // It is a port-number rule for every program, so it is flagged like any other.
    expect(report.findings.map((finding) => `${finding.code}:${finding.ruleIds.join()}`)).toContain(
      'rpc-opened-by-port-number:sloppy',
    );
  });

  it('names built-in rules as Windows shows them, from their @FirewallAPI.dll resource', () => {
    const report = analyzeExposure(
      readFirewallStore(
        rules({
          'WMI-ASYNC-In-TCP':
            'v2.27|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Private|Profile=Public|RA4=LocalSubnet|RA6=LocalSubnet|App=%systemroot%\\system32\\wbem\\unsecapp.exe|Name=@FirewallAPI.dll,-34256|Desc=@FirewallAPI.dll,-34257|EmbedCtxt=@FirewallAPI.dll,-34251|',
        }),
      ),
    );
    const callback = report.targets.find((target) => target.target.id === 'wmi-async-callback')!;
    const onPrivate = callback.profiles.find((exposure) => exposure.profile === 'Private')!;
    expect(onPrivate.allowingRules[0]).toMatchObject({
      id: 'WMI-ASYNC-In-TCP',
      name: '@FirewallAPI.dll,-34256',
      displayName: 'Windows Management Instrumentation (ASync-In)',
    });
    expect(onPrivate.explanation).toContain(
      'allowed by "Windows Management Instrumentation (ASync-In)" (local)',
    );
  });

  it('treats the grammar keys that limit a rule as conditions: trust tuples, network names, platforms', () => {
    const exposure = epmapOn(
      rules({
        ttk: `${EPMAP}TTK2_27=UPnP|Name=a|`,
        nnm: `${EPMAP}NNm=Q29ycG5ldA==|Name=b|`,
        old: `${EPMAP}Platform=2:6:1|Name=c|`,
        modern: `${EPMAP}Platform=2:6:2|Platform2=GTEQ|Name=d|`,
      }),
      'Domain',
    );
    expect(Object.fromEntries(exposure.allowingRules.map((rule) => [rule.id, rule.conditions]))).toEqual({
      ttk: ['only for trust tuple UPnP traffic'],
      nnm: ['only on the networks named in NNm=Q29ycG5ldA=='],
      old: ['only on platform 2:6.1'],
      // Windows 8 (NT 6.2) or later: every Windows SinkGuard audits (NT 10.0), so no condition.
      modern: [],
    });
  });
});

describe('exposure: the restricted RPC port range (Rpc\\Internet) decides the dynamic-port answer', () => {
  const restricted = {
    [RPC_INTERNET_KEY]: {
      Ports: multi('5000-5100'),
      PortsInternetAvailable: sz('Y'),
      UseInternetPorts: sz('Y'),
    },
  };
  const dynamicOn = (
    local: Record<string, string>,
    extra: Record<string, Record<string, RegistryValue>> = {},
  ) =>
    analyzeExposure(readFirewallStore(rules(local, extra))).targets.find(
      (target) => target.target.id === 'rpc-dynamic',
    )!;
  const BY_NUMBER = 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort2_10=49152-65535|Name=n|';

  it('a rule opening 49152-65535 by number opens the default range, but not a 5000-5100 restriction', () => {
    const unrestricted = dynamicOn({ byNumber: BY_NUMBER });
    expect(unrestricted.ports).toBe('TCP 49152-65535 (dynamic RPC)');
    expect(unrestricted.profiles[0]).toMatchObject({ open: true, reason: 'allowed-by-rule' });
    const narrowed = dynamicOn({ byNumber: BY_NUMBER }, restricted);
    expect(narrowed.ports).toBe('TCP 5000-5100 (dynamic RPC)');
    for (const exposure of narrowed.profiles) {
      expect(exposure).toMatchObject({ open: false, reason: 'no-allow-rule', allowingRules: [] });
    }
  });

  it('a rule covering part of the restriction opens "only ports …" of it', () => {
    const exposure = dynamicOn(
      { part: 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort2_10=5050-6000|Name=p|' },
      restricted,
    ).profiles[0]!;
    expect(exposure).toMatchObject({ open: true, reason: 'allowed-by-rule' });
    expect(exposure.allowingRules[0]).toMatchObject({ id: 'part', ports: '5050-5100' });
    expect(exposure.allowingRules[0]!.conditions).toEqual(['only ports 5050-5100']);
    expect(exposure.explanation).toContain('Conditions apply: p: only ports 5050-5100.');
  });

  it('the RPC keyword follows the restriction wherever it lies', () => {
    const exposure = dynamicOn(
      {
        rpc: 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=RPC|App=%SystemRoot%\\system32\\svchost.exe|Svc=winmgmt|Name=r|',
      },
      restricted,
    ).profiles[0]!;
    expect(exposure.allowingRules[0]).toMatchObject({ id: 'rpc', ports: '5000-5100', conditions: [] });
  });
});

describe('firewall store', () => {
  it('policy settings override local ones; local StandardProfile is Private', () => {
    const store = readFirewallStore(
      firewallSnapshots({
        [LOCAL_PROFILE_KEYS.Private]: { EnableFirewall: dword(0) },
        [LOCAL_PROFILE_KEYS.Public]: { EnableFirewall: dword(0) },
        [POLICY_PROFILE_KEYS.Public]: { EnableFirewall: dword(1) },
      }),
    );
    expect(store.profiles.Private).toMatchObject({ firewallEnabled: false, firewallEnabledSource: 'local' });
    expect(store.profiles.Public).toMatchObject({ firewallEnabled: true, firewallEnabledSource: 'policy' });
    expect(store.profiles.Domain).toMatchObject({ firewallEnabled: true, firewallEnabledSource: 'default' });
  });

  it('policy StandardProfile applies to Private and Public only when neither of their keys exists', () => {
    const standardOnly = readFirewallStore(
      firewallSnapshots({ [POLICY_PROFILE_KEYS.Standard]: { EnableFirewall: dword(0) } }),
    );
    expect([
      standardOnly.profiles.Private.firewallEnabled,
      standardOnly.profiles.Public.firewallEnabled,
    ]).toEqual([false, false]);
    expect(standardOnly.profiles.Domain.firewallEnabled).toBe(true);

    const withPrivate = readFirewallStore(
      firewallSnapshots({
        [POLICY_PROFILE_KEYS.Standard]: { EnableFirewall: dword(0) },
        [POLICY_PROFILE_KEYS.Private]: {},
      }),
    );
    expect([
      withPrivate.profiles.Private.firewallEnabled,
      withPrivate.profiles.Public.firewallEnabled,
    ]).toEqual([true, true]);
  });

  it('AllowLocalPolicyMerge=0 drops local rules on that profile only', () => {
    const store = readFirewallStore(
      firewallSnapshots({
        [LOCAL_RULES_KEY]: { local: sz(`${EPMAP}Name=l|`) },
        [POLICY_RULES_KEY]: { gpo: sz(`${EPMAP}RA4=10.0.0.0/8|Name=g|`) },
        [POLICY_PROFILE_KEYS.Public]: { AllowLocalPolicyMerge: dword(0) },
        [POLICY_PROFILE_KEYS.Private]: {},
      }),
    );
    expect(rulesInEffect(store, 'Public').map((rule) => rule.id)).toEqual(['gpo']);
    expect(rulesInEffect(store, 'Private').map((rule) => rule.id)).toEqual(['gpo', 'local']);
    const report = analyzeExposure(store);
    expect(report.targets[0]!.profiles[2]!.reachableFrom.entries).toEqual(['10.0.0.0/8']);
    expect(report.profiles[2]!.explanation).toContain('local rules ignored');
  });

  it('reports unparseable rules and wrongly typed values by name, and keeps the rest', () => {
    const store = readFirewallStore(
      firewallSnapshots({
        [LOCAL_RULES_KEY]: {
          good: sz(`${EPMAP}Name=a|`),
          broken: sz('v2.30|Action=Nope|Dir=In|'),
          number: dword(1),
        },
        [LOCAL_PROFILE_KEYS.Domain]: { EnableFirewall: sz('1') },
      }),
    );
    expect(store.rules.map((rule) => rule.id)).toEqual(['good']);
    expect(store.problems.map((problem) => `${problem.valueName}: ${problem.message}`)).toEqual([
      expect.stringMatching(/^broken: unparseable rule, Windows ignores it: field 1 \(Action=Nope\)/),
      'number: rule is REG_DWORD, not REG_SZ; Windows ignores it',
      'EnableFirewall: expected REG_DWORD 0 or 1, found REG_SZ; ignored',
    ]);
    expect(
      analyzeExposure(store).findings.filter((finding) => finding.code === 'store-problem'),
    ).toHaveLength(3);
  });

  it('refuses snapshots that lack a firewall key', () => {
    expect(() => readFirewallStore([])).toThrow(FirewallStoreError);
    expect(() => readFirewallStore([])).toThrow('read FIREWALL_KEYS');
  });
});

describe('RPC dynamic port range', () => {
  const rangeOf = (values: Record<string, RegistryValue>) =>
    analyzeExposure(readFirewallStore(firewallSnapshots({ [RPC_INTERNET_KEY]: values }))).rpcDynamicPorts;

  it('uses a valid include list', () => {
    expect(
      rangeOf({
        Ports: multi('5000-5100', '5984'),
        PortsInternetAvailable: sz('y'),
        UseInternetPorts: sz('Y'),
      }),
    ).toMatchObject({
      kind: 'restricted',
      ranges: [
        { first: 5000, last: 5100 },
        { first: 5984, last: 5984 },
      ],
    });
  });

  it('takes the complement inside 49152-65535 for an exclude list', () => {
    expect(
      rangeOf({ Ports: multi('50000-65535'), PortsInternetAvailable: sz('N'), UseInternetPorts: sz('Y') }),
    ).toMatchObject({
      kind: 'restricted',
      ranges: [{ first: 49152, last: 49999 }],
    });
  });

  it.each([
    [
      { Ports: sz('5000-6000'), PortsInternetAvailable: sz('Y'), UseInternetPorts: sz('Y') },
      'Ports is REG_SZ, not REG_MULTI_SZ',
    ],
    [
      { Ports: multi('5000-70000'), PortsInternetAvailable: sz('Y'), UseInternetPorts: sz('Y') },
      'Ports entry 1: "5000-70000" lies outside 0-65535',
    ],
    [
      { Ports: multi('6000-5000'), PortsInternetAvailable: sz('Y'), UseInternetPorts: sz('Y') },
      'Ports entry 1: "6000-5000" ends before it starts',
    ],
    [
      { Ports: multi('abc'), PortsInternetAvailable: sz('Y'), UseInternetPorts: sz('Y') },
      'Ports entry 1: "abc" is not a port',
    ],
    [{ Ports: multi(), PortsInternetAvailable: sz('Y'), UseInternetPorts: sz('Y') }, 'Ports is empty'],
    [{ Ports: multi('5000-6000'), UseInternetPorts: sz('Y') }, 'PortsInternetAvailable is missing'],
    [
      { Ports: multi('5000-6000'), PortsInternetAvailable: sz('maybe'), UseInternetPorts: sz('Y') },
      'PortsInternetAvailable is not a Y/N',
    ],
  ])('an invalid configuration is its own finding (%#)', (values, problem) => {
    const report = analyzeExposure(readFirewallStore(firewallSnapshots({ [RPC_INTERNET_KEY]: values })));
    expect(report.rpcDynamicPorts).toMatchObject({
      kind: 'invalid',
      problem: expect.stringContaining(problem),
    });
    const finding = report.findings.find((candidate) => candidate.code === 'rpc-ports-invalid');
    expect(finding?.message).toContain('error 87');
  });

  it('flags a restriction below the recommended 100 ports above 5000', () => {
    const report = analyzeExposure(
      readFirewallStore(
        firewallSnapshots({
          [RPC_INTERNET_KEY]: {
            Ports: multi('6000-6010'),
            PortsInternetAvailable: sz('Y'),
            UseInternetPorts: sz('Y'),
          },
        }),
      ),
    );
    expect(report.findings.map((finding) => finding.code)).toContain('rpc-ports-narrow');
  });
});
