import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FirewallRuleSyntaxError,
  formatFirewallRule,
  parseFirewallRule,
  type FirewallRule,
} from '../../../main/domain/firewall/rule-string';
import { readShared } from './support';

interface ConformanceEntry {
  rule: string;
  rule_id: string;
  parsed?: Record<string, unknown> | null;
}

const conformance = JSON.parse(readShared('conformance', 'firewall_rules.json')) as ConformanceEntry[];
const domainRules = [...readShared('reference', 'domain.md').matchAll(/`([vV]\d+\.\d+\|[^`]*\|)`/g)].map(
  (match) => match[1]!,
);

const PROTOCOL_NAMES: Record<string, number> = { TCP: 6, UDP: 17 };

/** dissect.target's normalisation, compared by meaning ([conformance README]). */
function expectAgreement(rule: FirewallRule, parsed: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(parsed)) {
    switch (key) {
      case 'version':
        expect(rule.version.text).toBe(value);
        break;
      case 'action':
        expect(rule.action.toUpperCase()).toBe(value);
        break;
      case 'dir':
        expect(rule.direction.toUpperCase()).toBe(value);
        break;
      case 'active':
        expect(rule.active).toBe(value);
        break;
      case 'protocol': {
        const text = String(value);
        const number = PROTOCOL_NAMES[text] ?? Number(/^UNASSIGNED_(\d+)$/.exec(text)?.[1]);
        expect(rule.protocol).toBe(number);
        break;
      }
      case 'profile':
        expect(rule.profiles).toEqual([value]);
        break;
      case 'lport':
      case 'rport': {
        const ports = key === 'lport' ? rule.localPorts : rule.remotePorts;
        expect(ports).not.toBe('any');
        const printed = (
          ports as readonly { kind: string; first?: number; last?: number; keyword?: string }[]
        ).map((port) =>
          port.kind === 'keyword'
            ? port.keyword
            : port.first === port.last
              ? `${port.first}`
              : `${port.first}-${port.last}`,
        );
        expect(printed).toEqual(value);
        break;
      }
      case 'ra4':
      case 'ra6': {
        const family = key === 'ra4' ? 4 : 6;
        expect(rule.remoteAddresses).toContainEqual(
          expect.objectContaining({ kind: 'keyword', keyword: value, family }),
        );
        break;
      }
      case 'app':
        expect(rule.app).toBe(value);
        break;
      case 'app(expanded by dissect)':
        expect(rule.app?.replace(/^%SystemRoot%/i, 'c:\\Windows')).toBe(value);
        break;
      case 'svc':
        expect(rule.service).toBe(value);
        break;
      case 'name':
        expect(rule.name).toBe(value);
        break;
      case 'desc':
        expect(rule.description).toBe(value);
        break;
      case 'embedctxt':
        expect(rule.group).toBe(value);
        break;
      default:
        throw new Error(`conformance field ${key} is not compared; extend the test`);
    }
  }
}

describe('rule-string conformance (real Windows rule strings)', () => {
  it('loads the whole conformance set', () => {
    expect(conformance).toHaveLength(590);
  });

  it('parses every rule and formats it back unchanged', () => {
    const failures: string[] = [];
    for (const entry of conformance) {
      try {
        const formatted = formatFirewallRule(parseFirewallRule(entry.rule));
        if (formatted !== entry.rule) failures.push(`${entry.rule_id}: formatted differently`);
      } catch (error) {
        failures.push(`${entry.rule_id}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('types every grammar key the conformance rules use: nothing is left in otherFields', () => {
    const left = conformance.flatMap((entry) =>
      parseFirewallRule(entry.rule).otherFields.map((field) => field.key),
    );
    expect(left).toEqual([]);
    const typed = conformance.map((entry) => parseFirewallRule(entry.rule));
    expect(typed.filter((rule) => rule.platformOperator === 'GTEQ')).toHaveLength(12);
    expect(typed.filter((rule) => rule.localOnlyMapped)).toHaveLength(3);
    expect(typed.flatMap((rule) => rule.trustTupleKeywords).every((keyword) => keyword.known)).toBe(true);
    expect(typed.filter((rule) => rule.nameResource !== null).length).toBeGreaterThan(400);
  });

  it('agrees in meaning with every entry that gives parsed fields', () => {
    const withParsed = conformance.filter((entry) => entry.parsed);
    expect(withParsed.length).toBe(7);
    for (const entry of withParsed) expectAgreement(parseFirewallRule(entry.rule), entry.parsed!);
  });

  it('round-trips every literal rule string in domain.md', () => {
    expect(domainRules.length).toBeGreaterThanOrEqual(9);
    for (const text of domainRules) expect(formatFirewallRule(parseFirewallRule(text))).toBe(text);
  });
});

