import { describe, expect, it } from 'vitest';
import {
  ProfileError,
  builtInProfile,
  parseProfileText,
  scopeCovers,
  scopeEntryProblem,
} from '../../../main/domain/profiles/index';

const errorOf = (text: string, source = 'site.yaml'): ProfileError => {
  try {
    parseProfileText(text, source);
  } catch (error) {
    if (error instanceof ProfileError) return error;
    throw error;
  }
  throw new Error('the profile was accepted');
};

describe('profile files', () => {
  it('loads a YAML profile with a custom management scope', () => {
    const profile = parseProfileText(
      [
        'name: branch-office',
        'managementScope: [10.0.10.0/24, 192.168.5.10, fd00::/64, 10.1.0.1-10.1.0.20]',
        'settings:',
        '  dcom.legacy-authentication-level: { atLeast: 6 }',
        '  firewall.endpoint-mapper: { reachableFrom: management-scope }',
        '  rpc.dynamic-port-restriction: { restrict: true, ports: ["50000-50999"] }',
      ].join('\n'),
      'branch.yaml',
    );
    expect(profile).toEqual({
      name: 'branch-office',
      managementScope: ['10.0.10.0/24', '192.168.5.10', 'fd00::/64', '10.1.0.1-10.1.0.20'],
      settings: {
        'dcom.legacy-authentication-level': { atLeast: 6 },
        'firewall.endpoint-mapper': { reachableFrom: 'management-scope' },
        'rpc.dynamic-port-restriction': { restrict: true, ports: ['50000-50999'] },
      },
    });
  });

  it('loads the built-in profiles as JSON text', () => {
    for (const name of ['recommended', 'strict'] as const) {
      expect(parseProfileText(JSON.stringify(builtInProfile(name)), `${name}.json`)).toEqual(
        builtInProfile(name),
      );
    }
  });

  it.each([
    [
      '{"name":"x","managementScope":["Any"],"settings":{}}',
      'site.yaml: managementScope[0]: "Any" allows every address; a narrow rule needs LocalSubnet or management addresses',
    ],
    [
      '{"name":"x","managementScope":["LocalSubnet"],"settings":{"dcom.legacy-authentication-level":{"atLeast":9}}}',
      'site.yaml: settings["dcom.legacy-authentication-level"]: expected {"equals": V}',
    ],
    [
      '{"name":"x","managementScope":["LocalSubnet"],"settings":{"dcom.legacy-authentication-levl":{"atLeast":5}}}',
      'site.yaml: settings["dcom.legacy-authentication-levl"]: unknown setting id (see the catalog)',
    ],
    [
      'name: x\nmanagementScope: [10.0.0.0/33]\nsettings: {}',
      'site.yaml: managementScope[0]: "10.0.0.0/33": prefix length /33 is too long for IPv4 in \'10.0.0.0/33\'',
    ],
    ['name: x\nsettings: {}', 'site.yaml: managementScope: '],
    ['name: x\nname: y\n', 'site.yaml: line 2, column 1: Map keys must be unique'],
    ['name: [unclosed\n', 'site.yaml: line '],
    [
      '{"name":"x","managementScope":["LocalSubnet"],"settings":{"rpc.dynamic-port-restriction":{"restrict":true,"ports":["6000-5000"]}}}',
      'site.yaml: settings["rpc.dynamic-port-restriction"].ports[0]: "6000-5000" ends before it starts',
    ],
    [
      '{"name":"x","managementScope":["LocalSubnet"],"settings":{"dcom.enable-dcom":{"equals":"yes"}}}',
      'site.yaml: settings["dcom.enable-dcom"]: expected {"equals": "Y"|"N"}',
    ],
    [
      '{"name":"x","managementScope":["LocalSubnet"],"settings":{"dcom.machine-access-restriction":{"noRemoteBeyondDefault":["XX"]}}}',
      'site.yaml: settings["dcom.machine-access-restriction"].noRemoteBeyondDefault[0]: ',
    ],
    [
      '{"name":"x","managementScope":["LocalSubnet"],"settings":{},"colour":1}',
      'site.yaml: colour: unknown field',
    ],
    ['', 'site.yaml: (top level): '],
  ])('rejects %j naming the file and the field', (text, message) => {
    const error = errorOf(text);
    expect(error.message.startsWith(message), error.message).toBe(true);
    expect(error.source).toBe('site.yaml');
  });
});

