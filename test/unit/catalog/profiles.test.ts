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
      'site.yaml: managementScope[0]: "Any" would allow every address; name the management hosts or LocalSubnet',
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
      'site.yaml: managementScope[0]: "10.0.0.0/33" has a prefix length above 32',
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

describe('management scopes', () => {
  it.each([
    ['LocalSubnet'],
    ['10.0.0.1'],
    ['10.0.0.0/8'],
    ['fe80::1'],
    ['2001:db8::/32'],
    ['10.0.0.1-10.0.0.9'],
  ])('accepts %s', (entry) => expect(scopeEntryProblem(entry)).toBeNull());

  it.each([
    ['Any', 'would allow every address'],
    ['*', 'would allow every address'],
    ['0.0.0.0/0', 'would allow every address'],
    ['localsubnet', 'must be spelled LocalSubnet'],
    ['10.0.0.300', 'is not LocalSubnet, an IP address'],
    ['10.0.0.9-10.0.0.1', 'ends before it starts'],
    ['10.0.0.1-fe80::1', 'mixes IPv4 and IPv6'],
    [' 10.0.0.1', 'without surrounding spaces'],
    ['fe80::/129', 'prefix length above 128'],
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