describe('parseFirewallRule', () => {
  it('types the built-in WMI-RPCSS-In-TCP rule', () => {
    const rule = parseFirewallRule(
      'v2.27|Action=Allow|Active=FALSE|Dir=In|Protocol=6|Profile=Private|Profile=Public|LPort=135|RA4=LocalSubnet|RA6=LocalSubnet|App=%SystemRoot%\\system32\\svchost.exe|Svc=rpcss|Name=@FirewallAPI.dll,-34252|Desc=@FirewallAPI.dll,-34253|EmbedCtxt=@FirewallAPI.dll,-34251|',
    );
    expect(rule).toMatchObject({
      version: { text: 'v2.27', major: 2, minor: 27 },
      action: 'Allow',
      active: false,
      direction: 'In',
      protocol: 6,
      profiles: ['Private', 'Public'],
      localPorts: [{ kind: 'range', first: 135, last: 135 }],
      remotePorts: 'any',
      remoteAddresses: [
        { kind: 'keyword', keyword: 'LocalSubnet', family: 4, known: true },
        { kind: 'keyword', keyword: 'LocalSubnet', family: 6, known: true },
      ],
      app: '%SystemRoot%\\system32\\svchost.exe',
      service: 'rpcss',
      name: '@FirewallAPI.dll,-34252',
      group: '@FirewallAPI.dll,-34251',
      edgeTraversal: 'block',
      issues: [],
    });
  });

  it('reads the spec example: RPC keyword, dotted masks, security fields', () => {
    const rule = parseFirewallRule(
      'v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Public|LPort=RPC|RPort=49000|LA4=192.168.1.0/255.255.255.0|LA4=192.168.0.0/255.255.255.0|RA4=LocalSubnet|RA6=LocalSubnet|App=c:\\\\path\\\\foo.exe|Name=Firewall Rule Test|Security=Authenticate|Security2_9=An-NoEncap|',
    );
    expect(rule.localPorts).toEqual([{ kind: 'keyword', keyword: 'RPC', known: true }]);
    expect(rule.remotePorts).toEqual([{ kind: 'range', first: 49000, last: 49000 }]);
    expect(rule.localAddresses).toEqual([
      { kind: 'subnet', family: 4, network: '192.168.1.0', prefixLength: 24 },
      { kind: 'subnet', family: 4, network: '192.168.0.0', prefixLength: 24 },
    ]);
    expect(rule.security).toEqual(['Authenticate', 'An-NoEncap']);
    expect(rule.profiles).toEqual(['Public']);
  });

  it('accepts what real hives hold: lowercase keys and values, protocol names, Svc==, comma port lists', () => {
    const rule = parseFirewallRule(
      'V2.0|Action=Allow|Dir=out|Protocol=tcp|rport=3268,389,563|LPORT=68|App=%SystemRoot%\\system32\\x.exe|Svc==Odd|Name=n|',
    );
    expect(rule.version.text).toBe('V2.0');
    expect(rule.direction).toBe('Out');
    expect(rule.protocol).toBe(6);
    expect(rule.remotePorts).toHaveLength(3);
    expect(rule.service).toBe('=Odd');
    expect(rule.active).toBe(false);
    expect(rule.profiles).toEqual(['Domain', 'Private', 'Public']);
    expect(rule.fields.map((field) => field.key)).toEqual([
      'Action',
      'Dir',
      'Protocol',
      'rport',
      'LPORT',
      'App',
      'Svc',
      'Name',
    ]);
  });

  it('keeps unknown fields verbatim and in order', () => {
    const text = 'v2.33|Action=Allow|Dir=In|FutureKey=a=b|TTK2_40=Something|Name=x|FutureKey=c|';
    const rule = parseFirewallRule(text);
    expect(rule.otherFields).toEqual([
      { key: 'FutureKey', value: 'a=b' },
      { key: 'TTK2_40', value: 'Something' },
      { key: 'FutureKey', value: 'c' },
    ]);
    expect(formatFirewallRule(rule)).toBe(text);
  });

  it('types every other key of the grammar ([MS-GPFAS] 2.2.2.19) and formats the rule back unchanged', () => {
    const text =
      'v2.31|Action=Allow|Dir=In|Protocol=17|LSM=TRUE|LOM=true|PCross=FALSE|AuthByPassOut=TRUE|Platform=2:6:2|' +
      'Platform=2:10:0|Platform2=GTEQ|SkipVer=2.30|TTK=ProxSharing|TTK2_22=wfdprint|TTK2_27=UPnP|TTK2_28=WFDCDPSvc|' +
      'ttk2_27=WFDFutureThing|LUAuth2_24=TzpMU0Q6KEE7OzB4MTs7O1dEKQ==|NNm=Q29ycG5ldA==|SecurityRealmId=realm-7|Name=x|';
    const rule = parseFirewallRule(text);
    expect(rule).toMatchObject({
      looseSourceMapped: true,
      localOnlyMapped: true,
      allowProfileCrossing: false,
      authenticateBypassOutbound: true,
      platforms: [
        { platform: 2, majorVersion: 6, minorVersion: 2 },
        { platform: 2, majorVersion: 10, minorVersion: 0 },
      ],
      platformOperator: 'GTEQ',
      skipVersion: { text: '2.30', major: 2, minor: 30 },
      trustTupleKeywords: [
        { keyword: 'ProxSharing', known: true },
        { keyword: 'WFDPrint', known: true },
        { keyword: 'UPnP', known: true },
        { keyword: 'WFDCDPSvc', known: true },
        { keyword: 'WFDFutureThing', known: false },
      ],
      conditionalLocalUserAuthorization: 'TzpMU0Q6KEE7OzB4MTs7O1dEKQ==',
      networkNames: 'Q29ycG5ldA==',
      securityRealmId: 'realm-7',
      otherFields: [],
    });
    expect(formatFirewallRule(rule)).toBe(text);
  });

  it('defaults the typed flags to false and the lists to empty when their keys are absent', () => {
    expect(parseFirewallRule('v2.30|Action=Allow|Dir=In|')).toMatchObject({
      looseSourceMapped: false,
      localOnlyMapped: false,
      allowProfileCrossing: false,
      authenticateBypassOutbound: false,
      platforms: [],
      platformOperator: null,
      skipVersion: null,
      trustTupleKeywords: [],
      conditionalLocalUserAuthorization: null,
      networkNames: null,
      securityRealmId: null,
    });
  });

  it('parses @module,-id names into references, with the English text of the WMI rules domain.md gives', () => {
    const rule = parseFirewallRule(
      'v2.27|Action=Allow|Active=FALSE|Dir=In|Protocol=6|App=%systemroot%\\system32\\wbem\\unsecapp.exe|Name=@FirewallAPI.dll,-34256|Desc=@FirewallAPI.dll,-34257|EmbedCtxt=@FirewallAPI.dll,-34251|',
    );
    expect(rule.name).toBe('@FirewallAPI.dll,-34256');
    expect(rule.nameResource).toEqual({
      text: '@FirewallAPI.dll,-34256',
      module: 'FirewallAPI.dll',
      id: 34256,
      english: 'Windows Management Instrumentation (ASync-In)',
    });
    expect(rule.descriptionResource).toMatchObject({ id: 34257, english: null });
    expect(rule.displayName).toBe('Windows Management Instrumentation (ASync-In)');
    expect(rule.displayGroup).toBe('Windows Management Instrumentation (WMI)');
    const path = parseFirewallRule(
      'v2.0|Action=Allow|Dir=In|Name=@%SystemRoot%\\system32\\firewallapi.dll,-34252|',
    );
    expect(path.nameResource).toMatchObject({ module: '%SystemRoot%\\system32\\firewallapi.dll', id: 34252 });
    expect(path.displayName).toBe('Windows Management Instrumentation (DCOM-In)');
    // Unknown ids stay references; package strings and literal names are not references.
    expect(parseFirewallRule('v2.0|Action=Allow|Dir=In|Name=@icsvc.dll,-709|')).toMatchObject({
      nameResource: { module: 'icsvc.dll', id: 709, english: null },
      displayName: null,
    });
    const packaged =
      '@{Microsoft.Windows.Photos_2019?ms-resource://Microsoft.Windows.Photos/Resources/AppName}';
    expect(parseFirewallRule(`v2.0|Action=Allow|Dir=In|Name=${packaged}|`)).toMatchObject({
      name: packaged,
      nameResource: null,
      displayName: null,
    });
    expect(parseFirewallRule('v2.0|Action=Allow|Dir=In|Name=My rule|')).toMatchObject({
      nameResource: null,
      displayName: 'My rule',
    });
  });

  it('keeps a stored subnet with host bits set, read as its network, and says so', () => {
    const text =
      'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=135|RA4=10.0.0.1/24|RA6=fe80::1/64|Name=x|';
    const rule = parseFirewallRule(text);
    expect(rule.remoteAddresses).toEqual([
      { kind: 'subnet', family: 4, network: '10.0.0.0', prefixLength: 24 },
      { kind: 'subnet', family: 6, network: 'fe80::', prefixLength: 64 },
    ]);
    expect(rule.issues).toEqual([
      'field 6 (RA4=10.0.0.1/24): host bits set; Windows may still apply it, analysed as 10.0.0.0/24',
      'field 7 (RA6=fe80::1/64): host bits set; Windows may still apply it, analysed as fe80::/64',
    ]);
    expect(formatFirewallRule(rule)).toBe(text);
  });

  it('reports ports on a protocol without ports as an issue, not a failure', () => {
    const rule = parseFirewallRule('v2.30|Action=Allow|Dir=In|Protocol=148|LPort=5678|Name=x|');
    expect(rule.issues).toEqual([expect.stringContaining('field 4 (LPort)')]);
  });

  it.each([
    ['', "ends with '|'"],
    ['v2.10|Action=Allow|Dir=In', "ends with '|'"],
    ['2.10|Action=Allow|Dir=In|', 'starts with a version'],
    ['v2.10|', 'at least one field'],
    ['v2.10|Action=Allow||Dir=In|', 'field 2 is empty'],
    ['v2.10|Action=Allow|Dir|', "field 2 ('Dir') is not Key=value"],
    ['v2.10|Action=Maybe|Dir=In|', 'field 1 (Action=Maybe): Action must be one of Allow, Block, ByPass'],
    ['v2.10|Action=Allow|Dir=In|Action=Block|', 'field 3 (Action=Block): Action may appear only once'],
    ['v2.10|Action=Allow|Dir=In|Protocol=300|', 'protocol must be a number 0-255'],
    ['v2.10|Action=Allow|Dir=In|Protocol=6|LPort=70000|', 'outside 0-65535'],
    ['v2.10|Action=Allow|Dir=In|Protocol=6|LPort=9-3|', 'starts after it ends'],
    ['v2.10|Action=Allow|Dir=In|RA4=10.0.0.256|', "'10.0.0.256' is not a valid IPv4 or IPv6 address"],
    ['v2.10|Action=Allow|Dir=In|RA4=fe80::1|', 'is an IPv6 address where IPv4 is required'],
    ['v2.10|Action=Allow|Dir=In|LSM=maybe|', 'LSM must be one of TRUE, FALSE'],
    ['v2.10|Action=Allow|Dir=In|Platform=9:6:2|', 'Platform must be platform:major:minor'],
    ['v2.10|Action=Allow|Dir=In|Platform=2:6|', 'Platform must be platform:major:minor'],
    ['v2.10|Action=Allow|Dir=In|Platform2=LTEQ|', 'Platform2 must be one of GTEQ'],
    ['v2.10|Action=Allow|Dir=In|SkipVer=v2.30|', 'SkipVer must be a version such as 2.30'],
    ['v2.10|Action=Allow|Dir=In|TTK=|', 'TTK needs a trust tuple keyword'],
    ['v2.10|Action=Allow|Dir=In|NNm=a|NNm=b|', 'NNm may appear only once'],
    ['v2.10|Action=Allow|Dir=In|RA6=fe80::1%eth0|', 'not a valid IPv4 or IPv6 address'],
    ['v2.10|Action=Allow|Dir=In|Profile=Home|', 'Profile must be one of Domain, Private, Public'],
    ['v2.10|Action=Allow|Dir=In|Protocol=1|ICMP4=8|', 'ICMP type:code must look like'],
    ['v2.10|Action=Allow|Name=x|', 'no Dir= field'],
  ])('refuses %j with a specific message', (text, message) => {
    expect(() => parseFirewallRule(text)).toThrow(FirewallRuleSyntaxError);
    expect(() => parseFirewallRule(text)).toThrow(message);
  });

  it('points at the offending field and character', () => {
    try {
      parseFirewallRule('v2.10|Action=Allow|Dir=In|Protocol=6|LPort=1-x|');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FirewallRuleSyntaxError);
      const syntax = error as FirewallRuleSyntaxError;
      expect(syntax.fieldIndex).toBe(4);
      expect(syntax.key).toBe('LPort');
      expect(syntax.offset).toBe('v2.10|Action=Allow|Dir=In|Protocol=6|'.length);
    }
  });

  it('formats back any well-formed field sequence unchanged (property)', () => {
    const key = fc
      .stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/)
      .filter(
        (k) =>
          !/^(action|dir|active|protocol|profile|l?port|r?port|.*port.*|la4|la6|ra4|ra6|ra42|ra62|icmp4|icmp6|edge|defer|app|svc|name|desc|embedctxt|security.*|if|iftype|apppkgid|luown|luauth|luauth2_24|rmauth|ruauth|lsm|lom|pcross|authbypassout|platform2?|skipver|ttk.*|nnm)$/i.test(
            k,
          ),
      );
    const value = fc.string({
      unit: fc.constantFrom('a', 'B', '=', ' ', '%', '\\', ':', '@', ',', '-', 'é', '1'),
    });
    fc.assert(
      fc.property(
        fc.constantFrom('v2.10', 'V2.0', 'v2.33'),
        fc.array(fc.tuple(key, value), { maxLength: 8 }),
        (version, extra) => {
          const text = `${version}|Action=Allow|Dir=In|${extra.map(([k, v]) => `${k}=${v}|`).join('')}`;
          expect(formatFirewallRule(parseFirewallRule(text))).toBe(text);
        },
      ),
    );
  });
});