describe('per-application settings in profiles', () => {
  const WITH = (applications: string): string =>
    `{"name":"x","managementScope":["LocalSubnet"],"settings":{},"applications":${applications}}`;

  it('loads applications named by AppID or executable, with the meaning AppIdChange gives them', () => {
    const profile = parseProfileText(
      [
        'name: servers',
        'managementScope: [LocalSubnet]',
        'settings: {}',
        'applications:',
        '  - id: "{8BC3F05E-D86B-11D0-A075-00C04FB68820}"',
        '    runAs: network-service',
        '    access: default',
        '  - id: legacyserver.exe',
        '    launch: { sddl: "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)" }',
        '    authenticationLevel: 5',
      ].join('\n'),
      'servers.yaml',
    );
    expect(profile.applications).toEqual([
      { id: '{8BC3F05E-D86B-11D0-A075-00C04FB68820}', runAs: 'network-service', access: 'default' },
      { id: 'legacyserver.exe', launch: { sddl: 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)' }, authenticationLevel: 5 },
    ]);
    // Written out and read again, it is the same profile.
    expect(parseProfileText(JSON.stringify(profile), 'again.json')).toEqual(profile);
    expect(builtInProfile('recommended').applications).toBeUndefined();
  });

  it.each([
    [WITH('{}'), 'site.yaml: applications: Invalid input: expected array'],
    [WITH('[{"runAs":"network-service"}]'), 'site.yaml: applications[0].id: '],
    [WITH('[{"id":"x.exe"}]'), 'site.yaml: applications[0]: names no setting: give runAs'],
    [
      WITH('[{"id":"C:\\\\Tools\\\\x.exe","runAs":"network-service"}]'),
      'site.yaml: applications[0].id: expected an AppID',
    ],
    [
      WITH('[{"id":"x.exe","runAs":"network-service"},{"id":"x.exe","runAs":"bob"}]'),
      'site.yaml: applications[1].runAs: ',
    ],
    [WITH('[{"id":"x.exe","runAs":"DOMAIN\\\\svc"}]'), 'site.yaml: applications[0].runAs: '],
    [WITH('[{"id":"x.exe","authenticationLevel":7}]'), 'site.yaml: applications[0].authenticationLevel: '],
    [WITH('[{"id":"x.exe","access":"none"}]'), 'site.yaml: applications[0].access: '],
    [
      WITH('[{"id":"x.exe","access":{"sddl":"D:(A;;CC;;;WD)"}}]'),
      'site.yaml: applications[0].access.sddl: not a descriptor COM accepts as the access permission: it has no owner',
    ],
    [
      WITH('[{"id":"x.exe","launch":{"sddl":"O:BAG:BAD:(A;;GA;;;WD)"}}]'),
      'site.yaml: applications[0].launch.sddl: not a descriptor COM accepts',
    ],
    [
      WITH('[{"id":"x.exe","launch":{"sddl":"nonsense"}}]'),
      'site.yaml: applications[0].launch.sddl: not a descriptor COM accepts as the launch permission: invalid SDDL',
    ],
    [
      WITH('[{"id":"x.exe","runAs":"network-service","colour":1}]'),
      'site.yaml: applications[0].colour: unknown field',
    ],
    [
      WITH(
        '[{"id":"{8bc3f05e-d86b-11d0-a075-00c04fb68820}","runAs":"network-service"},{"id":"8BC3F05E-D86B-11D0-A075-00C04FB68820","access":"default"}]',
      ),
      'site.yaml: applications[1].id: names the same application as applications[0]',
    ],
    [
      WITH('[{"id":"X.exe","runAs":"network-service"},{"id":"x.EXE","access":"default"}]'),
      'site.yaml: applications[1].id: names the same application as applications[0]',
    ],
  ])('refuses the application entry in %s naming its position', (text, message) => {
    const error = errorOf(text);
    expect(error.message.startsWith(message), error.message).toBe(true);
  });
});

describe('management scopes', () => {
  it.each([
    ['LocalSubnet'],
    ['10.0.0.1'],
    ['10.0.0.0/8'],
    ['fe80::1'],
    ['2001:db8::/32'],
    ['10.0.0.1-10.0.0.9'],
    ['172.16.0.0/255.240.0.0'],
  ])('accepts %s', (entry) => expect(scopeEntryProblem(entry)).toBeNull());

  it.each([
    ['Any', 'allows every address'],
    ['*', 'allows every address'],
    ['0.0.0.0/0', 'allows every address'],
    ['localsubnet', 'must be spelled LocalSubnet'],
    ['DNS', 'only the LocalSubnet keyword'],
    ['10.0.0.300', 'is not a valid IPv4 or IPv6 address'],
    ['10.0.0.9-10.0.0.1', 'starts after it ends'],
    ['10.0.0.1-fe80::1', 'IPv6 address where IPv4 is required'],
    [' 10.0.0.1', 'without surrounding spaces'],
    ['fe80::/129', 'too long for IPv6'],
    // What the firewall builders would refuse, a profile may not carry either: it would fail on every machine.
    ['10.1.2.3/8', 'has host bits set; the network is 10.0.0.0/8'],
    ['fe80::1%eth0', 'is not a valid IPv4 or IPv6 address'],
    ['10.0.0.1|calc', 'is not a valid IPv4 or IPv6 address'],
  ])('refuses %j (%s)', (entry, reason) => expect(scopeEntryProblem(entry)).toContain(reason));

  it('decides whether a reachable address lies inside the scope', () => {
    const scope = ['10.0.10.0/24', 'LocalSubnet', '2001:db8::/32'];
    expect(scopeCovers(scope, '10.0.10.0/24')).toBe(true);
    expect(scopeCovers(scope, '10.0.10.5')).toBe(true);
    expect(scopeCovers(scope, '10.0.10.5-10.0.10.9')).toBe(true);
    expect(scopeCovers(scope, '10.0.0.0/16')).toBe(false);
    expect(scopeCovers(scope, '10.0.11.1')).toBe(false);
    expect(scopeCovers(scope, 'LocalSubnet')).toBe(true);
    expect(scopeCovers(scope, 'DNS')).toBe(false);
    expect(scopeCovers(scope, 'Any')).toBe(false);
    expect(scopeCovers(scope, '2001:db8:1::/48')).toBe(true);
    expect(scopeCovers(['LocalSubnet'], '10.0.10.0/24')).toBe(false);
  });
});
